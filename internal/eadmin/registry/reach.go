package registry

import (
	"context"
	"slices"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// The registry's own rules about its units: who belongs to which unit is
// the registry's data, so which asientos a person sees and which pending
// steps he decides are worked out here; what his roles let him do is
// asked of the access layer (perms.go). Every rule is about the book of
// his current entity, whose permission the route's gate has checked.

// memberUnits lists the ids of the units of entityID userID is a member of.
func memberUnits(ctx context.Context, q db.Queryer, entityID, userID string) ([]string, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT unit_id FROM registry_unit_members WHERE entity_id = $1 AND user_id = $2`, entityID, userID)
}

// reach is what a person sees of his current entity's book: all of it
// (PermReadAll), or the asientos ever distributed to his units.
type reach struct {
	entityID string
	whole    bool
	units    []string
}

// reachOf works out a's reach in the book of his current entity.
func (m *Module) reachOf(ctx context.Context, a *auth.Actor) (reach, error) {
	x := reach{entityID: a.Entity.ID}
	var err error
	if x.whole, err = m.kit.Access.CanHere(ctx, a, PermReadAll); err != nil || x.whole {
		return x, err
	}
	x.units, err = memberUnits(ctx, m.kit.DB, x.entityID, a.UserID)
	return x, err
}

// sees reports whether the asiento entryID is within reach: the whole
// book, or distributed to one of his units.
func (x reach) sees(ctx context.Context, q db.Queryer, entryID string) (bool, error) {
	if x.whole {
		return true, nil
	}
	if len(x.units) == 0 {
		return false, nil
	}
	var w db.Where
	w.Add("entity_id = ?", x.entityID)
	w.Add("entry_id = ?", entryID)
	w.In("unit_id", x.units)
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_distributions`+w.SQL(), w.Args...).Scan(&n)
	return n > 0, err
}

// canDecide reports whether a may accept, reject or forward a step
// pending at unitID of his current entity: its members, and who holds
// PermDecideAny. q reads the units (the transaction of the decision).
func (m *Module) canDecide(ctx context.Context, q db.Queryer, a *auth.Actor, unitID string) (bool, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermDecideAny); ok || err != nil {
		return ok, err
	}
	units, err := memberUnits(ctx, q, a.Entity.ID, a.UserID)
	return slices.Contains(units, unitID), err
}
