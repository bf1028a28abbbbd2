package auditlog

import (
	"context"
	"fmt"

	"concejo/internal/directory"
	"concejo/internal/platform/db"
)

// entityOption is an entity offered in the entity filter.
type entityOption struct{ ID, Name string }

// actorOption is someone who appears in the log.
type actorOption struct{ ID, Name, Email string }

// loggedEntities lists, by name, the entities that have audit rows.
func loggedEntities(ctx context.Context, q db.Queryer) ([]entityOption, error) {
	ids, err := db.Collect(ctx, q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT DISTINCT entity_id FROM audit_log`)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer las entidades con anotaciones: %w", err)
	}
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByName)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer las entidades con anotaciones: %w", err)
	}
	out := make([]entityOption, len(ents))
	for i, e := range ents {
		out[i] = entityOption{ID: e.ID, Name: e.Name}
	}
	return out, nil
}

// entityNames returns the names of the given entity ids, in one query
// (an unknown id, and "", named "").
func entityNames(ctx context.Context, q db.Queryer, ids []string) (map[string]string, error) {
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByName)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer los nombres de %d entidades: %w", len(ids), err)
	}
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		out[id] = ""
	}
	for _, e := range ents {
		out[e.ID] = e.Name
	}
	return out, nil
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
	query := `SELECT DISTINCT actor_id, actor_name FROM audit_log`
	var args []any
	if entityID != "" {
		query += ` WHERE entity_id = $1`
		args = append(args, entityID)
	}
	actors, err := db.Collect(ctx, q, func(sc db.Scanner) (actorOption, error) {
		var a actorOption
		err := sc.Scan(&a.ID, &a.Name)
		return a, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer quién aparece en el registro de la entidad %q: %w", entityID, err)
	}
	ids := make([]string, len(actors))
	for i, a := range actors {
		ids[i] = a.ID
	}
	people, err := directory.PeopleByIDs(ctx, q, ids)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer quién aparece en el registro de la entidad %q: %w", entityID, err)
	}
	for i, a := range actors {
		actors[i].Email = people[a.ID].Email
	}
	return actors, nil
}
