package territory

// This file is the surface the callejero shares with the modules whose pages
// work on one entity's data kept under the padrón service (the terceros):
// the entity a page works on (Target) and the permissions that decide it
// (Perms).

import (
	"context"
	"errors"
	"net/url"

	"concejo/internal/core/directory"
	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/phrase"
)

// Target is the entity a page of the callejero or of the terceros works on:
// the one the request names with ?entidad=, or the actor's current entity.
type Target struct {
	EntityID   string
	EntityName string
	// Write is whether the actor may change the entity's data, as the
	// access layer answered for the module's change permission.
	Write bool
	// Query is "?entidad=<id>" when the entity came from the URL (not the
	// actor's current entity), to carry in links and forms; "" otherwise.
	Query string
}

// Link appends the target's entity to path.
func (t Target) Link(path string) string {
	if t.Query == "" {
		return path
	}
	return path + t.Query
}

// Amp is "&entidad=<id>" (or "") to append to a path that has a query already.
func (t Target) Amp() string {
	if t.Query == "" {
		return ""
	}
	return "&" + t.Query[1:]
}

// Resolve returns the target of a request of a: the entity named by
// explicit (the ?entidad= of the URL) or, when it is empty, his current
// entity. An entity where he does not hold p.Open (one he does not see) or
// that does not exist is errs.ErrNotFound; one where he does not hold
// p.Read is p.Read's 403.
func (p Perms) Resolve(ctx context.Context, c *access.Catalogue, q db.Queryer, a *auth.Actor, explicit string) (Target, error) {
	entityID := explicit
	if entityID == "" {
		entityID = a.Entity.ID
	}
	if entityID == "" {
		return Target{}, errs.ErrNotFound
	}
	seen, err := c.Can(ctx, a, p.Open, entityID)
	if err != nil {
		return Target{}, err
	}
	if !seen {
		return Target{}, errs.ErrNotFound
	}
	t := Target{EntityID: entityID}
	if explicit != "" {
		t.Query = "?entidad=" + url.QueryEscape(explicit)
	}
	e, err := directory.EntityByID(ctx, q, entityID)
	if errors.Is(err, db.ErrNotFound) {
		return Target{}, errs.ErrNotFound
	}
	if err != nil {
		return Target{}, err
	}
	t.EntityName = e.Name
	if err := c.Require(ctx, a, p.Read, entityID); err != nil {
		return Target{}, err
	}
	t.Write, err = c.Can(ctx, a, p.Change, entityID)
	return t, err
}

// Writable is Resolve for a change: a target he may only read is p.Change's 403.
func (p Perms) Writable(ctx context.Context, c *access.Catalogue, q db.Queryer, a *auth.Actor, explicit string) (Target, error) {
	t, err := p.Resolve(ctx, c, q, a, explicit)
	if err == nil && !t.Write {
		err = c.Require(ctx, a, p.Change, t.EntityID)
	}
	return t, err
}

// Chooses reports whether a request that names the entity explicit (or
// none, "") gets the list of entities to choose from instead: it names
// none and a reads every entity's data (Diputación staff).
func (p Perms) Chooses(ctx context.Context, c *access.Catalogue, a *auth.Actor, explicit string) (bool, error) {
	if explicit != "" {
		return false, nil
	}
	s, err := c.Scope(ctx, a, p.Read)
	return s.All, err
}

// Perms are the permissions of a module whose pages work on one entity's
// data kept under the padrón service (the callejero, the terceros); the
// entity is the request's ?entidad= or the actor's current one, so all are
// chosen per entity.
type Perms struct {
	// Open lets the module's pages through for who sees some entity (his
	// own, those he operates, every one for Diputación staff): the routes
	// declare it, and an entity he does not see is a 404, not a 403.
	Open access.Permission
	// Read and Change are asked in the entity the request works on.
	Read, Change access.Permission
}

// Defs declares p for what (Spanish, "el callejero"): Open for who sees
// the entity; Read for Diputación staff, the entity's user administrator
// and every padrón role; Change for the user administrator and
// changeRoles of the padrón. Roles count only with the padrón adhesion
// active.
func (p Perms) Defs(what string, changeRoles ...string) []access.Def {
	return []access.Def{
		{Perm: p.Open, Label: "Abrir " + what + " de las entidades que ve (la suya, las que atiende como operador; la Diputación, todas)",
			Holders: access.Member | access.Operator | access.DipStaff, Chosen: true, Denied: DeniedRead},
		{Perm: p.Read, Label: "Consultar " + what + " de una entidad", Holders: access.DipStaff | access.UserAdmin,
			Service: PadronService, Roles: padronRoles, Chosen: true, Denied: DeniedRead},
		{Perm: p.Change, Label: "Cambiar " + what + " de una entidad", Holders: access.UserAdmin,
			Service: PadronService, Roles: changeRoles, Chosen: true, Denied: DeniedChange},
	}
}

// Of is "de" with the target entity's name and its article: "del
// Ayuntamiento de Cáceres", for titles such as "Callejero del Ayuntamiento
// de Cáceres".
func (t Target) Of() string { return phrase.Of(t.EntityName) }
