package demo

import (
	"fmt"
	"slices"

	"concejo/internal/refdata"
)

// extra is a demo adhesion in a state other than activa.
type extra struct {
	state, reason string
}

// extras are the adhesions in progress or closed that the demo shows, each
// on a service where its entity has no active adhesion.
var extras = []extra{
	{state: "solicitada"},
	{state: "solicitada"},
	{state: "solicitada"},
	{state: "firmada"},
	{state: "firmada"},
	{state: "finalizada", reason: "La entidad deja el servicio: lo presta ahora con medios propios."},
	{state: "rechazada", reason: "El documento firmado no corresponde a la solicitud generada por la plataforma. " +
		"Solicite de nuevo la adhesión y firme el documento que se genere."},
}

// keepClear are the entities of the well-known demo logins: the tests and
// the walkthroughs expect their adhesions to be only active ones.
var keepClear = []string{"10037", "10148", "10001", aldeanuevaINE}

// addExtras creates the extras on distinct entities chosen at random.
func (w *world) addExtras() error {
	var pool []*entity
	for _, e := range w.entities {
		if e.Kind != refdata.KindDiputacion && !slices.Contains(keepClear, e.INECode) {
			pool = append(pool, e)
		}
	}
	w.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	for _, x := range extras {
		var e *entity
		var free []string
		for len(pool) > 0 && len(free) == 0 {
			e, pool = pool[0], pool[1:]
			free = w.freeServices(e)
		}
		if len(free) == 0 {
			return fmt.Errorf("demo: no entity left for an adhesion %s", x.state)
		}
		w.addExtra(e, free[w.rng.IntN(len(free))], x)
	}
	return nil
}

// freeServices lists the services e may adhere to under the plans (the
// catalogue's rules and the demo's preferences) and has no adhesion to.
func (w *world) freeServices(e *entity) []string {
	var out []string
	for _, p := range plans {
		if w.candidate(e, w.service[p.code], p) && !e.hasActive(p.code) {
			out = append(out, p.code)
		}
	}
	return out
}

func (w *world) addExtra(e *entity, code string, x extra) {
	a := &adhesion{Entity: e, Service: code, State: x.state}
	if w.service[code].UnitLabel != "" {
		a.Quantity = 1 + w.rng.IntN(5)
	}
	switch x.state {
	case "solicitada":
		a.Requested = w.between(w.now.AddDate(0, 0, -40), w.now.AddDate(0, 0, -3))
	case "firmada":
		w.sign(a, w.between(w.now.AddDate(0, 0, -60), w.now.AddDate(0, 0, -20)))
	case "finalizada":
		w.sign(a, w.between(day(2016, 1, 1), day(2019, 12, 31)))
		a.Decided = w.after(a.Signed, 1, 15)
		a.Ended, a.EndReason = w.between(day(2023, 1, 1), w.end), x.reason
	case "rechazada":
		w.sign(a, w.between(w.end.AddDate(0, 0, -300), w.end.AddDate(0, 0, -60)))
		a.Decided, a.DecisionReason = w.after(a.Signed, 3, 15), x.reason
	}
	w.adhesions = append(w.adhesions, a)
}
