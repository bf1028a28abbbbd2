package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// Options tune Load.
type Options struct {
	// PasswordParams is the argon2id cost of the demo passwords' hashes;
	// zero means auth.DefaultArgon2. Tests pass a cheap setting.
	PasswordParams auth.Argon2Params
	// Now is the moment of the load (UTC); zero means time.Now. Pending
	// adhesions are dated in the weeks before it.
	Now time.Time
	// Full asks the modules' demo loaders for the real province scale (the
	// whole padrón, years of tickets...). Tests leave it false and get a
	// small, fast sample of the same shape.
	Full bool
}

// Modules returns the options the modules' demo loaders take: the same
// moment and scale.
func (o Options) Modules() kit.DemoOptions { return kit.DemoOptions{Now: o.Now, Full: o.Full} }

// seed fixes the demo's random choices, so every load builds the same province.
var seed = [2]uint64{20260101, 10}

// Load fills an empty database with the demo province and returns what it
// holds. When the Diputación (DIR3 L02000010) is already there it writes
// nothing and returns the summary of the existing data, so it can run at
// every start. The service catalogue is loaded first (refdata.LoadCatalogue);
// everything else is written in one transaction with one audit row.
func Load(ctx context.Context, d *db.DB, opts Options) (*Summary, error) {
	loaded, err := isLoaded(ctx, d)
	if err != nil {
		return nil, err
	}
	if loaded {
		return summarize(ctx, d, false)
	}
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		return nil, err
	}
	w, err := build(opts)
	if err != nil {
		return nil, err
	}
	w.engine = d.Engine
	created := false
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if loaded, err := isLoaded(ctx, tx); err != nil || loaded {
			return err // another process loaded it meanwhile
		}
		if err := w.write(ctx, tx); err != nil {
			return fmt.Errorf("cargar los datos de demostración: %w", err)
		}
		created = true
		return audit.Append(ctx, d.Engine, tx, audit.Event{ActorID: "sistema", ActorName: "Carga de datos de demostración",
			Action: "demo.cargar", ObjectType: "demo", ObjectID: "provincia-caceres", After: w.counts()})
	})
	if err != nil {
		return nil, err
	}
	return summarize(ctx, d, created)
}

func isLoaded(ctx context.Context, q db.Queryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM entities WHERE dir3 = $1`, DiputacionDIR3).Scan(&n)
	return n > 0, err
}

// build makes the whole province in memory.
func build(opts Options) (*world, error) {
	now := opts.Now.UTC().Truncate(time.Second)
	if opts.Now.IsZero() {
		now = time.Now().UTC().Truncate(time.Second)
	}
	params := opts.PasswordParams
	if params == (auth.Argon2Params{}) {
		params = auth.DefaultArgon2
	}
	svcs, err := refdata.Catalogue()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed[0], seed[1]))
	w := &world{now: now, end: day(2025, 12, 31), rng: rng, people: newPeople(rng), services: svcs,
		service: map[string]refdata.Service{}}
	if w.end.After(now.AddDate(0, 0, -60)) {
		w.end = now.AddDate(0, 0, -60)
	}
	for _, s := range svcs {
		w.service[s.Code] = s
	}
	pw := passwords{}
	for _, p := range []string{AdminPassword, TecnicoPassword, StaffPassword} {
		if pw[p], err = auth.HashPassword(p, params); err != nil {
			return nil, err
		}
	}
	if err := w.buildEntities(); err != nil {
		return nil, err
	}
	if err := w.allocate(); err != nil {
		return nil, err
	}
	if err := w.addExtras(); err != nil {
		return nil, err
	}
	w.buildDiputacion(pw)
	w.buildStaff(pw)
	w.pin()
	w.addSigners(pw)
	w.number()
	return w, nil
}

// counts summarises the world for the audit row.
func (w *world) counts() map[string]any {
	kinds, states := map[string]int{}, map[string]int{}
	for _, e := range w.entities {
		kinds[e.Kind]++
	}
	for _, a := range w.adhesions {
		states[a.State]++
	}
	return map[string]any{"entidades": kinds, "usuarios": len(w.users), "adhesiones": states,
		"miembros_mancomunidades": len(w.members), "permisos": len(w.grants)}
}
