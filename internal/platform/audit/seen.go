package audit

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// The functions of this file list what the log holds, for the filters of
// the pages that browse it: which entities, actions, object types and
// actors appear in it. Each is one query, and lists in no set order.

// EntityIDs returns the distinct entities that have rows ("" for the
// platform-wide ones).
func EntityIDs(ctx context.Context, q db.Queryer) ([]string, error) {
	ids, err := db.Collect(ctx, q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT DISTINCT entity_id FROM audit_log`)
	if err != nil {
		return nil, fmt.Errorf("audit: entities in the log: %w", err)
	}
	return ids, nil
}

// ActionsAndTypes returns the distinct actions and the distinct object
// types of the rows of entityID ("" = every row).
func ActionsAndTypes(ctx context.Context, q db.Queryer, entityID string) (actions, types []string, err error) {
	w := ofEntity(entityID)
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT action, object_type FROM audit_log`+w.SQL(), w.Args...)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: actions and object types of entity %q: %w", entityID, err)
	}
	defer rows.Close()
	seenA, seenT := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var a, t string
		if err := rows.Scan(&a, &t); err != nil {
			return nil, nil, fmt.Errorf("audit: actions and object types of entity %q: %w", entityID, err)
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
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("audit: actions and object types of entity %q: %w", entityID, err)
	}
	return actions, types, nil
}

// Actor is who made rows of the log, as they name him.
type Actor struct{ ID, Name string }

// Actors returns the distinct actors of the rows of entityID ("" = every
// row): one per name he had, so the same ID may come more than once.
func Actors(ctx context.Context, q db.Queryer, entityID string) ([]Actor, error) {
	w := ofEntity(entityID)
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (Actor, error) {
		var a Actor
		err := sc.Scan(&a.ID, &a.Name)
		return a, err
	}, `SELECT DISTINCT actor_id, actor_name FROM audit_log`+w.SQL(), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("audit: actors of entity %q: %w", entityID, err)
	}
	return out, nil
}

// ofEntity selects the rows of entityID ("" = every row).
func ofEntity(entityID string) *db.Where {
	w := &db.Where{}
	if entityID != "" {
		w.Add("entity_id = ?", entityID)
	}
	return w
}
