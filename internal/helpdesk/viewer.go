package helpdesk

import (
	"context"
	"slices"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// viewer is what an actor may reach in the support desk, worked out once
// per request from the actor and the desk's own assignments.
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
}

func (m *Module) viewer(ctx context.Context, a *auth.Actor) (*viewer, error) {
	v := &viewer{A: a, All: a.IsDipAdmin(), Tech: a.GlobalRole == auth.RoleDipTecnico}
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

// Support reports whether the viewer works tickets (Diputación staff or a
// mancomunidad TIC operator).
func (v *viewer) Support() bool { return v.All || v.Tech || len(v.Operated) > 0 }

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
func (v *viewer) works(t *Ticket) bool {
	return v.sees(t) && (v.All || v.Tech || slices.Contains(v.Operated, t.EntityID))
}

// participates reports whether the viewer takes part as the requester's
// side: the requester or who follows all the entity's tickets.
func (v *viewer) participates(t *Ticket) bool {
	return v.sees(t) && (t.RequesterID == v.A.UserID || slices.Contains(v.Full, t.EntityID))
}

// canOpenFor reports whether the viewer may open a ticket for entityID:
// his own entities, or as support those he serves.
func (v *viewer) canOpenFor(entityID string) bool {
	if entityID == "" {
		return false
	}
	if v.All || v.Tech || slices.Contains(v.Operated, entityID) {
		return v.A.CanSeeEntity(entityID)
	}
	return v.A.RoleIn(entityID) != ""
}

// canPickRequester reports whether the viewer may choose another person of
// the entity as requester (support, or who follows the entity's tickets).
func (v *viewer) canPickRequester(entityID string) bool {
	return v.All || v.Tech || slices.Contains(v.Operated, entityID) || slices.Contains(v.Full, entityID)
}

// seesStats reports whether the viewer reaches the statistics: support,
// and who follows all of an entity's tickets (for that entity).
func (v *viewer) seesStats() bool { return v.Support() || len(v.Full) > 0 }

// statsScope restricts w (alias t) to the tickets the statistics count.
func (v *viewer) statsScope(w *db.Where) {
	if v.All || v.Tech {
		return // the whole province: figures, not people
	}
	ids := append(append([]string{}, v.Operated...), v.Full...)
	w.In("t.entity_id", ids)
}
