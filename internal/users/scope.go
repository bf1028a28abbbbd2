package users

import (
	"slices"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// Who reads and who manages the users of an entity:
//   - the Diputación administrator: every entity, read and write;
//   - the entity's user administrator (membership role admin): read and write;
//   - a mancomunidad TIC operator: read only, the member entities he serves.
// Anyone else (staff, Diputación technicians) reaches no user list.

// canRead reports whether a may read the users of entityID.
func canRead(a *auth.Actor, entityID string) bool {
	if entityID == "" {
		return false
	}
	if a.IsDipAdmin() || a.RoleIn(entityID) == auth.MemberAdmin {
		return true
	}
	return slices.ContainsFunc(a.OperatorScope, func(e auth.EntityRef) bool { return e.ID == entityID })
}

// canManage reports whether a may change the users of entityID.
func canManage(a *auth.Actor, entityID string) bool {
	return entityID != "" && a.CanManageUsers(entityID)
}

// isOperator reports whether a is a mancomunidad TIC operator.
func isOperator(a *auth.Actor) bool {
	return slices.ContainsFunc(a.Memberships, func(m auth.Membership) bool { return m.Role == auth.MemberOperator })
}

// seesMenu says whether the "Usuarios" menu entry shows.
func seesMenu(a *auth.Actor) bool { return a.ManagesAnyEntity() || isOperator(a) }

// readable lists the entities (other than "all") whose users a reads, by name.
func readable(a *auth.Actor) []auth.EntityRef {
	var out []auth.EntityRef
	seen := map[string]bool{}
	for _, m := range a.Memberships {
		if m.Role == auth.MemberAdmin && !seen[m.Entity.ID] {
			seen[m.Entity.ID] = true
			out = append(out, m.Entity)
		}
	}
	for _, e := range a.OperatorScope {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y auth.EntityRef) int {
		if x.Name != y.Name {
			if x.Name < y.Name {
				return -1
			}
			return 1
		}
		if x.ID < y.ID {
			return -1
		}
		return 1
	})
	return out
}

// errNoUsers is the 403 for actors who manage no entity's users.
var errNoUsers = errs.New(errs.Forbidden, "La gestión de usuarios es para el administrador de usuarios de cada "+
	"entidad y para la Diputación. Si necesita dar de alta a alguien o cambiar sus permisos, pídaselo al administrador de usuarios de su entidad.")

// errReadOnly is the 403 for a visible user the actor may not change.
func errReadOnly(entityName string) error {
	return errs.New(errs.Forbidden, "Puede consultar los usuarios de "+entityName+", pero solo su administrador "+
		"de usuarios (o la Diputación) puede darlos de alta, cambiarlos o concederles permisos.")
}

// pickEntity chooses the entity in which a reads or changes the user with
// memberships ms: the one named in the URL (explicit), else the actor's
// current entity, else the first of the user's entities the actor reads.
// It returns "" only for the Diputación administrator looking at a user
// with no entity; otherwise an unreachable user is db-style not found.
func pickEntity(a *auth.Actor, explicit string, ms []Membership) (string, error) {
	member := func(id string) bool {
		return slices.ContainsFunc(ms, func(m Membership) bool { return m.EntityID == id })
	}
	if explicit != "" {
		if !canRead(a, explicit) || !member(explicit) {
			return "", errs.ErrNotFound
		}
		return explicit, nil
	}
	if canRead(a, a.Entity.ID) && member(a.Entity.ID) {
		return a.Entity.ID, nil
	}
	for _, m := range ms {
		if canRead(a, m.EntityID) {
			return m.EntityID, nil
		}
	}
	if a.IsDipAdmin() {
		return "", nil
	}
	return "", errs.ErrNotFound
}
