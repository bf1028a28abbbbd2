package registry

import (
	"context"
	"slices"

	"concejo/internal/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

// Roles of the registro application (service catalogue).
const (
	RoleUser      = "usuario"
	RoleClerk     = "registrador"
	RoleReader    = "consulta"
	RoleAdmin     = "administrador"
	roleEntityMgr = "gestor" // the entity's user administrator (units only)
)

// access is what an actor may do in the book of his current entity.
type bookAccess struct {
	actor    *auth.Actor
	EntityID string
	Roles    []string
	// Units are the ids of the units he is a member of.
	Units []string
}

func (x bookAccess) has(role string) bool { return slices.Contains(x.Roles, role) }

// CanWrite: anotar asientos, annotations, distribute.
func (x bookAccess) CanWrite() bool { return x.has(RoleClerk) || x.has(RoleAdmin) }

// CanReadAll: the whole book.
func (x bookAccess) CanReadAll() bool { return x.CanWrite() || x.has(RoleReader) }

// CanConfigure: create units and choose their members.
func (x bookAccess) CanConfigure() bool { return x.has(RoleAdmin) || x.has(roleEntityMgr) }

// CanRead: anything of the book (a usuario sees what reaches his units).
func (x bookAccess) CanRead() bool { return x.CanReadAll() || x.has(RoleUser) }

// InUnit reports whether he is a member of unit.
func (x bookAccess) InUnit(unitID string) bool { return slices.Contains(x.Units, unitID) }

// CanDecide reports whether he may accept, reject or forward a step
// pending at unitID: its members and the registry's administrator.
func (x bookAccess) CanDecide(unitID string) bool { return x.InUnit(unitID) || x.has(RoleAdmin) }

// accessOf computes the actor's access to the registry of his current
// entity. Diputación staff have none unless they hold a role there.
func (m *Module) accessOf(ctx context.Context, a *auth.Actor) (bookAccess, error) {
	if a == nil || a.Entity.ID == "" {
		return bookAccess{}, errs.ErrForbidden
	}
	x := bookAccess{actor: a, EntityID: a.Entity.ID}
	for _, g := range a.Grants {
		if g.Service == Service {
			x.Roles = append(x.Roles, g.Role)
		}
	}
	if a.RoleIn(a.Entity.ID) == auth.MemberAdmin {
		// The entity's user administrator configures units only while the
		// entity is adhered to the registro service.
		adhered, err := directory.HasActiveAdhesion(ctx, m.kit.DB, x.EntityID, Service)
		if err != nil {
			return x, err
		}
		if adhered {
			x.Roles = append(x.Roles, roleEntityMgr)
		}
	}
	if len(x.Roles) == 0 {
		return x, errs.ErrForbidden
	}
	units, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT unit_id FROM registry_unit_members WHERE entity_id = $1 AND user_id = $2`, x.EntityID, a.UserID)
	x.Units = units
	return x, err
}

// readAccess is accessOf for pages that show asientos.
func (m *Module) readAccess(ctx context.Context, a *auth.Actor) (bookAccess, error) {
	x, err := m.accessOf(ctx, a)
	if err == nil && !x.CanRead() {
		err = errs.ErrForbidden
	}
	return x, err
}

// writeAccess is accessOf for the actions that write in the registry
// (403 otherwise).
func (m *Module) writeAccess(ctx context.Context, a *auth.Actor) (bookAccess, error) {
	x, err := m.accessOf(ctx, a)
	if err == nil && !x.CanWrite() {
		err = errs.ErrForbidden
	}
	return x, err
}

// canSeeEntry: the whole book, or an asiento distributed to one of his units.
func (m *Module) canSeeEntry(ctx context.Context, x bookAccess, entryID string) (bool, error) {
	if x.CanReadAll() {
		return true, nil
	}
	if len(x.Units) == 0 {
		return false, nil
	}
	var w db.Where
	w.Add("entity_id = ?", x.EntityID)
	w.Add("entry_id = ?", entryID)
	w.In("unit_id", x.Units)
	var n int
	err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_distributions`+w.SQL(), w.Args...).Scan(&n)
	return n > 0, err
}
