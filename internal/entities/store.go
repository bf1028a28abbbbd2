package entities

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/db"
)

// scope is the set of entities an actor may read: all, or the listed ids.
type scope struct {
	all bool
	ids []string
}

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

// sqlWhere builds a WHERE clause with $N placeholders.
type sqlWhere struct {
	conds []string
	args  []any
}

// arg adds v to the arguments and returns its placeholder.
func (w *sqlWhere) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *sqlWhere) add(cond string) { w.conds = append(w.conds, cond) }

func (w *sqlWhere) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// where turns the scope and filter into conditions on e (the entities table);
// the kind condition is left out when withKind is false (for the counts).
func where(sc scope, f Filter, withKind bool) *sqlWhere {
	w := &sqlWhere{}
	if !sc.all {
		if len(sc.ids) == 0 {
			w.add("1 = 0")
		} else {
			ph := make([]string, len(sc.ids))
			for i, id := range sc.ids {
				ph[i] = w.arg(id)
			}
			w.add("e.id IN (" + strings.Join(ph, ", ") + ")")
		}
	}
	if withKind && f.Kind != "" {
		w.add("e.kind = " + w.arg(f.Kind))
	}
	if f.Text != "" {
		w.add("e.search_text LIKE " + w.arg("%"+escapeLike(f.Text)+"%") + ` ESCAPE '\'`)
	}
	if f.MinPop != nil {
		w.add("e.population >= " + w.arg(*f.MinPop))
	}
	if f.MaxPop != nil {
		w.add("e.population <= " + w.arg(*f.MaxPop))
	}
	switch f.State {
	case "bajas":
		w.add("e.active = " + w.arg(false))
	case "todas":
	default:
		w.add("e.active = " + w.arg(true))
	}
	return w
}

// escapeLike protects the LIKE wildcards typed by the user.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
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

func scanEntity(sc interface{ Scan(...any) error }) (Entity, error) {
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
	return e, db.NotFound(err)
}

// listEntities returns the entities of the scope matching f, ordered, from
// offset, at most limit (0 = all), and how many match in total.
func listEntities(ctx context.Context, q db.Queryer, sc scope, f Filter, limit, offset int) ([]Entity, int, error) {
	w := where(sc, f, true)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM entities e`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := `SELECT ` + entityCols + entityFrom + w.String() + orderBy(f.Sort)
	if limit > 0 {
		query += " LIMIT " + w.arg(limit) + " OFFSET " + w.arg(offset)
	}
	rows, err := q.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entity
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// kindCounts counts the entities of the scope matching f (but for its kind)
// per kind.
func kindCounts(ctx context.Context, q db.Queryer, sc scope, f Filter) (map[string]int, error) {
	w := where(sc, f, false)
	rows, err := q.QueryContext(ctx, `SELECT e.kind, COUNT(*) FROM entities e`+w.String()+` GROUP BY e.kind`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
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
		e.ID, e.Kind, e.Name, e.searchText(), nullString(e.INECode), nullDC(e), nullString(e.DIR3), nullString(e.NIF),
		e.Address, e.PostalCode, e.Town, e.Population, e.PopulationYear, e.Email, e.Phone, e.MayorName, e.MayorTitle,
		nullString(e.ParentID), e.Fictitious, e.Notes, e.Active, e.CreatedAt, e.UpdatedAt)
	return err
}

// updateEntity writes every changeable column of e (not its kind nor its INE code).
func updateEntity(ctx context.Context, q db.Queryer, e Entity) error {
	res, err := q.ExecContext(ctx, `UPDATE entities SET name = $1, search_text = $2, dir3 = $3, nif = $4,
		address = $5, postal_code = $6, town = $7, population = $8, population_year = $9, email = $10, phone = $11,
		mayor_name = $12, mayor_title = $13, parent_id = $14, notes = $15, updated_at = $16 WHERE id = $17`,
		e.Name, e.searchText(), nullString(e.DIR3), nullString(e.NIF), e.Address, e.PostalCode, e.Town,
		e.Population, e.PopulationYear, e.Email, e.Phone, e.MayorName, e.MayorTitle, nullString(e.ParentID),
		e.Notes, e.UpdatedAt, e.ID)
	return affected(res, err)
}

// setActive deactivates or reactivates an entity.
func setActive(ctx context.Context, q db.Queryer, id string, active bool, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE entities SET active = $1, updated_at = $2 WHERE id = $3`, active, now, id)
	return affected(res, err)
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return db.ErrNotFound
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
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

const refCols = `e.id, e.kind, e.name, COALESCE(e.ine_code, ''), e.active, e.fictitious`

func queryRefs(ctx context.Context, q db.Queryer, query string, args ...any) ([]Ref, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ref
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Kind, &r.Name, &r.INECode, &r.Active, &r.Fictitious); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// childrenOf lists the ELM whose parent ayuntamiento is id.
func childrenOf(ctx context.Context, q db.Queryer, id string) ([]Ref, error) {
	return queryRefs(ctx, q, `SELECT `+refCols+` FROM entities e WHERE e.parent_id = $1 ORDER BY e.search_text, e.id`, id)
}

// membersOf lists the members of a mancomunidad, with the membership's
// fictitious flag and source.
func membersOf(ctx context.Context, q db.Queryer, mancomunidadID string) ([]Ref, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+refCols+`, mm.fictitious, mm.source FROM mancomunidad_members mm
		JOIN entities e ON e.id = mm.member_id WHERE mm.mancomunidad_id = $1 ORDER BY e.search_text, e.id`, mancomunidadID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ref
	for rows.Next() {
		var r Ref
		var fict bool
		if err := rows.Scan(&r.ID, &r.Kind, &r.Name, &r.INECode, &r.Active, &r.Fictitious, &fict, &r.Source); err != nil {
			return nil, err
		}
		r.Fictitious = r.Fictitious || fict
		out = append(out, r)
	}
	return out, rows.Err()
}

// mancomunidadesOf lists the mancomunidades id belongs to.
func mancomunidadesOf(ctx context.Context, q db.Queryer, id string) ([]Ref, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+refCols+`, mm.fictitious, mm.source FROM mancomunidad_members mm
		JOIN entities e ON e.id = mm.mancomunidad_id WHERE mm.member_id = $1 ORDER BY e.search_text, e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ref
	for rows.Next() {
		var r Ref
		var fict bool
		if err := rows.Scan(&r.ID, &r.Kind, &r.Name, &r.INECode, &r.Active, &r.Fictitious, &fict, &r.Source); err != nil {
			return nil, err
		}
		r.Fictitious = r.Fictitious || fict
		out = append(out, r)
	}
	return out, rows.Err()
}

// entitiesOfKinds lists the active entities of the given kinds, for selects.
func entitiesOfKinds(ctx context.Context, q db.Queryer, kinds ...string) ([]Ref, error) {
	w := &sqlWhere{}
	ph := make([]string, len(kinds))
	for i, k := range kinds {
		ph[i] = w.arg(k)
	}
	return queryRefs(ctx, q, `SELECT `+refCols+` FROM entities e WHERE e.active = `+w.arg(true)+
		` AND e.kind IN (`+strings.Join(ph, ", ")+`) ORDER BY e.search_text, e.id`, w.args...)
}

// isMember reports whether memberID belongs to mancomunidadID.
func isMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM mancomunidad_members WHERE mancomunidad_id = $1 AND member_id = $2`,
		mancomunidadID, memberID).Scan(&n)
	return n > 0, err
}

func insertMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID, source string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO mancomunidad_members (mancomunidad_id, member_id, fictitious, source)
		VALUES ($1, $2, $3, $4)`, mancomunidadID, memberID, false, source)
	return err
}

func deleteMember(ctx context.Context, q db.Queryer, mancomunidadID, memberID string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM mancomunidad_members WHERE mancomunidad_id = $1 AND member_id = $2`,
		mancomunidadID, memberID)
	return affected(res, err)
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
	rows, err := q.QueryContext(ctx, `SELECT at, actor_name, action FROM audit_log
		WHERE entity_id = $1 AND object_type IN ('entidad', 'miembro_mancomunidad') ORDER BY seq DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.At, &c.ActorName, &c.Action); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
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
