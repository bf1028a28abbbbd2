// Package access is the one answer to "may this person do this in this
// entity". Every module declares its permissions (module:action) with the
// rule that grants each one; every route declares, where it is registered,
// the permission it needs; the router asks this package before the handler
// runs, and a handler whose entity comes from the request (?entidad=, a
// record of another entity) asks Require for that entity.
//
// What a person holds is worked out from the actor of the request (his
// global role, memberships, the entities he operates as a mancomunidad TIC
// operator, and the roles and active adhesions of his current entity, all
// loaded once with the session); only a question about another entity than
// the current one reads the directory, through Lookup.
package access

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

// Permission names one thing a person may do in a module: "module:action".
type Permission string

// Permissions of the platform itself, about being signed in rather than
// about an entity: they are the only ones that are not a module's.
const (
	// Public routes need nothing: sign-in, health, the public sites.
	Public Permission = "publico"
	// PartialAuth routes need a password-authenticated session that may
	// still lack its second factor (the TOTP step and enrolment).
	PartialAuth Permission = "sesion:segundo-factor"
)

// Module is the module part of p ("census" of "census:read").
func (p Permission) Module() string {
	m, _, _ := strings.Cut(string(p), ":")
	return m
}

// Holder is a kind of person a permission may be granted to.
type Holder uint16

// Holders. A rule grants its permission to every person who is any of its
// holders, or who holds one of its roles.
const (
	// Anyone signed in, in any entity or none (his own account).
	Anyone Holder = 1 << iota
	// Member is any member of the entity, whatever his membership role.
	Member
	// UserAdmin is the entity's user administrator.
	UserAdmin
	// Operator is a mancomunidad TIC operator serving the entity (one of
	// the members of his mancomunidad).
	Operator
	// DipTech is a Diputación technician, in every entity.
	DipTech
	// DipAdmin is a Diputación administrator, in every entity.
	DipAdmin
	// DipStaff is either of the Diputación's global roles.
	DipStaff = DipTech | DipAdmin
)

// Def declares one permission and who holds it.
type Def struct {
	Perm Permission
	// Label says in Spanish what the permission lets do (docs and `concejo routes`).
	Label string
	// Holders are the kinds of person who hold it.
	Holders Holder
	// Service is the catalogue code whose Roles grant it. A role counts
	// only while the entity has an active adhesion to Service (the
	// adhesion rule, as in the session's grants).
	Service string
	Roles   []string
	// Adhered makes the entity-bound holders (Member, UserAdmin, Operator)
	// hold it only while the entity has an active adhesion to Service too.
	Adhered bool
	// Chosen marks a permission used on an entity the request names
	// (?entidad=, a record of another entity) rather than the current one:
	// the router then lets through who holds it in some entity, and the
	// handler calls Require for the entity named.
	Chosen bool
	// Denied is the Spanish message of the 403 for who lacks it.
	Denied string
}

// Lookup reads from the directory what the actor of a request does not
// carry: the roles and adhesions of an entity other than the current one.
type Lookup interface {
	// ActiveRoles are the roles of service userID holds in entityID, none
	// unless the entity's adhesion to service is active.
	ActiveRoles(ctx context.Context, entityID, userID, service string) ([]string, error)
	// HasActiveAdhesion reports whether entityID is adhered to service now.
	HasActiveAdhesion(ctx context.Context, entityID, service string) (bool, error)
	// RoleEntities lists the entities where userID holds any of roles of
	// service, with the adhesion active.
	RoleEntities(ctx context.Context, userID, service string, roles []string) ([]string, error)
}

// Catalogue holds every declared permission.
type Catalogue struct {
	defs   map[Permission]Def
	lookup Lookup
}

// NewCatalogue returns an empty catalogue reading other entities through lookup.
func NewCatalogue(lookup Lookup) *Catalogue {
	return &Catalogue{defs: map[Permission]Def{}, lookup: lookup}
}

// Declare adds defs; a permission declared twice, without its module
// prefix or without holders is a programming error.
func (c *Catalogue) Declare(defs ...Def) error {
	for _, d := range defs {
		switch {
		case d.Perm.Module() == "" || !strings.Contains(string(d.Perm), ":"):
			return fmt.Errorf("access: permission %q is not module:action", d.Perm)
		case d.Perm == PartialAuth:
			return fmt.Errorf("access: %q is the platform's", d.Perm)
		case d.Holders == 0 && len(d.Roles) == 0:
			return fmt.Errorf("access: permission %q is granted to nobody", d.Perm)
		case len(d.Roles) > 0 && d.Service == "", d.Adhered && d.Service == "":
			return fmt.Errorf("access: permission %q names roles or an adhesion but no service", d.Perm)
		}
		if _, dup := c.defs[d.Perm]; dup {
			return fmt.Errorf("access: permission %q declared twice", d.Perm)
		}
		c.defs[d.Perm] = d
	}
	return nil
}

// Def returns the declaration of p.
func (c *Catalogue) Def(p Permission) (Def, bool) {
	d, ok := c.defs[p]
	return d, ok
}

// Known reports whether a route may declare p: Public, PartialAuth or a
// declared permission.
func (c *Catalogue) Known(p Permission) bool {
	_, ok := c.defs[p]
	return ok || p == Public || p == PartialAuth
}

// Defs lists every declaration by permission.
func (c *Catalogue) Defs() []Def {
	out := make([]Def, 0, len(c.defs))
	for _, d := range c.defs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Perm < out[j].Perm })
	return out
}

// Can reports whether a holds p in entityID.
func (c *Catalogue) Can(ctx context.Context, a *auth.Actor, p Permission, entityID string) (bool, error) {
	d, ok := c.defs[p]
	if !ok {
		return false, fmt.Errorf("access: undeclared permission %q", p)
	}
	if a == nil {
		return false, nil
	}
	if global(a, d.Holders) {
		return true, nil
	}
	if entityID == "" {
		return false, nil
	}
	if held, err := c.bound(ctx, a, d, entityID); held || err != nil {
		return held, err
	}
	return c.role(ctx, a, d, entityID)
}

// global: holders that do not depend on the entity.
func global(a *auth.Actor, h Holder) bool {
	return h&Anyone != 0 ||
		h&DipAdmin != 0 && a.GlobalRole == auth.RoleDipAdmin ||
		h&DipTech != 0 && a.GlobalRole == auth.RoleDipTecnico
}

// bound: the entity-bound holders (membership and operator), with the
// adhesion when the rule asks for it.
func (c *Catalogue) bound(ctx context.Context, a *auth.Actor, d Def, entityID string) (bool, error) {
	role := a.RoleIn(entityID)
	is := d.Holders&Member != 0 && role != "" ||
		d.Holders&UserAdmin != 0 && role == auth.MemberAdmin ||
		d.Holders&Operator != 0 && operates(a, entityID)
	if !is || !d.Adhered {
		return is, nil
	}
	return c.adhered(ctx, a, entityID, d.Service)
}

// role: one of the rule's roles of its service, in force.
func (c *Catalogue) role(ctx context.Context, a *auth.Actor, d Def, entityID string) (bool, error) {
	if len(d.Roles) == 0 {
		return false, nil
	}
	if entityID == a.Entity.ID {
		return slices.ContainsFunc(a.Grants, func(g auth.Grant) bool {
			return g.Service == d.Service && slices.Contains(d.Roles, g.Role)
		}), nil
	}
	if a.RoleIn(entityID) == "" {
		return false, nil // roles are held by members only
	}
	roles, err := c.lookup.ActiveRoles(ctx, entityID, a.UserID, d.Service)
	if err != nil {
		return false, fmt.Errorf("access: %s roles in %s: %w", d.Service, entityID, err)
	}
	return slices.ContainsFunc(roles, func(r string) bool { return slices.Contains(d.Roles, r) }), nil
}

func (c *Catalogue) adhered(ctx context.Context, a *auth.Actor, entityID, service string) (bool, error) {
	if entityID == a.Entity.ID {
		return slices.Contains(a.Services, service), nil
	}
	ok, err := c.lookup.HasActiveAdhesion(ctx, entityID, service)
	if err != nil {
		return false, fmt.Errorf("access: adhesion of %s to %s: %w", entityID, service, err)
	}
	return ok, nil
}

func operates(a *auth.Actor, entityID string) bool {
	return slices.ContainsFunc(a.OperatorScope, func(e auth.EntityRef) bool { return e.ID == entityID })
}

// Require is Can as an error: nil when a holds p in entityID, otherwise
// the permission's 403 (errs.Forbidden with its Denied message).
func (c *Catalogue) Require(ctx context.Context, a *auth.Actor, p Permission, entityID string) error {
	ok, err := c.Can(ctx, a, p, entityID)
	if err != nil {
		return err
	}
	if !ok {
		return c.denied(p)
	}
	return nil
}

func (c *Catalogue) denied(p Permission) error {
	if msg := c.defs[p].Denied; msg != "" {
		return errs.New(errs.Forbidden, msg)
	}
	return errs.ErrForbidden
}

// Scope is the set of entities where a holds p, for queries: every entity
// for a Diputación holder, otherwise his memberships, the entities he
// operates and those where he holds one of the roles, as the rule says.
func (c *Catalogue) Scope(ctx context.Context, a *auth.Actor, p Permission) (db.Scope, error) {
	d, ok := c.defs[p]
	if !ok {
		return db.Scope{}, fmt.Errorf("access: undeclared permission %q", p)
	}
	if a == nil {
		return db.Scope{}, nil
	}
	if global(a, d.Holders) {
		return db.Scope{All: true}, nil
	}
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	candidates := make([]string, 0, len(a.Memberships)+len(a.OperatorScope))
	for _, m := range a.Memberships {
		candidates = append(candidates, m.Entity.ID)
	}
	for _, e := range a.OperatorScope {
		candidates = append(candidates, e.ID)
	}
	for _, id := range candidates {
		held, err := c.bound(ctx, a, d, id)
		if err != nil {
			return db.Scope{}, err
		}
		if held {
			add(id)
		}
	}
	if len(d.Roles) > 0 {
		more, err := c.lookup.RoleEntities(ctx, a.UserID, d.Service, d.Roles)
		if err != nil {
			return db.Scope{}, fmt.Errorf("access: entities where %s holds %s: %w", a.UserID, p, err)
		}
		for _, id := range more {
			add(id)
		}
	}
	return db.Scope{IDs: ids}, nil
}

// Anywhere reports whether a holds p in at least one entity (or needs no
// entity for it).
func (c *Catalogue) Anywhere(ctx context.Context, a *auth.Actor, p Permission) (bool, error) {
	if a == nil {
		return false, nil
	}
	if ok, err := c.Can(ctx, a, p, a.Entity.ID); ok || err != nil {
		return ok, err
	}
	s, err := c.Scope(ctx, a, p)
	return s.All || len(s.IDs) > 0, err
}

// Gate is the router's question for a route that declares p, asked after
// the session is checked: Public and PartialAuth pass; a permission
// chosen per entity passes who holds it anywhere; any other, who holds it
// in his current entity. The error is the permission's 403.
func (c *Catalogue) Gate(ctx context.Context, a *auth.Actor, p Permission) error {
	if p == Public || p == PartialAuth {
		return nil
	}
	d, ok := c.defs[p]
	if !ok {
		return fmt.Errorf("access: undeclared permission %q", p)
	}
	var held bool
	var err error
	if d.Chosen {
		held, err = c.Anywhere(ctx, a, p)
	} else {
		held, err = c.Can(ctx, a, p, a.Entity.ID)
	}
	if err != nil {
		return err
	}
	if !held {
		return c.denied(p)
	}
	return nil
}

// Who says in Spanish who holds the permission d declares.
func (d Def) Who() string {
	names := []struct {
		h    Holder
		name string
	}{
		{Anyone, "cualquier persona con sesión"},
		{Member, "miembro de la entidad"},
		{UserAdmin, "administrador de usuarios de la entidad"},
		{Operator, "operador TIC de la mancomunidad"},
		{DipTech, "técnico de la Diputación"},
		{DipAdmin, "administrador de la Diputación"},
	}
	var parts []string
	for _, n := range names {
		if d.Holders&n.h != 0 {
			parts = append(parts, n.name)
		}
	}
	if len(d.Roles) > 0 {
		parts = append(parts, "perfil "+strings.Join(d.Roles, ", ")+" de "+d.Service)
	}
	s := strings.Join(parts, "; ")
	if d.Adhered {
		s += " (con adhesión activa a " + d.Service + ")"
	}
	if d.Chosen {
		s += " [en la entidad que indica la petición]"
	}
	return s
}

// CanHere is Can in a's current entity (false without an actor).
func (c *Catalogue) CanHere(ctx context.Context, a *auth.Actor, p Permission) (bool, error) {
	if a == nil {
		return false, nil
	}
	return c.Can(ctx, a, p, a.Entity.ID)
}

// RequireHere is Require in a's current entity: what a service call
// checks, since other modules and jobs may make it without a route's gate.
func (c *Catalogue) RequireHere(ctx context.Context, a *auth.Actor, p Permission) error {
	if a == nil {
		return c.denied(p)
	}
	return c.Require(ctx, a, p, a.Entity.ID)
}
