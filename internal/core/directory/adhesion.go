package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// StateActive is the state of an adhesion in force.
const StateActive = "activa"

// ActiveAdhesion is the adhesion rule as an SQL condition: the entity whose
// id is the expression entity has an active adhesion to the service whose
// code is the expression service (column names or placeholders, e.g.
// ActiveAdhesion("e.id", "'portal'") or ActiveAdhesion("$1", "g.service_code")).
// With service "" it is true when the entity has an active adhesion to any
// service. Every query that applies the rule builds it here.
func ActiveAdhesion(entity, service string) string {
	cond := "adh.entity_id = " + entity
	if service != "" {
		cond += " AND adh.service_code = " + service
	}
	return "EXISTS (SELECT 1 FROM adhesions adh WHERE " + cond + " AND adh.state = '" + StateActive + "')"
}

// HasActiveAdhesion reports whether entityID has an active adhesion to service.
func HasActiveAdhesion(ctx context.Context, q db.Queryer, entityID, service string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM services s WHERE s.code = $2 AND `+
		ActiveAdhesion("$1", "s.code"), entityID, service).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("directory: adhesion of entity %s to %s: %w", entityID, service, err)
	}
	return n > 0, nil
}

// ActiveServices returns the codes of the services entityID has an active
// adhesion to, in code order.
func ActiveServices(ctx context.Context, q db.Queryer, entityID string) ([]string, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (code string, err error) {
		err = sc.Scan(&code)
		return code, err
	}, `SELECT s.code FROM services s WHERE `+ActiveAdhesion("$1", "s.code")+` ORDER BY s.code`, entityID)
	if err != nil {
		return nil, fmt.Errorf("directory: active services of entity %s: %w", entityID, err)
	}
	return out, nil
}

// AdheredEntities lists the entities (active or not: see Entity.Active) with
// an active adhesion to service, in the given order (by id unless another
// EntityOrder is given).
func AdheredEntities(ctx context.Context, q db.Queryer, service string, order EntityOrder) ([]Entity, error) {
	out, err := db.Collect(ctx, q, scanEntity, `SELECT `+entityCols+` FROM entities
		WHERE `+ActiveAdhesion("entities.id", "$1")+` ORDER BY `+string(order.orderOr(ByID)), service)
	if err != nil {
		return nil, fmt.Errorf("directory: entities adhered to %s: %w", service, err)
	}
	return out, nil
}

// ActiveGrants returns the application roles userID holds in entityID that
// are in force: those of the services the entity has an active adhesion to,
// by service and role. It is what a session's grants are.
func ActiveGrants(ctx context.Context, q db.Queryer, entityID, userID string) ([]auth.Grant, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (g auth.Grant, err error) {
		err = sc.Scan(&g.Service, &g.Role)
		return g, err
	}, `SELECT g.service_code, g.role_code FROM grants g
		WHERE g.entity_id = $1 AND g.user_id = $2 AND `+ActiveAdhesion("g.entity_id", "g.service_code")+`
		ORDER BY g.service_code, g.role_code`, entityID, userID)
	if err != nil {
		return nil, fmt.Errorf("directory: grants of user %s in entity %s: %w", userID, entityID, err)
	}
	return out, nil
}

// ActiveRoles returns the roles of service that userID holds in entityID,
// in role order; none while the entity's adhesion to service is not active.
func ActiveRoles(ctx context.Context, q db.Queryer, entityID, userID, service string) ([]string, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (role string, err error) {
		err = sc.Scan(&role)
		return role, err
	}, `SELECT g.role_code FROM grants g
		WHERE g.entity_id = $1 AND g.user_id = $2 AND g.service_code = $3 AND `+ActiveAdhesion("g.entity_id", "g.service_code")+`
		ORDER BY g.role_code`, entityID, userID, service)
	if err != nil {
		return nil, fmt.Errorf("directory: %s roles of user %s in entity %s: %w", service, userID, entityID, err)
	}
	return out, nil
}

// RoleHolders returns, in one query, the roles of service that each user
// holds in entityID, keyed by user id, each user's in role order; none
// while the entity's adhesion to service is not active.
func RoleHolders(ctx context.Context, q db.Queryer, entityID, service string) (map[string][]string, error) {
	type holder struct{ user, role string }
	all, err := db.Collect(ctx, q, func(sc db.Scanner) (h holder, err error) {
		err = sc.Scan(&h.user, &h.role)
		return h, err
	}, `SELECT g.user_id, g.role_code FROM grants g
		WHERE g.entity_id = $1 AND g.service_code = $2 AND `+ActiveAdhesion("g.entity_id", "g.service_code")+`
		ORDER BY g.user_id, g.role_code`, entityID, service)
	if err != nil {
		return nil, fmt.Errorf("directory: holders of %s roles in entity %s: %w", service, entityID, err)
	}
	out := map[string][]string{}
	for _, h := range all {
		out[h.user] = append(out[h.user], h.role)
	}
	return out, nil
}

// KindCount is a number of entities of one kind.
type KindCount struct {
	Kind     string
	Entities int64
}

// AdheredByKind counts, per kind, the entities with an active adhesion to
// at least one service.
func AdheredByKind(ctx context.Context, q db.Queryer) ([]KindCount, error) {
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (k KindCount, err error) {
		err = sc.Scan(&k.Kind, &k.Entities)
		return k, err
	}, `SELECT e.kind, COUNT(*) FROM entities e WHERE `+ActiveAdhesion("e.id", "")+` GROUP BY e.kind`)
	if err != nil {
		return nil, fmt.Errorf("directory: adhered entities by kind: %w", err)
	}
	return out, nil
}

// Lookup answers the access layer's questions about an entity other than
// the session's current one (it implements access.Lookup).
type Lookup struct{ Q db.Queryer }

// ActiveRoles is ActiveRoles on l's database.
func (l Lookup) ActiveRoles(ctx context.Context, entityID, userID, service string) ([]string, error) {
	return ActiveRoles(ctx, l.Q, entityID, userID, service)
}

// HasActiveAdhesion is HasActiveAdhesion on l's database.
func (l Lookup) HasActiveAdhesion(ctx context.Context, entityID, service string) (bool, error) {
	return HasActiveAdhesion(ctx, l.Q, entityID, service)
}

// RoleEntities lists, by id, the entities where userID holds one of roles
// of service while the entity's adhesion to service is active.
func (l Lookup) RoleEntities(ctx context.Context, userID, service string, roles []string) ([]string, error) {
	var w db.Where
	w.Add("g.user_id = ?", userID)
	w.Add("g.service_code = ?", service)
	w.In("g.role_code", roles)
	w.Add(ActiveAdhesion("g.entity_id", "g.service_code"))
	out, err := db.Collect(ctx, l.Q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT DISTINCT g.entity_id FROM grants g`+w.SQL()+` ORDER BY g.entity_id`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("directory: entities where user %s holds %s roles: %w", userID, service, err)
	}
	return out, nil
}
