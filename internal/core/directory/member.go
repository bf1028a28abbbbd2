package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// Member is a person who works for an entity (a membership).
type Member struct {
	Person
	EntityID   string
	EntityName string
	// Role is personal, admin (the entity's user administrator) or
	// operador (a mancomunidad's TIC operator).
	Role     string
	JobTitle string
}

// MemberFilter selects memberships.
type MemberFilter struct {
	// Entities keeps the memberships of these entities (none when it is
	// empty), unless AllEntities keeps every entity's.
	Entities    []string
	AllEntities bool
	// User keeps the memberships of one person ("" keeps everyone's).
	User string
	// Active keeps the people whose account is active.
	Active bool
	// WithPhone keeps the people who have a phone number.
	WithPhone bool
}

// MemberOrder is the order of a list of members.
type MemberOrder string

const (
	// BySurnames sorts members by surnames and given name.
	BySurnames MemberOrder = "u.surname1, u.surname2, u.name, u.id, e.name, e.id"
	// ByEntityName sorts members by their entity's name, then by surnames
	// and given name.
	ByEntityName MemberOrder = "e.name, e.id, u.surname1, u.surname2, u.name, u.id"
	// ByIDs sorts members by entity id and user id.
	ByIDs MemberOrder = "m.entity_id, m.user_id"
)

// Members lists, in one query, the memberships f selects in the given order
// (by surnames unless another MemberOrder is given).
func Members(ctx context.Context, q db.Queryer, f MemberFilter, order MemberOrder) ([]Member, error) {
	var w db.Where
	if !f.AllEntities {
		w.In("m.entity_id", f.Entities)
	}
	if f.User != "" {
		w.Add("m.user_id = ?", f.User)
	}
	if f.Active {
		w.Add("u.state = 'activo'")
	}
	if f.WithPhone {
		w.Add("u.phone <> ''")
	}
	switch order {
	case BySurnames, ByEntityName, ByIDs:
	default:
		order = BySurnames
	}
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (m Member, err error) {
		err = sc.Scan(append(personFields(&m.Person), &m.EntityID, &m.EntityName, &m.Role, &m.JobTitle)...)
		return m, err
	}, `SELECT `+personCols+`, e.id, e.name, m.role, m.job_title FROM memberships m
		JOIN users u ON u.id = m.user_id JOIN entities e ON e.id = m.entity_id`+w.SQL()+` ORDER BY `+string(order), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("directory: members: %w", err)
	}
	return out, nil
}

// MemberOf returns the membership of userID in entityID (whatever the state
// of his account), or an error wrapping db.ErrNotFound.
func MemberOf(ctx context.Context, q db.Queryer, entityID, userID string) (Member, error) {
	found, err := Members(ctx, q, MemberFilter{Entities: []string{entityID}, User: userID}, ByIDs)
	if err == nil && len(found) == 0 {
		err = db.ErrNotFound
	}
	if err != nil {
		return Member{}, fmt.Errorf("directory: user %s in entity %s: %w", userID, entityID, err)
	}
	return found[0], nil
}

// Operator is a TIC operator of a mancomunidad, for one of its member
// entities.
type Operator struct {
	Person
	// EntityID is the member entity he serves.
	EntityID string
}

// Operators lists, in one query, the TIC operators (whatever the state of
// their account) of the mancomunidades that entityIDs belong to, one row
// per entity served, by entity id and user id.
func Operators(ctx context.Context, q db.Queryer, entityIDs []string) ([]Operator, error) {
	var w db.Where
	w.In("mm.member_id", entityIDs)
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (o Operator, err error) {
		err = sc.Scan(append(personFields(&o.Person), &o.EntityID)...)
		return o, err
	}, `SELECT DISTINCT `+personCols+`, mm.member_id FROM mancomunidad_members mm
		JOIN memberships m ON m.entity_id = mm.mancomunidad_id AND m.role = 'operador'
		JOIN users u ON u.id = m.user_id`+w.SQL()+` ORDER BY mm.member_id, u.id`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("directory: operators of %d entities: %w", len(entityIDs), err)
	}
	return out, nil
}
