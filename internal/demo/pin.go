package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// pin makes the pinned entities of each plan adhere, after everything else
// was drawn and with a random source of its own, so that the rest of the
// demo (who works where, with which roles) stays as it was: each pinned
// entity takes the place of the least populated entity the draw chose, which
// loses the adhesion and its grants (the plan's count stays the published
// figure), and its user administrator gets the application's leading role.
func (w *world) pin() {
	saved := w.rng
	w.rng = rand.New(rand.NewPCG(seed[0], 7))
	defer func() { w.rng = saved }()
	for _, p := range plans {
		for _, ine := range p.pinned {
			e := w.byINE[ine]
			if e == nil || e.hasActive(p.code) {
				continue
			}
			w.dropSmallest(p.code, p.pinned)
			w.activate(e, p, w.between(p.since, w.end.AddDate(0, 0, -40)), "")
			a := e.active[len(e.active)-1]
			if e.admin != nil {
				w.grant(e, e.admin, a, w.leadRole(p.code), w.dipAdmin)
			}
		}
	}
}

// dropSmallest removes the active adhesion to code of the least populated
// entity that is not pinned, with the grants on it.
func (w *world) dropSmallest(code string, pinned []string) {
	var victim *adhesion
	for _, a := range w.adhesions {
		if a.Service != code || a.State != "activa" || slices.Contains(pinned, a.Entity.INECode) {
			continue
		}
		if victim == nil || cmp.Compare(a.Entity.Population, victim.Entity.Population) < 0 {
			victim = a
		}
	}
	if victim == nil {
		return
	}
	e := victim.Entity
	w.adhesions = slices.DeleteFunc(w.adhesions, func(a *adhesion) bool { return a == victim })
	e.active = slices.DeleteFunc(e.active, func(a *adhesion) bool { return a == victim })
	w.grants = slices.DeleteFunc(w.grants, func(g *grant) bool { return g.Entity == e && g.Service == code })
}
