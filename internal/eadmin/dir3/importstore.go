package dir3

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/db"
)

// The writes of an import. Each row carries the hash of its source
// fields: a row whose hash is unchanged (and still listed) is not written.

var (
	unitWriteCols = []string{"code", "name", "state", "acronym", "nif", "admin_level", "level", "superior_code", "root_code",
		"province", "municipality", "address", "postal_code", "created_on", "extinguished_on", "annulled_on", "updated_on",
		"missing_since", "row_hash", "search_text", "import_id"}
	officeWriteCols = []string{"code", "name", "state", "admin_level", "unit_code", "parent_code", "address", "postal_code",
		"province", "municipality", "created_on", "extinguished_on", "annulled_on", "updated_on", "missing_since", "row_hash", "import_id"}
	linkWriteCols    = []string{"kind", "office_code", "unit_code", "state", "import_id"}
	warningWriteCols = []string{"import_id", "kind", "code", "name", "state", "reason"}
)

func hashOf(fields ...any) string {
	h := sha256.New()
	for _, f := range fields {
		if t, ok := f.(time.Time); ok {
			f = t.Format(time.DateOnly)
		}
		fmt.Fprint(h, f, "\x1f")
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func unitHash(u Unit) string {
	return hashOf(u.Name, u.State, u.Acronym, u.NIF, int(u.AdminLevel), u.Level, u.SuperiorCode, u.RootCode, u.Province,
		u.Municipality, u.Address, u.PostalCode, u.CreatedOn, u.ExtinguishedOn, u.AnnulledOn, u.UpdatedOn)
}

func officeHash(o Office) string {
	return hashOf(o.Name, o.State, int(o.AdminLevel), o.UnitCode, o.ParentCode, o.Address, o.PostalCode, o.Province,
		o.Municipality, o.CreatedOn, o.ExtinguishedOn, o.AnnulledOn, o.UpdatedOn)
}

func unitArgs(u Unit, importID string) []any {
	return []any{u.Code, u.Name, string(u.State), u.Acronym, u.NIF, int(u.AdminLevel), u.Level, u.SuperiorCode, u.RootCode,
		u.Province, u.Municipality, u.Address, u.PostalCode, dateArg(u.CreatedOn), dateArg(u.ExtinguishedOn),
		dateArg(u.AnnulledOn), dateArg(u.UpdatedOn), nil, unitHash(u), searchText(u), importID}
}

func officeArgs(o Office, importID string) []any {
	return []any{o.Code, o.Name, string(o.State), int(o.AdminLevel), o.UnitCode, o.ParentCode, o.Address, o.PostalCode,
		o.Province, o.Municipality, dateArg(o.CreatedOn), dateArg(o.ExtinguishedOn), dateArg(o.AnnulledOn),
		dateArg(o.UpdatedOn), nil, officeHash(o), importID}
}

// updateSQL updates every column but the first (the key) of table.
func updateSQL(table string, cols []string, key ...string) string {
	set := make([]string, 0, len(cols))
	where := make([]string, 0, len(key))
	for i, c := range cols {
		ph := "$" + strconv.Itoa(i+1)
		if i < len(key) {
			where = append(where, c+" = "+ph)
		} else {
			set = append(set, c+" = "+ph)
		}
	}
	return "UPDATE " + table + " SET " + strings.Join(set, ", ") + " WHERE " + strings.Join(where, " AND ")
}

// stored is what an import compares of a stored unit or office.
type stored struct {
	hash    string
	name    string
	state   State
	missing bool
}

// Valid reports whether the stored row was valid.
func (s stored) valid() bool { return s.state.Valid() && !s.missing }

func loadStored(ctx context.Context, q db.Queryer, table string) (map[string]stored, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, row_hash, name, state, missing_since IS NOT NULL FROM `+table)
	if err != nil {
		return nil, fmt.Errorf("dir3: leer los códigos de %s: %w", table, err)
	}
	defer rows.Close()
	out := map[string]stored{}
	for rows.Next() {
		var code string
		var s stored
		if err := rows.Scan(&code, &s.hash, &s.name, &s.state, &s.missing); err != nil {
			return nil, fmt.Errorf("dir3: leer los códigos de %s: %w", table, err)
		}
		out[code] = s
	}
	return out, rows.Err()
}

func loadLinks(ctx context.Context, q db.Queryer) (map[Link]State, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, office_code, unit_code, state FROM dir3_office_links`)
	if err != nil {
		return nil, fmt.Errorf("dir3: leer las relaciones de las oficinas: %w", err)
	}
	defer rows.Close()
	out := map[Link]State{}
	for rows.Next() {
		var l Link
		var s State
		if err := rows.Scan(&l.Kind, &l.OfficeCode, &l.UnitCode, &s); err != nil {
			return nil, fmt.Errorf("dir3: leer las relaciones de las oficinas: %w", err)
		}
		out[l] = s
	}
	return out, rows.Err()
}

func insertImport(ctx context.Context, q db.Queryer, im Import) error {
	_, err := q.ExecContext(ctx, `INSERT INTO dir3_imports (id, imported_at, imported_by, imported_by_name, file_name, file_date,
		full_file, state, job_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		im.ID, im.At, im.By, im.ByName, im.FileName, dateArg(im.FileDate), im.Full, im.State, im.JobID)
	if err != nil {
		return fmt.Errorf("dir3: registrar la importación %s: %w", im.ID, err)
	}
	return nil
}

func setImportJob(ctx context.Context, q db.Queryer, importID, jobID string) error {
	_, err := q.ExecContext(ctx, `UPDATE dir3_imports SET job_id = $2 WHERE id = $1`, importID, jobID)
	if err != nil {
		return fmt.Errorf("dir3: anotar el trabajo de la importación %s: %w", importID, err)
	}
	return nil
}

func finishImport(ctx context.Context, tx *sql.Tx, engine db.Engine, im Import, warnings []Warning) error {
	_, err := tx.ExecContext(ctx, `UPDATE dir3_imports SET state = $2, units_new = $3, units_changed = $4, units_invalid = $5,
		offices_new = $6, offices_changed = $7, offices_invalid = $8, links_changed = $9, message = $10 WHERE id = $1`,
		im.ID, im.State, im.Counts.UnitsNew, im.Counts.UnitsChanged, im.Counts.UnitsInvalid, im.Counts.OfficesNew,
		im.Counts.OfficesChanged, im.Counts.OfficesInvalid, im.Counts.LinksChanged, im.Message)
	if err != nil {
		return fmt.Errorf("dir3: cerrar la importación %s: %w", im.ID, err)
	}
	err = db.InsertRows(ctx, tx, engine, "dir3_import_warnings", warningWriteCols, len(warnings), func(i int) []any {
		w := warnings[i]
		return []any{im.ID, w.Kind, w.Code, w.Name, string(w.State), w.Reason}
	})
	if err != nil {
		return fmt.Errorf("dir3: anotar los avisos de la importación %s: %w", im.ID, err)
	}
	return nil
}

func failImport(ctx context.Context, q db.Queryer, importID, msg string) error {
	_, err := q.ExecContext(ctx, `UPDATE dir3_imports SET state = $2, message = $3 WHERE id = $1`, importID, ImportFailed, msg)
	if err != nil {
		return fmt.Errorf("dir3: anotar el fallo de la importación %s: %w", importID, err)
	}
	return nil
}

const importCols = `id, imported_at, imported_by, imported_by_name, file_name, file_date, full_file, state, job_id, units_new,
	units_changed, units_invalid, offices_new, offices_changed, offices_invalid, links_changed, message`

func scanImport(s db.Scanner) (Import, error) {
	var im Import
	var fileDate sql.NullTime
	c := &im.Counts
	err := s.Scan(&im.ID, &im.At, &im.By, &im.ByName, &im.FileName, &fileDate, &im.Full, &im.State, &im.JobID, &c.UnitsNew,
		&c.UnitsChanged, &c.UnitsInvalid, &c.OfficesNew, &c.OfficesChanged, &c.OfficesInvalid, &c.LinksChanged, &im.Message)
	im.FileDate = fileDate.Time
	return im, err
}

func importByID(ctx context.Context, q db.Queryer, id string) (Import, error) {
	im, err := scanImport(q.QueryRowContext(ctx, `SELECT `+importCols+` FROM dir3_imports WHERE id = $1`, id))
	if err := db.NotFound(err); err != nil {
		return im, fmt.Errorf("dir3: leer la importación %s: %w", id, err)
	}
	return im, nil
}

func recentImports(ctx context.Context, q db.Queryer, limit int) ([]Import, error) {
	list, err := db.Collect(ctx, q, scanImport, `SELECT `+importCols+` FROM dir3_imports ORDER BY imported_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("dir3: listar las importaciones: %w", err)
	}
	return list, nil
}

func importWarnings(ctx context.Context, q db.Queryer, importID string) ([]Warning, error) {
	list, err := db.Collect(ctx, q, func(s db.Scanner) (Warning, error) {
		var w Warning
		return w, s.Scan(&w.Kind, &w.Code, &w.Name, &w.State, &w.Reason)
	}, `SELECT kind, code, name, state, reason FROM dir3_import_warnings WHERE import_id = $1 ORDER BY kind DESC, name, code`, importID)
	if err != nil {
		return nil, fmt.Errorf("dir3: leer los avisos de la importación %s: %w", importID, err)
	}
	return list, nil
}

// latestImport returns the last import that finished, nil when none has.
func latestImport(ctx context.Context, q db.Queryer) (*Import, error) {
	im, err := scanImport(q.QueryRowContext(ctx, `SELECT `+importCols+` FROM dir3_imports WHERE state = $1
		ORDER BY imported_at DESC, id DESC LIMIT 1`, ImportDone))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dir3: leer la última importación: %w", err)
	}
	return &im, nil
}
