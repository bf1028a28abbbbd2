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

// Entities are userID's entities and his role in each, by entity name,
// and the members of the mancomunidades where he is a TIC operator, by
// entity name, read in one query.
func (Tenancy) Entities(ctx context.Context, q db.Queryer, userID string) ([]auth.Membership, []auth.EntityRef, error) {
	type row struct {
		operated bool
		m        auth.Membership
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (r row, err error) {
		err = sc.Scan(&r.operated, &r.m.Entity.ID, &r.m.Entity.Name, &r.m.Entity.Kind, &r.m.Role)
		return r, err
	}, `SELECT FALSE AS operated, e.id, e.name, e.kind, m.role FROM memberships m
		JOIN entities e ON e.id = m.entity_id WHERE m.user_id = $1
		UNION ALL
		SELECT TRUE, e.id, e.name, e.kind, '' FROM memberships m
		JOIN mancomunidad_members mm ON mm.mancomunidad_id = m.entity_id
		JOIN entities e ON e.id = mm.member_id
		WHERE m.user_id = $1 AND m.role = 'operador'
		ORDER BY operated, name`, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("directory: entities of user %s: %w", userID, err)
	}
	var members []auth.Membership
	var operated []auth.EntityRef
	for _, r := range rows {
		if r.operated {
			operated = append(operated, r.m.Entity)
		} else {
			members = append(members, r.m)
		}
	}
	return members, operated, nil
}

// Current are ActiveGrants and ActiveServices, read in one query.
func (Tenancy) Current(ctx context.Context, q db.Queryer, entityID, userID string) ([]auth.Grant, []string, error) {
	type row struct {
		service bool
		g       auth.Grant
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (r row, err error) {
		err = sc.Scan(&r.service, &r.g.Service, &r.g.Role)
		return r, err
	}, `SELECT FALSE AS service, g.service_code AS code, g.role_code AS role FROM grants g
		WHERE g.entity_id = $1 AND g.user_id = $2 AND `+ActiveAdhesion("g.entity_id", "g.service_code")+`
		UNION ALL
		SELECT TRUE, s.code, '' FROM services s WHERE `+ActiveAdhesion("$1", "s.code")+`
		ORDER BY service, code, role`, entityID, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("directory: grants of user %s and adhesions of entity %s: %w", userID, entityID, err)
	}
	var grants []auth.Grant
	var services []string
	for _, r := range rows {
		if r.service {
			services = append(services, r.g.Service)
		} else {
			grants = append(grants, r.g)
		}
	}
	return grants, services, nil
}
