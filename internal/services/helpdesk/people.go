package helpdesk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// entityPeople lists the active people of one entity (the requester picker),
// by surnames.
func entityPeople(ctx context.Context, q db.Queryer, entityID string) ([]directory.Member, error) {
	members, err := directory.Members(ctx, q, directory.MemberFilter{Entities: []string{entityID}, Active: true}, directory.BySurnames)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer el personal de la entidad %s: %w", entityID, err)
	}
	return members, nil
}

// personOf returns one active member of entityID.
func personOf(ctx context.Context, q db.Queryer, entityID, userID string) (directory.Member, error) {
	mb, err := directory.MemberOf(ctx, q, entityID, userID)
	if err == nil && !mb.Active() {
		err = db.ErrNotFound
	}
	if err != nil {
		return directory.Member{}, fmt.Errorf("soporte: leer la persona %s: %w", userID, err)
	}
	return mb, nil
}

// technicians lists the Diputación's active staff (technicians and
// administrators), by first surname and name.
func technicians(ctx context.Context, q db.Queryer) ([]directory.Person, error) {
	staff, err := directory.DiputacionStaff(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los técnicos de la Diputación: %w", err)
	}
	return staff, nil
}

// Assignee is someone the assignee picker offers, and why: Role is
// pickOperator, pickTeam or pickStaff.
type Assignee struct {
	directory.Person
	Role string
}

// Roles of the assignee picker, in its order (descending).
const (
	pickOperator = "operador"
	pickTeam     = "equipo"
	pickStaff    = "diputacion"
)

// assignees lists who may be assigned a ticket of entityID about service:
// the active TIC operators of the mancomunidades the entity belongs to, then
// the Diputación's technicians and administrators (those of the service's
// team first), each group by full name.
func assignees(ctx context.Context, q db.Queryer, entityID, service string) ([]Assignee, error) {
	ops, err := directory.Operators(ctx, q, []string{entityID})
	if err != nil {
		return nil, fmt.Errorf("soporte: leer los operadores de la entidad %s: %w", entityID, err)
	}
	staff, err := technicians(ctx, q)
	if err != nil {
		return nil, err
	}
	team, err := teamMembers(ctx, q, service)
	if err != nil {
		return nil, err
	}
	var out []Assignee
	for _, o := range ops {
		if o.Active() {
			out = append(out, Assignee{o.Person, pickOperator})
		}
	}
	for _, p := range staff {
		role := pickStaff
		if slices.Contains(team, p.ID) {
			role = pickTeam
		}
		out = append(out, Assignee{p, role})
	}
	slices.SortStableFunc(out, func(a, b Assignee) int {
		return cmp.Or(cmp.Compare(b.Role, a.Role), cmp.Compare(a.Name(), b.Name()))
	})
	return out, nil
}

// hasOperator reports whether an entity is served by a mancomunidad TIC operator.
func hasOperator(ctx context.Context, q db.Queryer, entityID string) (bool, error) {
	ops, err := directory.Operators(ctx, q, []string{entityID})
	if err != nil {
		return false, fmt.Errorf("soporte: comprobar si la entidad %s tiene operador: %w", entityID, err)
	}
	return len(ops) > 0, nil
}

// isTechnician reports whether userID is an active technician or
// administrator of the Diputación.
func isTechnician(ctx context.Context, q db.Queryer, userID string) (bool, error) {
	p, err := directory.PersonByID(ctx, q, userID)
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("soporte: leer la persona %s: %w", userID, err)
	}
	return p.Active() && (p.GlobalRole == auth.RoleDipTecnico || p.GlobalRole == auth.RoleDipAdmin), nil
}
