package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// Tenancy is what a session reads of the directory (it implements
// auth.Tenancy): a person's entities, the entities he operates, and the
// roles and adhesions of his current entity.
type Tenancy struct{}

// Memberships are userID's entities and his role in each, by entity name.
func (Tenancy) Memberships(ctx context.Context, q db.Queryer, userID string) ([]auth.Membership, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (m auth.Membership, err error) {
		err = sc.Scan(&m.Entity.ID, &m.Entity.Name, &m.Entity.Kind, &m.Role)
		return m, err
	}, `SELECT e.id, e.name, e.kind, m.role FROM memberships m
		JOIN entities e ON e.id = m.entity_id WHERE m.user_id = $1 ORDER BY e.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("directory: memberships of user %s: %w", userID, err)
	}
	return out, nil
}

// Operated are the members of the mancomunidades where userID is a TIC
// operator, by entity name.
func (Tenancy) Operated(ctx context.Context, q db.Queryer, userID string) ([]auth.EntityRef, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (e auth.EntityRef, err error) {
		err = sc.Scan(&e.ID, &e.Name, &e.Kind)
		return e, err
	}, `SELECT e.id, e.name, e.kind FROM memberships m
		JOIN mancomunidad_members mm ON mm.mancomunidad_id = m.entity_id
		JOIN entities e ON e.id = mm.member_id
		WHERE m.user_id = $1 AND m.role = 'operador' ORDER BY e.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("directory: entities operated by user %s: %w", userID, err)
	}
	return out, nil
}

// Grants is ActiveGrants.
func (Tenancy) Grants(ctx context.Context, q db.Queryer, entityID, userID string) ([]auth.Grant, error) {
	return ActiveGrants(ctx, q, entityID, userID)
}

// Services is ActiveServices.
func (Tenancy) Services(ctx context.Context, q db.Queryer, entityID string) ([]string, error) {
	return ActiveServices(ctx, q, entityID)
}
