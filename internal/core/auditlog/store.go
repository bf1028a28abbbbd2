package auditlog

import (
	"context"
	"fmt"

	"concejo/internal/core/directory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/db"
)

// entityOption is an entity offered in the entity filter.
type entityOption struct{ ID, Name string }

// actorOption is someone who appears in the log.
type actorOption struct{ ID, Name, Email string }

// loggedEntities lists, by name, the entities that have audit rows.
func loggedEntities(ctx context.Context, q db.Queryer) ([]entityOption, error) {
	ids, err := audit.EntityIDs(ctx, q)
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

// actorsInLog returns who made the rows of entityID ("" = every row), with
// the e-mail of those who are platform users.
func actorsInLog(ctx context.Context, q db.Queryer, entityID string) ([]actorOption, error) {
	logged, err := audit.Actors(ctx, q, entityID)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer quién aparece en el registro de la entidad %q: %w", entityID, err)
	}
	ids := make([]string, len(logged))
	for i, a := range logged {
		ids[i] = a.ID
	}
	people, err := directory.PeopleByIDs(ctx, q, ids)
	if err != nil {
		return nil, fmt.Errorf("auditoría: leer quién aparece en el registro de la entidad %q: %w", entityID, err)
	}
	actors := make([]actorOption, len(logged))
	for i, a := range logged {
		actors[i] = actorOption{ID: a.ID, Name: a.Name, Email: people[a.ID].Email}
	}
	return actors, nil
}
