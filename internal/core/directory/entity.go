package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// Entity is a local entity as other modules read it.
type Entity struct {
	ID   string
	Kind string
	Name string
	// INE is the 5-digit municipality code (ayuntamientos only).
	INE        string
	DIR3       string
	NIF        string
	Address    string
	PostalCode string
	Town       string
	Email      string
	Phone      string
	MayorName  string
	MayorTitle string
	Population int64
	// PopulationYear is the year of Population (INE figures).
	PopulationYear int
	// ParentID is an ELM's ayuntamiento.
	ParentID string
	Active   bool
}

// Code is the entity's public code, the path segment of its portal and its
// sede (/e/{code}/): the INE code of an ayuntamiento that has one, else the
// DIR3 code, else the id.
func (e Entity) Code() string {
	switch {
	case e.Kind == "ayuntamiento" && e.INE != "":
		return e.INE
	case e.DIR3 != "":
		return e.DIR3
	}
	return e.ID
}

const entityCols = `id, kind, name, COALESCE(ine_code, ''), COALESCE(dir3, ''), COALESCE(nif, ''),
	address, postal_code, town, email, phone, mayor_name, mayor_title, population, population_year,
	COALESCE(parent_id, ''), active`

func scanEntity(sc db.Scanner) (Entity, error) {
	var e Entity
	err := sc.Scan(&e.ID, &e.Kind, &e.Name, &e.INE, &e.DIR3, &e.NIF, &e.Address, &e.PostalCode, &e.Town,
		&e.Email, &e.Phone, &e.MayorName, &e.MayorTitle, &e.Population, &e.PopulationYear, &e.ParentID, &e.Active)
	return e, err
}

func oneEntity(ctx context.Context, q db.Queryer, what, where string, arg any) (Entity, error) {
	e, err := scanEntity(q.QueryRowContext(ctx, `SELECT `+entityCols+` FROM entities WHERE `+where, arg))
	if err != nil {
		return Entity{}, fmt.Errorf("directory: entity by %s %v: %w", what, arg, db.NotFound(err))
	}
	return e, nil
}

// EntityByID returns the entity id, or an error wrapping db.ErrNotFound.
func EntityByID(ctx context.Context, q db.Queryer, id string) (Entity, error) {
	return oneEntity(ctx, q, "id", `id = $1`, id)
}

// EntityByDIR3 returns the entity whose DIR3 code is dir3, or an error
// wrapping db.ErrNotFound.
func EntityByDIR3(ctx context.Context, q db.Queryer, dir3 string) (Entity, error) {
	return oneEntity(ctx, q, "DIR3", `dir3 = $1`, dir3)
}

// EntityByCode returns the entity whose public code (see Entity.Code) is
// code, or an error wrapping db.ErrNotFound.
func EntityByCode(ctx context.Context, q db.Queryer, code string) (Entity, error) {
	found, err := db.Collect(ctx, q, scanEntity, `SELECT `+entityCols+` FROM entities
		WHERE (kind = 'ayuntamiento' AND ine_code = $1) OR dir3 = $1 OR id = $1`, code)
	if err != nil {
		return Entity{}, fmt.Errorf("directory: entity by code %s: %w", code, err)
	}
	for _, e := range found {
		if e.Code() == code {
			return e, nil
		}
	}
	return Entity{}, fmt.Errorf("directory: entity by code %s: %w", code, db.ErrNotFound)
}

// Diputacion returns the Diputación (the entity that runs the platform), or
// an error wrapping db.ErrNotFound before it is registered.
func Diputacion(ctx context.Context, q db.Queryer) (Entity, error) {
	e, err := scanEntity(q.QueryRowContext(ctx, `SELECT `+entityCols+` FROM entities
		WHERE kind = 'diputacion' ORDER BY name, id LIMIT 1`))
	if err != nil {
		return Entity{}, fmt.Errorf("directory: the diputación: %w", db.NotFound(err))
	}
	return e, nil
}

// EntityNames returns the name of every entity by id.
func EntityNames(ctx context.Context, q db.Queryer) (map[string]string, error) {
	all, err := db.Collect(ctx, q, func(sc db.Scanner) (e Entity, err error) {
		err = sc.Scan(&e.ID, &e.Name)
		return e, err
	}, `SELECT id, name FROM entities`)
	if err != nil {
		return nil, fmt.Errorf("directory: entity names: %w", err)
	}
	out := make(map[string]string, len(all))
	for _, e := range all {
		out[e.ID] = e.Name
	}
	return out, nil
}

// Municipalities lists the ayuntamientos that have an INE code, by INE code.
func Municipalities(ctx context.Context, q db.Queryer) ([]Entity, error) {
	out, err := db.Collect(ctx, q, scanEntity, `SELECT `+entityCols+` FROM entities
		WHERE kind = 'ayuntamiento' AND ine_code IS NOT NULL ORDER BY ine_code`)
	if err != nil {
		return nil, fmt.Errorf("directory: municipalities: %w", err)
	}
	return out, nil
}

// EntityOrder is the order of a list of entities.
type EntityOrder string

const (
	// ByName sorts entities by name as written, then by id.
	ByName EntityOrder = "name, id"
	// ByFoldedName sorts entities by name without case or accents (the
	// entity's search text), then by id.
	ByFoldedName EntityOrder = "search_text, id"
	// ByID sorts entities by id.
	ByID EntityOrder = "id"
)

// orderOr is order when it is one of the orders above, else def.
func (order EntityOrder) orderOr(def EntityOrder) EntityOrder {
	switch order {
	case ByName, ByFoldedName, ByID:
		return order
	}
	return def
}

// EntitiesByIDs returns, in one query, the entities among ids in the given
// order; ids of no entity (and "") are left out. It is how a list names the
// entities of its page.
func EntitiesByIDs(ctx context.Context, q db.Queryer, ids []string, order EntityOrder) ([]Entity, error) {
	order = order.orderOr(ByName)
	in, args := idList(ids)
	if len(args) == 0 {
		return nil, nil
	}
	out, err := db.Collect(ctx, q, scanEntity, `SELECT `+entityCols+` FROM entities
		WHERE id IN (`+in+`) ORDER BY `+string(order), args...)
	if err != nil {
		return nil, fmt.Errorf("directory: %d entities by id: %w", len(args), err)
	}
	return out, nil
}

// idList returns the placeholders and arguments of an IN list of the
// distinct non-empty ids.
func idList(ids []string) (string, []any) {
	var w db.Where
	seen := map[string]bool{}
	var uniq []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if len(uniq) == 0 {
		return "", nil
	}
	return w.List(uniq...), w.Args
}

// Entities lists every entity, by name and id.
func Entities(ctx context.Context, q db.Queryer) ([]Entity, error) {
	out, err := db.Collect(ctx, q, scanEntity, `SELECT `+entityCols+` FROM entities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("directory: entities: %w", err)
	}
	return out, nil
}
