package demo

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"concejo/internal/platform/id"
	"concejo/internal/refdata"
)

// allocate creates the active adhesions of every plan.
func (w *world) allocate() error {
	for _, p := range plans {
		svc, ok := w.service[p.code]
		if !ok {
			return fmt.Errorf("demo: service %s is not in the catalogue", p.code)
		}
		var pool []*entity
		for _, e := range w.entities {
			if w.candidate(e, svc, p) {
				pool = append(pool, e)
			}
		}
		var historic []*entity
		if p.historic && len(pool) < p.count {
			historic = w.largestIneligible(svc, p.count-len(pool))
		}
		need := p.count - len(historic)
		if len(pool) < need {
			return fmt.Errorf("demo: %s needs %d entities and only %d may adhere", p.code, need, len(pool))
		}
		for _, e := range w.sample(pool, need, p.weight) {
			w.activate(e, p, w.between(p.since, w.end.AddDate(0, 0, -40)), "")
		}
		for _, e := range historic {
			w.activate(e, p, w.between(p.since, p.since.AddDate(0, 5, 0)), HistoricReason)
		}
	}
	return w.spreadMailboxes()
}

// candidate reports whether e may adhere to svc under plan p.
func (w *world) candidate(e *entity, svc refdata.Service, p plan) bool {
	switch {
	case !svc.Allows(e.Kind, e.Population):
		return false
	case p.kinds != nil && !slices.Contains(p.kinds, e.Kind):
		return false
	case p.within != "" && !e.hasActive(p.within):
		return false
	case p.without != "" && e.hasActive(p.without):
		return false
	}
	return !slices.Contains(ownSystems[e.INECode], p.code)
}

// largestIneligible returns the n most populated ayuntamientos that svc
// does not admit.
func (w *world) largestIneligible(svc refdata.Service, n int) []*entity {
	var out []*entity
	for _, e := range w.entities {
		if e.Kind == refdata.KindAyuntamiento && !svc.Allows(e.Kind, e.Population) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *entity) int { return cmp.Compare(b.Population, a.Population) })
	return out[:min(n, len(out))]
}

// sample draws k entities of pool without replacement, each with chance
// proportional to its weight (Efraimidis–Spirakis: the k largest u^(1/w)).
func (w *world) sample(pool []*entity, k int, weight func(*entity) float64) []*entity {
	type keyed struct {
		e   *entity
		key float64
	}
	ks := make([]keyed, len(pool))
	for i, e := range pool {
		ks[i] = keyed{e, math.Log(1-w.rng.Float64()) / weight(e)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return cmp.Compare(b.key, a.key) })
	out := make([]*entity, k)
	for i := range out {
		out[i] = ks[i].e
	}
	return out
}

// activate records an active adhesion of e to the plan's service, requested
// on requested, signed by the mayor and approved some days later.
func (w *world) activate(e *entity, p plan, requested time.Time, reason string) {
	a := &adhesion{Entity: e, Service: p.code, State: "activa", DecisionReason: reason}
	w.sign(a, requested)
	a.Decided = w.after(a.Signed, 1, 15)
	e.active = append(e.active, a)
	w.adhesions = append(w.adhesions, a)
}

// sign fills the request and signature of a by the entity's mayor. The
// demo takes these signatures as validated (signature_valid), so that its
// signed adhesions can be approved.
func (w *world) sign(a *adhesion, requested time.Time) {
	a.Requested = requested
	a.Signed = w.after(requested, 1, 20)
	a.SignerName, a.SignerNIF = a.Entity.mayor.FullName(), a.Entity.mayor.NIF
	a.Detail = fmt.Sprintf("Datos de demostración: consta la firma electrónica de %s (NIF %s) el %s; "+
		"no se conserva el documento firmado.", a.SignerName, a.SignerNIF, a.Signed.Format("02/01/2006"))
}

// spreadMailboxes shares the Mailboxes among the active correo adhesions:
// at least one each, the rest in proportion to the square root of the
// entity's staff size (largest remainders), so that they add up exactly.
func (w *world) spreadMailboxes() error {
	var ads []*adhesion
	for _, a := range w.adhesions {
		if a.Service == "correo" {
			ads = append(ads, a)
		}
	}
	left := Mailboxes - len(ads)
	if left < 0 {
		return fmt.Errorf("demo: fewer mailboxes than correo adhesions")
	}
	total := 0.0
	for _, a := range ads {
		total += math.Sqrt(staffSize(a.Entity))
	}
	rest := make([]float64, len(ads))
	given := 0
	for i, a := range ads {
		share := float64(left) * math.Sqrt(staffSize(a.Entity)) / total
		a.Quantity = 1 + int(share)
		rest[i] = share - math.Floor(share)
		given += int(share)
	}
	order := make([]int, len(ads))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(rest[j], rest[i]) })
	for _, i := range order[:left-given] {
		ads[i].Quantity++
	}
	return nil
}

// number gives every adhesion its gapless number of the year it was
// requested (ADH-2019-000042), in order of request, and its CSV code.
func (w *world) number() {
	slices.SortStableFunc(w.adhesions, func(a, b *adhesion) int {
		return cmp.Or(a.Requested.Compare(b.Requested), cmp.Compare(a.Entity.Name, b.Entity.Name), cmp.Compare(a.Service, b.Service))
	})
	seq := map[int]int{}
	csvs := map[string]bool{}
	for _, a := range w.adhesions {
		y := a.Requested.Year()
		seq[y]++
		a.ID = id.New()
		a.Number = fmt.Sprintf("ADH-%d-%06d", y, seq[y])
		for a.CSV == "" || csvs[a.CSV] {
			a.CSV = id.Token(15)
		}
		csvs[a.CSV] = true
	}
}

// staffSize stands for how many people work for e: its population, but a
// mancomunidad has a small staff whatever its members' population.
func staffSize(e *entity) float64 {
	if e.Kind == refdata.KindMancomunidad {
		return 1000
	}
	return size(e)
}
