package auth

import "concejo/internal/platform/db"

// ReadScope is the set of entities whose data the actor may read, as
// CanSeeEntity decides it, for queries: every one for Diputación staff,
// otherwise his own entities and those he operates.
func (a *Actor) ReadScope() db.Scope {
	if a.IsDipStaff() {
		return db.Scope{All: true}
	}
	var s db.Scope
	for _, m := range a.Memberships {
		s.IDs = append(s.IDs, m.Entity.ID)
	}
	for _, e := range a.OperatorScope {
		s.IDs = append(s.IDs, e.ID)
	}
	return s
}
