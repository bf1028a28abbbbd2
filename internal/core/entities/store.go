package entities

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"concejo/internal/platform/audit"
	"concejo/internal/platform/db"
)

// Filter selects and orders the entity list.
type Filter struct {
	Kind   string
	Text   string // folded
	MinPop *int64
	MaxPop *int64
	State  string // "" (active only), "bajas" or "todas"
	Sort   string // "nombre" (default), "poblacion" or "ine"
	Page   int
}

// where turns the scope and filter into conditions on e (the entities table);
// the kind condition is left out when withKind is false (for the counts).
func where(sc db.Scope, f Filter, withKind bool) *db.Where {
	w := &db.Where{}
	w.InScope("e.id", sc)
	if withKind && f.Kind != "" {
		w.Add("e.kind = ?", f.Kind)
	}
	if f.Text != "" {
		w.Add(w.Contains("e.search_text", f.Text))
	}
	if f.MinPop != nil {
		w.Add("e.population >= ?", *f.MinPop)
	}
	if f.MaxPop != nil {
		w.Add("e.population <= ?", *f.MaxPop)
	}
	switch f.State {
	case "bajas":
		w.Add("e.active = ?", false)
	case "todas":
	default:
		w.Add("e.active = ?", true)
	}
	return w
}

func orderBy(sort string) string {
	switch sort {
	case "poblacion":
		return " ORDER BY e.population DESC, e.search_text, e.id"
	case "ine":
		return " ORDER BY CASE WHEN e.ine_code IS NULL THEN 1 ELSE 0 END, e.ine_code, e.search_text, e.id"
	}
	return " ORDER BY e.search_text, e.name, e.id"
}

const entityCols = `e.id, e.kind, e.name, e.ine_code, e.ine_dc, e.dir3, e.nif, e.address, e.postal_code,
	e.town, e.population, e.population_year, e.email, e.phone, e.mayor_name, e.mayor_title, e.parent_id,
	COALESCE(p.name, ''), e.fictitious, e.notes, e.active, e.created_at, e.updated_at`

const entityFrom = ` FROM entities e LEFT JOIN entities p ON p.id = e.parent_id`

func scanEntity(sc db.Scanner) (Entity, error) {
	var e Entity
	var ine, dir3, nif, parent sql.NullString
	var dc sql.NullInt64
	err := sc.Scan(&e.ID, &e.Kind, &e.Name, &ine, &dc, &dir3, &nif, &e.Address, &e.PostalCode, &e.Town,
		&e.Population, &e.PopulationYear, &e.Email, &e.Phone, &e.MayorName, &e.MayorTitle, &parent,
		&e.ParentName, &e.Fictitious, &e.Notes, &e.Active, &e.CreatedAt, &e.UpdatedAt)
	e.INECode, e.INEDC, e.DIR3, e.NIF, e.ParentID = ine.String, int(dc.Int64), dir3.String, nif.String, parent.String
	return e, err
}

// getEntity loads one entity by id.
func getEntity(ctx context.Context, q db.Queryer, id string) (Entity, error) {
	e, err := scanEntity(q.QueryRowContext(ctx, `SELECT `+entityCols+entityFrom+` WHERE e.id = $1`, id))
	if err := db.NotFound(err); err != nil {
		return e, fmt.Errorf("entidades: leer la entidad %s: %w", id, err)
	}
	return e, nil
}

// listEntities returns the entities of the scope matching f, ordered, from
// offset, at most limit (0 = all), and how many match in total.
func listEntities(ctx context.Context, q db.Queryer, sc db.Scope, f Filter, limit, offset int) ([]Entity, int, error) {
	w := where(sc, f, true)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM entities e`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("entidades: listar las entidades: %w", err)
	}
	query := `SELECT ` + entityCols + entityFrom + w.SQL() + orderBy(f.Sort)
	if limit > 0 {
		query += " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(offset)
	}
	out, err := db.Collect(ctx, q, scanEntity, query, w.Args...)
	if err != nil {
		return out, total, fmt.Errorf("entidades: listar las entidades: %w", err)
	}
	return out, total, nil
}

// kindCounts counts the entities of the scope matching f (but for its kind)
// per kind.
func kindCounts(ctx context.Context, q db.Queryer, sc db.Scope, f Filter) (map[string]int, error) {
	w := where(sc, f, false)
	rows, err := q.QueryContext(ctx, `SELECT e.kind, COUNT(*) FROM entities e`+w.SQL()+` GROUP BY e.kind`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("entidades: contar las entidades por tipo: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("entidades: contar las entidades por tipo: %w", err)
		}
		out[k] = n
	}
	return out, rows.Err()
}

func nullDC(e Entity) any {
	if e.INECode == "" {
		return nil
	}
	return e.INEDC
}

// insertEntity writes a new entity.
func insertEntity(ctx context.Context, q db.Queryer, e Entity) error {
	_, err := q.ExecContext(ctx, `INSERT INTO entities (id, kind, name, search_text, ine_code, ine_dc, dir3, nif,
		address, postal_code, town, population, population_year, email, phone, mayor_name, mayor_title, parent_id,
		fictitious, notes, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		e.ID, e.Kind, e.Name, e.searchText(), db.NullString(e.INECode), nullDC(e), db.NullString(e.DIR3), db.NullString(e.NIF),
		e.Address, e.PostalCode, e.Town, e.Population, e.PopulationYear, e.Email, e.Phone, e.MayorName, e.MayorTitle,
		db.NullString(e.ParentID), e.Fictitious, e.Notes, e.Active, e.CreatedAt, e.UpdatedAt)
	if err != nil {
		return fmt.Errorf("entidades: guardar la entidad %s: %w", e.ID, err)
	}
	return nil
}

// updateEntity writes every changeable column of e (not its kind nor its INE code).
func updateEntity(ctx context.Context, q db.Queryer, e Entity) error {
	res, err := q.ExecContext(ctx, `UPDATE entities SET name = $1, search_text = $2, dir3 = $3, nif = $4,
		address = $5, postal_code = $6, town = $7, population = $8, population_year = $9, email = $10, phone = $11,
		mayor_name = $12, mayor_title = $13, parent_id = $14, notes = $15, updated_at = $16 WHERE id = $17`,
		e.Name, e.searchText(), db.NullString(e.DIR3), db.NullString(e.NIF), e.Address, e.PostalCode, e.Town,
		e.Population, e.PopulationYear, e.Email, e.Phone, e.MayorName, e.MayorTitle, db.NullString(e.ParentID),
		e.Notes, e.UpdatedAt, e.ID)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("entidades: modificar la entidad %s: %w", e.ID, err)
	}
	return nil
}

// setActive deactivates or reactivates an entity.
func setActive(ctx context.Context, q db.Queryer, id string, active bool, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE entities SET active = $1, updated_at = $2 WHERE id = $3`, active, now, id)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("entidades: activar (%t) la entidad %s: %w", active, id, err)
	}
	return nil
}

// holderOf returns the name of another entity (not exceptID) with the given
// value in column (one of ine_code for ayuntamientos, dir3, nif), or "".
func holderOf(ctx context.Context, q db.Queryer, column, value, exceptID string) (string, error) {
	query := `SELECT name FROM entities WHERE ` + column + ` = $1 AND id <> $2`
	switch column {
	case "ine_code":
		query += ` AND kind = 'ayuntamiento'`
	case "dir3", "nif":
	default:
		panic("holderOf: column " + column)
	}
	var name string
	err := q.QueryRowContext(ctx, query+` ORDER BY name LIMIT 1`, value, exceptID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return name, fmt.Errorf("entidades: buscar quién tiene %s: %w", column, err)
	}
	return name, nil
}

const refCols = `e.id, e.kind, e.name, COALESCE(e.ine_code, ''), e.active, e.fictitious`

func scanRef(sc db.Scanner) (Ref, error) {
	var r Ref
	err := sc.Scan(&r.ID, &r.Kind, &r.Name, &r.INECode, &r.Active, &r.Fictitious)
	return r, err
}

// childrenOf lists the ELM whose parent ayuntamiento is id.
func childrenOf(ctx context.Context, q db.Queryer, id string) ([]Ref, error) {
	return db.Collect(ctx, q, scanRef, `SELECT `+refCols+` FROM entities e WHERE e.parent_id = $1 ORDER BY e.search_text, e.id`, id)
}

// membersOf lists the members of a mancomunidad, with the membership's
// fictitious flag and source.
func membersOf(ctx context.Context, q db.Queryer, mancomunidadID string) ([]Ref, error) {
	return memberRefs(ctx, q, "member_id", "mancomunidad_id", mancomunidadID)
}

// mancomunidadesOf lists the mancomunidades id belongs to.
func mancomunidadesOf(ctx context.Context, q db.Queryer, id string) ([]Ref, error) {
	return memberRefs(ctx, q, "mancomunidad_id", "member_id", id)
}

// memberRefs lists the entities in column listed of the mancomunidad
// memberships whose column by is id, with the membership's fictitious flag
// and source.
func memberRefs(ctx context.Context, q db.Queryer, listed, by, id string) ([]Ref, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Ref, error) {
		var r Ref
		var fict bool
		err := sc.Scan(&r.ID, &r.Kind, &r.Name, &r.INECode, &r.Active, &r.Fictitious, &fict, &r.Source)
		r.Fictitious = r.Fictitious || fict
		return r, err
	}, `SELECT `+refCols+`, mm.fictitious, mm.source FROM mancomunidad_members mm
		JOIN entities e ON e.id = mm.`+listed+` WHERE mm.`+by+` = $1 ORDER BY e.search_text, e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("entidades: leer los miembros (%s) de %s: %w", listed, id, err)
	}
	return rows, nil
}

// entitiesOfKinds lists the active entities of the given kinds, for selects.
func entitiesOfKinds(ctx context.Context, q db.Queryer, kinds ...string) ([]Ref, error) {
	var w db.Where
	in := w.List(kinds...)
	query := `SELECT ` + refCols + ` FROM entities e WHERE e.active = ` + w.Arg(true) +
		` AND e.kind IN (` + in + `) ORDER BY e.search_text, e.id`
	return db.Collect(ctx, q, scanRef, query, w.Args...)
}

// isMember reports whether memberID belongs to mancomunidadID.
func isMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM mancomunidad_members WHERE mancomunidad_id = $1 AND member_id = $2`,
		mancomunidadID, memberID).Scan(&n)
	if err != nil {
		return n > 0, fmt.Errorf("entidades: comprobar si %s es miembro de la mancomunidad %s: %w", memberID, mancomunidadID, err)
	}
	return n > 0, nil
}

func insertMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID, source string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO mancomunidad_members (mancomunidad_id, member_id, fictitious, source)
		VALUES ($1, $2, $3, $4)`, mancomunidadID, memberID, false, source)
	if err != nil {
		return fmt.Errorf("entidades: añadir %s a la mancomunidad %s: %w", memberID, mancomunidadID, err)
	}
	return nil
}

func deleteMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM mancomunidad_members WHERE mancomunidad_id = $1 AND member_id = $2`,
		mancomunidadID, memberID)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("entidades: quitar %s de la mancomunidad %s: %w", memberID, mancomunidadID, err)
	}
	return nil
}

// change is one row of an entity's history.
type change struct {
	At        time.Time
	ActorName string
	Action    string
}

// historyOf returns the latest audited changes of an entity (its own record
// and its memberships), newest first.
func historyOf(ctx context.Context, q db.Queryer, id string, limit int) ([]change, error) {
	recs, err := audit.List(ctx, q, audit.Filter{EntityID: id, ObjectTypes: []string{"entidad", "miembro_mancomunidad"}, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("entidades: leer el historial de la entidad %s: %w", id, err)
	}
	var out []change
	for _, r := range recs {
		out = append(out, change{At: r.At, ActorName: r.ActorName, Action: r.Action})
	}
	return out, nil
}

var actionLabels = map[string]string{
	actionCreate:       "Alta en el registro",
	actionUpdate:       "Cambio de datos",
	actionDeactivate:   "Baja",
	actionReactivate:   "Vuelta a dar de alta",
	actionAddMember:    "Alta de un miembro",
	actionRemoveMember: "Baja de un miembro",
}

// Label describes the change for people.
func (c change) Label() string {
	if l, ok := actionLabels[c.Action]; ok {
		return l
	}
	return c.Action
}
