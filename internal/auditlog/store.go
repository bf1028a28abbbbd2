package auditlog

import (
	"context"
	"fmt"
	"strings"

	"concejo/internal/platform/db"
)

// entityOption is an entity offered in the entity filter.
type entityOption struct{ ID, Name string }

// actorOption is someone who appears in the log.
type actorOption struct{ ID, Name, Email string }

// loggedEntities lists, by name, the entities that have audit rows.
func loggedEntities(ctx context.Context, q db.Queryer) ([]entityOption, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (entityOption, error) {
		var e entityOption
		err := sc.Scan(&e.ID, &e.Name)
		return e, err
	}, `SELECT e.id, e.name FROM entities e
		WHERE EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_id = e.id)
		ORDER BY e.name, e.id`)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer las entidades con anotaciones: %w", err)
	}
	return rows, nil
}

// entityNames returns the names of the given entity ids, in one query.
func entityNames(ctx context.Context, q db.Queryer, ids []string) (map[string]string, error) {
	out := map[string]string{}
	var w db.Where
	var marks []string
	for _, id := range ids {
		if _, done := out[id]; done || id == "" {
			continue
		}
		out[id] = ""
		marks = append(marks, w.Arg(id))
	}
	if len(marks) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM entities WHERE id IN (`+strings.Join(marks, ", ")+`)`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer los nombres de %d entidades: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("auditoría: leer los nombres de %d entidades: %w", len(ids), err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// seenActionsAndTypes returns the distinct actions and object types of the
// rows of entityID ("" = every row).
func seenActionsAndTypes(ctx context.Context, q db.Queryer, entityID string) (actions, types []string, err error) {
	query := `SELECT DISTINCT action, object_type FROM audit_log`
	var args []any
	if entityID != "" {
		query += ` WHERE entity_id = $1`
		args = append(args, entityID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("auditoría: leer las acciones y tipos de la entidad %q: %w", entityID, err)
	}
	defer rows.Close()
	seenA, seenT := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var a, t string
		if err := rows.Scan(&a, &t); err != nil {
			return nil, nil, fmt.Errorf("auditoría: leer las acciones y tipos de la entidad %q: %w", entityID, err)
		}
		if !seenA[a] {
			seenA[a] = true
			actions = append(actions, a)
		}
		if !seenT[t] {
			seenT[t] = true
			types = append(types, t)
		}
	}
	return actions, types, rows.Err()
}

// actorsInLog returns who made the rows of entityID ("" = every row), with
// the e-mail of those who are platform users.
func actorsInLog(ctx context.Context, q db.Queryer, entityID string) ([]actorOption, error) {
	query := `SELECT DISTINCT l.actor_id, l.actor_name, COALESCE(u.email, '')
		FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id`
	var args []any
	if entityID != "" {
		query += ` WHERE l.entity_id = $1`
		args = append(args, entityID)
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (actorOption, error) {
		var a actorOption
		err := sc.Scan(&a.ID, &a.Name, &a.Email)
		return a, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer quién aparece en el registro de la entidad %q: %w", entityID, err)
	}
	return rows, nil
}
