package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// demoProcedures maps the subjects of the registro's demo entradas to the
// model procedure their expediente follows.
var demoProcedures = map[string]string{
	"Instancia general":                          "SOLICITUD-GENERAL",
	"Licencia de obra menor":                     "OBRA-MENOR",
	"Declaración responsable de obras":           "DECLARACION-RESPONSABLE-OBRA",
	"Reclamación de responsabilidad patrimonial": "RESPONSABILIDAD-PATRIMONIAL",
	"Recurso de reposición":                      "RECURSO-REPOSICION",
	"Ocupación de la vía pública":                "OCUPACION-VIA-PUBLICA",
	"Denuncia":                                   "QUEJA-SUGERENCIA",
}

// Seed is one expediente for the demo generator.
type Seed struct {
	Procedure  Procedure
	Subject    string
	StartedAt  time.Time
	EntryID    string
	EntryNum   string
	Party      registry.Interested
	AssigneeID string
}

// LoadDemo gives every entity adhered to the tramitador the whole catalogue
// of model procedures and opens an expediente for each entrada of its
// registro that asks for one of them (licencias, instancias, reclamaciones,
// recursos…), in states that follow their age: the older ones resolved or
// archived, the recent ones in tramitación, some suspended by a
// requerimiento. The rest of the entradas stay in the inbox of "Nuevo
// expediente". An entity's adoption and each chunk of its expedientes are
// one short transaction each, and what is there (the catalogue, the
// expediente of an entrada) is not written again: a load stopped half-way
// finishes at the next run. opts.Report hears the entities done.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	ents, err := directory.AdheredEntities(ctx, d, Service, directory.ByID)
	if err != nil {
		return err
	}
	now := opts.At()
	for i, e := range ents {
		r := rand.New(rand.NewPCG(20261207, uint64(i)))
		if err := demoEntity(ctx, d, e.ID, now, r); err != nil {
			return fmt.Errorf("expedientes demo %s: %w", e.Name, err)
		}
		opts.Report(int64(i+1), int64(len(ents)))
	}
	return nil
}

// demoEntity adopts the models and opens the expedientes of one entity
// that are not there yet.
func demoEntity(ctx context.Context, d *db.DB, entityID string, now time.Time, r *rand.Rand) error {
	procs, err := procedures(ctx, d, entityID, false)
	if err != nil {
		return err
	}
	if len(procs) == 0 {
		if procs, err = AdoptAll(ctx, d, entityID, now); err != nil {
			return err
		}
	}
	byCode := map[string]Procedure{}
	for _, p := range procs {
		byCode[p.Code] = p
	}
	filed, err := filedEntries(ctx, d, entityID)
	if err != nil {
		return err
	}
	clerks, err := directory.RoleHolders(ctx, d, entityID, Service)
	if err != nil {
		return err
	}
	var people []string
	for id := range clerks {
		people = append(people, id)
	}
	slices.Sort(people)
	entries, err := registry.RecentEntradas(ctx, d, entityID, now.AddDate(-3, 0, 0), 1_000_000)
	if err != nil {
		return err
	}
	var seeds []Seed
	var ids []string
	for _, e := range entries {
		code, ok := demoProcedures[e.Subject]
		if !ok || now.Sub(e.RegisteredAt) < 36*time.Hour || r.IntN(10) == 0 {
			continue // the inbox keeps the last day and a few others
		}
		s := Seed{Procedure: byCode[code], Subject: e.Subject, StartedAt: e.RegisteredAt, EntryID: e.ID, EntryNum: e.Number}
		if len(people) > 0 {
			s.AssigneeID = people[r.IntN(len(people))]
		}
		if !filed[e.ID] {
			seeds, ids = append(seeds, s), append(ids, e.ID)
		}
	}
	parties, err := registry.FirstInterested(ctx, d, entityID, ids)
	if err != nil {
		return err
	}
	for i := range seeds {
		seeds[i].Party = parties[seeds[i].EntryID]
	}
	slices.SortFunc(seeds, func(a, b Seed) int { return a.StartedAt.Compare(b.StartedAt) })
	// In chunks, each its own transaction, numbered on from the last: the
	// memory of a load stays that of a few thousand expedientes whatever
	// the size of the town.
	for lo := 0; lo < len(seeds); lo += demoChunk {
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			return Generate(ctx, tx, d.Engine, entityID, seeds[lo:min(lo+demoChunk, len(seeds))], now, r)
		}); err != nil {
			return err
		}
	}
	return nil
}

// filedEntries are the entradas of entityID that have an expediente.
func filedEntries(ctx context.Context, q db.Queryer, entityID string) (map[string]bool, error) {
	ids, err := db.Collect(ctx, q, func(s db.Scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, `SELECT entry_id FROM casefile_files WHERE entity_id = $1 AND entry_id <> ''`, entityID)
	if err != nil {
		return nil, fmt.Errorf("expedientes demo: entradas con expediente de %s: %w", entityID, err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// demoChunk is how many expedientes the demo generates and writes at once.
const demoChunk = 2000

// demoLeftOut are the models the demo entities have not adopted, so the
// catalogue page shows some to adopt.
var demoLeftOut = []string{"ANIMALES-PELIGROSOS", "CEMENTERIO", "COMUNICACION-AMBIENTAL"}

// AdoptAll adds the model procedures to an entity's catalogue (demo and
// benchmarks), but those of demoLeftOut, and returns them.
func AdoptAll(ctx context.Context, d *db.DB, entityID string, now time.Time) ([]Procedure, error) {
	var out []Procedure
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = adoptAll(ctx, tx, entityID, now)
		return err
	})
	return out, err
}

func adoptAll(ctx context.Context, tx *sql.Tx, entityID string, now time.Time) ([]Procedure, error) {
	models, err := Models()
	if err != nil {
		return nil, err
	}
	var out []Procedure
	for _, m := range models {
		if slices.Contains(demoLeftOut, m.Code) {
			continue
		}
		p := Procedure{EntityID: entityID, ID: id.New(), ModelCode: m.Code, Active: true, UpdatedAt: now,
			UpdatedBy: "sistema", Definition: m}
		if err := saveProcedure(ctx, tx, p, true); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Generate writes the expedientes of seeds (sorted by start) for an entity
// in bulk, numbered per year after those it has: each with its
// interesado, its trámites done as far as its age says, a suspension for
// those waiting for a subsanación, and its history. State by age: more
// than the plazo máximo ago, resuelto or archivado; otherwise in
// tramitación, one in eight suspended, one in six concluso; one in 33 of
// those of the last two years whose plazo passed is still open, its last
// trámites to do, as every town has some.
func Generate(ctx context.Context, tx *sql.Tx, engine db.Engine, entityID string, seeds []Seed, now time.Time, r *rand.Rand) error {
	e, err := directory.EntityByID(ctx, tx, entityID)
	if err != nil {
		return err
	}
	cal := workcal.ForMunicipality(e.INE)
	counters, err := lastNumbers(ctx, tx, entityID)
	if err != nil {
		return err
	}
	var files []File
	var tasks []Task
	var sus []demoSuspension
	for _, s := range seeds {
		f, ft, fs := demoFile(cal, entityID, s, now, r)
		counters[f.Year]++
		f.Seq = counters[f.Year]
		f.Number = number(f.Year, f.Seq)
		files, tasks = append(files, f), append(tasks, ft...)
		if fs != nil {
			sus = append(sus, *fs)
		}
	}
	for y, last := range counters {
		if _, err := tx.ExecContext(ctx, `INSERT INTO casefile_counters (entity_id, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (entity_id, year) DO UPDATE SET last = excluded.last`, entityID, y, last); err != nil {
			return fmt.Errorf("expedientes demo: contador %d: %w", y, err)
		}
	}
	return writeDemo(ctx, tx, engine, files, seeds, tasks, sus)
}

type demoSuspension struct {
	entityID, fileID string
	from             time.Time
}

// demoFile makes one expediente of a seed, its trámites and its open
// suspension (nil when none).
func demoFile(cal *workcal.Calendar, entityID string, s Seed, now time.Time, r *rand.Rand) (File, []Task, *demoSuspension) {
	p := s.Procedure
	started := plazo.Presented(cal, s.StartedAt)
	f := File{EntityID: entityID, ID: id.New(), ProcedureID: p.ID,
		ProcedureName: p.Name, Design: p.Definition, Subject: s.Subject, Initiation: ByRequest, StartedAt: started,
		EntryID: s.EntryID, EntryNumber: s.EntryNum, MaxTerm: p.MaxTerm, Silence: p.Silence, AssigneeID: s.AssigneeID,
		Unit: p.Area, FirstParty: s.Party.Name, CreatedBy: "sistema", CreatedAt: s.StartedAt.Add(time.Duration(1+r.IntN(48)) * time.Hour)}
	if s.EntryID == "" {
		f.Initiation = ByOffice
	}
	f.DueAt, _ = plazo.End(cal, started, p.MaxTerm)
	age := now.Sub(started)
	var done int // trámites done, in order
	var suspended *demoSuspension
	late := now.After(f.DueAt) && age < 730*24*time.Hour && r.IntN(33) == 0
	switch {
	case late:
		f.State, done = Running, max(1, len(p.Steps)-2)
	case now.After(f.DueAt) || age > 120*24*time.Hour:
		f.State, done = Resolved, len(p.Steps)
		if r.IntN(3) > 0 {
			f.State = Archived
		}
		f.ClosedAt = f.DueAt.AddDate(0, 0, -r.IntN(40))
		if f.ClosedAt.Before(f.CreatedAt) {
			f.ClosedAt = f.CreatedAt.Add(72 * time.Hour)
		}
	default:
		f.State, done = Running, 1+r.IntN(max(1, len(p.Steps)-2))
		switch x := r.IntN(24); {
		case x < 3 && hasStep(p, StepRemedy):
			f.State, f.DueAt = Suspended, time.Time{}
			suspended = &demoSuspension{entityID, f.ID, f.CreatedAt.Add(24 * time.Hour)}
		case x < 7:
			f.State, done = Concluded, len(p.Steps)-2
		}
	}
	if f.CreatedAt.After(now) {
		f.CreatedAt = now
	}
	f.UpdatedAt, f.Year = f.CreatedAt, f.CreatedAt.In(web.Madrid).Year()
	var tasks []Task
	for i, st := range p.Steps {
		t := Task{EntityID: entityID, ID: id.New(), FileID: f.ID, StepCode: st.Code, Name: st.Name, Phase: st.Phase,
			Kind: st.Kind, Who: st.Who, Required: st.Required, State: "pendiente", Pos: i + 1}
		if st.Term != nil {
			t.Term = *st.Term
		}
		switch {
		case i < done && st.Kind == StepRemedy && r.IntN(3) > 0:
			t.State, t.Note = "descartado", "La solicitud está completa."
		case i < done:
			t.State, t.StartedAt, t.DoneAt, t.DoneBy = "hecho", f.CreatedAt, f.CreatedAt, "Tramitación"
		case suspended != nil && st.Kind == StepRemedy:
			t.State, t.StartedAt, t.AssigneeID = "en_curso", suspended.from, f.AssigneeID
			t.DueAt, _ = plazo.End(cal, suspended.from, t.Term)
		case f.State.Open() && i == done:
			t.AssigneeID = f.AssigneeID
		}
		tasks = append(tasks, t)
	}
	return f, tasks, suspended
}

func hasStep(p Procedure, k StepKind) bool {
	return slices.ContainsFunc(p.Steps, func(s Step) bool { return s.Kind == k })
}

// writeDemo inserts the generated rows in bulk.
func writeDemo(ctx context.Context, tx *sql.Tx, engine db.Engine, files []File, seeds []Seed, tasks []Task, sus []demoSuspension) error {
	designs := map[string]string{}
	for _, f := range files {
		if _, ok := designs[f.ProcedureID]; !ok {
			id, err := keepDesign(ctx, tx, f.EntityID, f.Design)
			if err != nil {
				return err
			}
			designs[f.ProcedureID] = id
		}
	}
	cols := []string{"entity_id", "id", "year", "seq", "number", "procedure_id", "procedure_name", "design_id", "subject",
		"initiation", "state", "started_at", "entry_id", "entry_number", "max_n", "max_unit", "silence", "urgent", "due_at",
		"assignee_id", "unit", "first_party", "search_text", "created_by", "created_at", "updated_at", "closed_at"}
	err := db.InsertRows(ctx, tx, engine, "casefile_files", cols, len(files), func(i int) []any {
		f := files[i]
		return []any{f.EntityID, f.ID, f.Year, f.Seq, f.Number, f.ProcedureID, f.ProcedureName, designs[f.ProcedureID],
			f.Subject, string(f.Initiation), string(f.State), f.StartedAt, f.EntryID, f.EntryNumber, f.MaxTerm.N,
			string(f.MaxTerm.Unit), string(f.Silence), false, db.NullTime(f.DueAt), f.AssigneeID, f.Unit, f.FirstParty,
			searchText(f), f.CreatedBy, f.CreatedAt, f.UpdatedAt, db.NullTime(f.ClosedAt)}
	})
	if err != nil {
		return err
	}
	var withParty []int
	for i, s := range seeds {
		if s.Party.Name != "" {
			withParty = append(withParty, i)
		}
	}
	err = db.InsertRows(ctx, tx, engine, "casefile_parties", []string{"entity_id", "file_id", "pos", "doc_number", "name",
		"role", "channel", "obliged", "email", "address", "added_at"}, len(withParty), func(i int) []any {
		f, p := files[withParty[i]], seeds[withParty[i]].Party
		channel := "papel"
		if p.DocType == "CIF" || p.Email != "" {
			channel = "electronica"
		}
		return []any{f.EntityID, f.ID, 1, p.DocNumber, p.Name, "interesado", channel, p.DocType == "CIF", p.Email,
			p.Address, f.CreatedAt}
	})
	if err != nil {
		return err
	}
	err = db.InsertRows(ctx, tx, engine, "casefile_tasks", []string{"entity_id", "id", "file_id", "step_code", "name",
		"phase", "kind", "who", "required", "state", "assignee_id", "term_n", "term_unit", "started_at", "due_at",
		"done_at", "done_by", "note", "pos"}, len(tasks), func(i int) []any {
		t := tasks[i]
		return []any{t.EntityID, t.ID, t.FileID, t.StepCode, t.Name, string(t.Phase), string(t.Kind), string(t.Who),
			t.Required, t.State, t.AssigneeID, t.Term.N, string(t.Term.Unit), db.NullTime(t.StartedAt), db.NullTime(t.DueAt),
			db.NullTime(t.DoneAt), t.DoneBy, t.Note, t.Pos}
	})
	if err != nil {
		return err
	}
	err = db.InsertRows(ctx, tx, engine, "casefile_suspensions", []string{"entity_id", "file_id", "pos", "cause", "basis",
		"from_at", "by_id"}, len(sus), func(i int) []any {
		s := sus[i]
		return []any{s.entityID, s.fileID, 1, remedyCause, "art. 22.1.a Ley 39/2015", s.from, "sistema"}
	})
	if err != nil {
		return err
	}
	return db.InsertRows(ctx, tx, engine, "casefile_events", []string{"entity_id", "file_id", "pos", "at", "actor_id",
		"actor_name", "kind", "text"}, len(files), func(i int) []any {
		f := files[i]
		text := "Iniciado de oficio (" + f.ProcedureName + ")."
		if f.EntryID != "" {
			text = "Iniciado a solicitud del interesado con la entrada " + f.EntryNumber + " (" + f.ProcedureName + ")."
		}
		return []any{f.EntityID, f.ID, 1, f.CreatedAt, "sistema", "Sistema", "abrir", text}
	})
}

// lastNumbers are the last numbers of an entity's expedientes per year.
func lastNumbers(ctx context.Context, q db.Queryer, entityID string) (map[int]int64, error) {
	out := map[int]int64{}
	_, err := db.Collect(ctx, q, func(sc db.Scanner) (struct{}, error) {
		var y int
		var last int64
		err := sc.Scan(&y, &last)
		out[y] = last
		return struct{}{}, err
	}, `SELECT year, last FROM casefile_counters WHERE entity_id = $1`, entityID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los contadores: %w", err)
	}
	return out, nil
}
