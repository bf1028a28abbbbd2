package auth

import (
	"context"
	"slices"
)

// Global roles of Diputación staff.
const (
	RoleDipAdmin   = "dip_admin"
	RoleDipTecnico = "dip_tecnico"
)

// Membership roles inside an entity.
const (
	MemberStaff    = "personal"
	MemberAdmin    = "admin"
	MemberOperator = "operador"
)

// EntityRef names an entity in the actor's context.
type EntityRef struct {
	ID   string
	Name string
	Kind string
}

// Membership is the actor's relation with one entity.
type Membership struct {
	Entity EntityRef
	Role   string
}

// Grant is an application role held in the current entity.
type Grant struct {
	Service string
	Role    string
}

// Actor is who makes a request: the user, the session, the entity he is
// working for now, and what he may reach. Every service call takes one.
type Actor struct {
	UserID      string
	Name        string
	Email       string
	NIF         string
	GlobalRole  string
	TOTPEnabled bool
	MFADone     bool
	SessionHash string
	IP          string
	// Entity is the entity he is working for now (always one of Switchable).
	Entity      EntityRef
	Memberships []Membership
	// OperatorScope lists the ids of the entities a mancomunidad TIC operator
	// serves (the members of his mancomunidades).
	OperatorScope []EntityRef
	// Grants are his application roles in the current entity.
	Grants []Grant
	// Services are the codes of the services the current entity has an
	// active adhesion to.
	Services []string
}

// IsDipAdmin reports whether the actor is a Diputación administrator.
func (a *Actor) IsDipAdmin() bool { return a != nil && a.GlobalRole == RoleDipAdmin }

// NeedsMFASetup reports whether the actor must enrol a TOTP second factor
// before doing anything else (mandatory for Diputación administrators).
func (a *Actor) NeedsMFASetup() bool { return a.GlobalRole == RoleDipAdmin && !a.TOTPEnabled }

// RoleIn returns the actor's membership role in entityID, or "".
func (a *Actor) RoleIn(entityID string) string {
	for _, m := range a.Memberships {
		if m.Entity.ID == entityID {
			return m.Role
		}
	}
	return ""
}

func (a *Actor) operates(entityID string) bool {
	return slices.ContainsFunc(a.OperatorScope, func(e EntityRef) bool { return e.ID == entityID })
}

// Switchable lists the entities the actor can work for: his memberships and,
// for a mancomunidad TIC operator, the member entities he serves.
func (a *Actor) Switchable() []EntityRef {
	out := make([]EntityRef, 0, len(a.Memberships)+len(a.OperatorScope))
	for _, m := range a.Memberships {
		out = append(out, m.Entity)
	}
	for _, e := range a.OperatorScope {
		if a.RoleIn(e.ID) == "" {
			out = append(out, e)
		}
	}
	return out
}

// CanSwitchTo reports whether entityID is one of Switchable.
func (a *Actor) CanSwitchTo(entityID string) bool {
	return a.RoleIn(entityID) != "" || a.operates(entityID)
}

type ctxKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// FromContext returns the actor of the request, or nil when anonymous.
func FromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(ctxKey{}).(*Actor)
	return a
}
