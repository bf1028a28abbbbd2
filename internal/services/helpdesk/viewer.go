package helpdesk

import (
	"context"
	"slices"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// viewer is which tickets an actor sees in the support desk — the desk's
// own rule, from his global role, the teams he is in, the entities he
// serves and those whose every ticket he follows — together with where he
// holds the desk's per-entity permissions, worked out once per request.
type viewer struct {
	A *auth.Actor
	// All: the Diputación administrator sees every ticket.
	All bool
	// Tech: a Diputación technician; Services are those of his teams.
	Tech     bool
	Services []string
	// Operated are the entities a mancomunidad TIC operator serves.
	Operated []string
	// Full are the entities whose every ticket he follows (user
	// administrator or gestor de incidencias of the entity).
	Full []string
	// Own are the entities where he sees only the tickets he asked for.
	Own []string
	// support are the entities whose tickets he works (PermSupport).
	support db.Scope
	// open are the entities he may open tickets for (PermOpen).
	open db.Scope
}

func (m *Module) viewer(ctx context.Context, a *auth.Actor) (*viewer, error) {
	v := &viewer{A: a, All: a.IsDipAdmin(), Tech: a.GlobalRole == auth.RoleDipTecnico}
	var err error
	if v.support, err = m.kit.Access.Scope(ctx, a, PermSupport); err != nil {
		return nil, err
	}
	if v.open, err = m.kit.Access.Scope(ctx, a, PermOpen); err != nil {
		return nil, err
	}
	if v.Tech {
		svcs, err := teamServices(ctx, m.kit.DB, a.UserID)
		if err != nil {
			return nil, err
		}
		v.Services = svcs
	}
	for _, e := range a.OperatorScope {
		v.Operated = append(v.Operated, e.ID)
	}
	managed, err := managerEntities(ctx, m.kit.DB, a.UserID)
	if err != nil {
		return nil, err
	}
	for _, mm := range a.Memberships {
		if slices.Contains(v.Operated, mm.Entity.ID) {
			continue
		}
		if mm.Role == auth.MemberAdmin || slices.Contains(managed, mm.Entity.ID) {
			v.Full = append(v.Full, mm.Entity.ID)
		} else {
			v.Own = append(v.Own, mm.Entity.ID)
		}
	}
	return v, nil
}

// inScope reports whether entityID is one of s.
func inScope(s db.Scope, entityID string) bool {
	return entityID != "" && (s.All || slices.Contains(s.IDs, entityID))
}

// Support reports whether the viewer works the tickets of some entity.
func (v *viewer) Support() bool { return v.support.All || len(v.support.IDs) > 0 }

// scope adds to w the condition that the ticket (alias t) is visible.
func (v *viewer) scope(w *db.Where) {
	if v.All {
		return
	}
	var ors []string
	if v.Tech {
		c := "t.service_code = " + w.Arg("") + " OR t.assignee_id = " + w.Arg(v.A.UserID)
		if len(v.Services) > 0 {
			c += " OR t.service_code IN (" + w.List(v.Services...) + ")"
		}
		ors = append(ors, c)
	}
	if ids := append(append([]string{}, v.Operated...), v.Full...); len(ids) > 0 {
		ors = append(ors, "t.entity_id IN ("+w.List(ids...)+")")
	}
	if len(v.Own) > 0 {
		ors = append(ors, "(t.entity_id IN ("+w.List(v.Own...)+") AND t.requester_id = "+w.Arg(v.A.UserID)+")")
	}
	if len(ors) == 0 {
		w.Add("1 = 0")
		return
	}
	c := ""
	for i, o := range ors {
		if i > 0 {
			c += " OR "
		}
		c += "(" + o + ")"
	}
	w.Add("(" + c + ")")
}

// sees reports whether the viewer may read t.
func (v *viewer) sees(t *Ticket) bool {
	switch {
	case v.All:
		return true
	case v.Tech && (t.ServiceCode == "" || t.AssigneeID == v.A.UserID || slices.Contains(v.Services, t.ServiceCode)):
		return true
	case slices.Contains(v.Operated, t.EntityID) || slices.Contains(v.Full, t.EntityID):
		return true
	}
	return slices.Contains(v.Own, t.EntityID) && t.RequesterID == v.A.UserID
}

// works reports whether the viewer may work t as support: assign, write
// internal notes, change its state, escalate, log calls.
func (v *viewer) works(t *Ticket) bool { return v.sees(t) && inScope(v.support, t.EntityID) }

// participates reports whether the viewer takes part as the requester's
// side: the requester or who follows all the entity's tickets.
func (v *viewer) participates(t *Ticket) bool {
	return v.sees(t) && (t.RequesterID == v.A.UserID || slices.Contains(v.Full, t.EntityID))
}

// canOpenFor reports whether the viewer may open a ticket for entityID:
// his own entities, or as support those he serves.
func (v *viewer) canOpenFor(entityID string) bool { return inScope(v.open, entityID) }

// canPickRequester reports whether the viewer may choose another person of
// the entity as requester (support, or who follows the entity's tickets).
func (v *viewer) canPickRequester(entityID string) bool {
	return inScope(v.support, entityID) || slices.Contains(v.Full, entityID)
}

// statsScope restricts w (alias t) to the tickets the statistics count.
func (v *viewer) statsScope(w *db.Where) {
	if v.All || v.Tech {
		return // the whole province: figures, not people
	}
	ids := append(append([]string{}, v.Operated...), v.Full...)
	w.In("t.entity_id", ids)
}
