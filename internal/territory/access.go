package territory

import (
	"context"
	"errors"
	"net/url"
	"slices"

	"concejo/internal/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

// PadronService is the catalogue code of the padrón service, whose roles
// give access to the callejero and the terceros.
const PadronService = "padron"

// Access is what an actor may do with one entity's callejero or terceros.
type Access struct {
	EntityID   string
	EntityName string
	// Write: create and change. Read access is implied.
	Write bool
	// Query is "?entidad=<id>" when the entity came from the URL (not the
	// actor's current entity), to carry in links and forms; "" otherwise.
	Query string
}

// Link appends the access's entity to path.
func (a Access) Link(path string) string {
	if a.Query == "" {
		return path
	}
	return path + a.Query
}

// Amp is "&entidad=<id>" (or "") to append to a path that has a query already.
func (a Access) Amp() string {
	if a.Query == "" {
		return ""
	}
	return "&" + a.Query[1:]
}

// ErrNoAccess is the 403 of an entity the actor sees but whose padrón
// data he may not use.
var ErrNoAccess = errs.New(errs.Forbidden, "No tiene permiso para consultar estos datos: hace falta un permiso del servicio de padrón en la entidad o ser su administrador de usuarios.")

// ErrReadOnly is the 403 of a change by someone who may only read.
var ErrReadOnly = errs.New(errs.Forbidden, "Solo puede consultar estos datos: los cambios los hace el personal de la entidad con permiso de gestión del padrón o su administrador de usuarios.")

// ResolveAccess decides what a may do in the entity named by explicit (the
// ?entidad= of the URL) or, when it is empty, in his current entity:
//   - an entity he may not see, or that does not exist: errs.ErrNotFound;
//   - Diputación staff: read only, any entity;
//   - the entity's user administrator: read and write;
//   - a holder of a padrón role in the entity: read, and write when the
//     role is in writeRoles;
//   - anyone else who sees the entity (a mancomunidad operator, staff
//     without a padrón role): ErrNoAccess.
func ResolveAccess(ctx context.Context, q db.Queryer, a *auth.Actor, explicit string, writeRoles ...string) (Access, error) {
	entityID := explicit
	if entityID == "" {
		entityID = a.Entity.ID
	}
	if entityID == "" || !a.CanSeeEntity(entityID) {
		return Access{}, errs.ErrNotFound
	}
	acc := Access{EntityID: entityID}
	if explicit != "" {
		acc.Query = "?entidad=" + url.QueryEscape(explicit)
	}
	err := q.QueryRowContext(ctx, `SELECT name FROM entities WHERE id = $1`, entityID).Scan(&acc.EntityName)
	if err != nil {
		if errors.Is(db.NotFound(err), db.ErrNotFound) {
			return Access{}, errs.ErrNotFound
		}
		return Access{}, err
	}
	switch {
	case a.IsDipStaff():
		return acc, nil
	case a.RoleIn(entityID) == auth.MemberAdmin:
		acc.Write = true
		return acc, nil
	case a.RoleIn(entityID) == "":
		return Access{}, ErrNoAccess // an operator's member entity
	}
	roles, err := padronRoles(ctx, q, a, entityID)
	if err != nil {
		return Access{}, err
	}
	if len(roles) == 0 {
		return Access{}, ErrNoAccess
	}
	for _, r := range roles {
		if slices.Contains(writeRoles, r) {
			acc.Write = true
		}
	}
	return acc, nil
}

// padronRoles are the actor's padrón roles in entityID (only while the
// entity's padrón adhesion is active, as for the session's grants).
func padronRoles(ctx context.Context, q db.Queryer, a *auth.Actor, entityID string) ([]string, error) {
	if entityID == a.Entity.ID {
		var out []string
		for _, g := range a.Grants {
			if g.Service == PadronService {
				out = append(out, g.Role)
			}
		}
		return out, nil
	}
	return directory.ActiveRoles(ctx, q, entityID, a.UserID, PadronService)
}

// SeesMenu reports whether the actor gets the menu entries of the
// callejero and terceros: Diputación staff, the current entity's user
// administrator, or a holder of a padrón role there.
func SeesMenu(a *auth.Actor) bool {
	return a.IsDipStaff() || a.RoleIn(a.Entity.ID) == auth.MemberAdmin || a.HasGrant(PadronService)
}
