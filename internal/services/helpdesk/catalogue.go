package helpdesk

import (
	"context"
	"fmt"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// catalogue returns the services of the catalogue by code: what names the
// service of a ticket, a solution, an SLA or a team.
func catalogue(ctx context.Context, q db.Queryer) (map[string]directory.Service, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer el catálogo de servicios: %w", err)
	}
	out := make(map[string]directory.Service, len(all))
	for _, s := range all {
		out[s.Code] = s
	}
	return out, nil
}

// serviceRank is where the rows of service code go in a list: the
// service's place in the catalogue, or -1 (before all) for the general
// queue and any code the catalogue does not have.
func serviceRank(cat map[string]directory.Service, code string) int {
	if s, ok := cat[code]; ok {
		return s.SortOrder
	}
	return -1
}

// nameTickets fills in the name of the service and of the entity (and its
// INE code) of every ticket: one look-up of each for the whole list.
func nameTickets(ctx context.Context, q db.Queryer, ts []Ticket) error {
	cat, err := catalogue(ctx, q)
	if err != nil {
		return err
	}
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.EntityID
	}
	ents, err := entitiesByID(ctx, q, ids)
	if err != nil {
		return err
	}
	for i, t := range ts {
		ts[i].ServiceName = cat[t.ServiceCode].Name
		ts[i].EntityName, ts[i].EntityINE = ents[t.EntityID].Name, ents[t.EntityID].INE
	}
	return nil
}

// entitiesByID returns the entities of ids (one query), by id: what names
// the entities of a list.
func entitiesByID(ctx context.Context, q db.Queryer, ids []string) (map[string]directory.Entity, error) {
	all, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByID)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer las entidades: %w", err)
	}
	out := make(map[string]directory.Entity, len(all))
	for _, e := range all {
		out[e.ID] = e
	}
	return out, nil
}

// nameSolutionServices fills in the name of the service of every solution.
func nameSolutionServices(ctx context.Context, q db.Queryer, ss []Solution) error {
	cat, err := catalogue(ctx, q)
	if err != nil {
		return err
	}
	for i := range ss {
		ss[i].ServiceName = cat[ss[i].ServiceCode].Name
	}
	return nil
}

// serviceLabel is the name of service code, or none when the catalogue
// does not have it (the general queue).
func serviceLabel(cat map[string]directory.Service, code, none string) string {
	if s, ok := cat[code]; ok {
		return s.Name
	}
	return none
}
