package dir3

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// unitSearch is the full-text index of dir3_units.search_text (the
// folded name, acronym and code).
var unitSearch = db.SearchIndex{Name: "dir3_units_fts", Table: "dir3_units", Column: "search_text", Key: []string{"code"}}

const unitCols = `u.code, u.name, u.state, u.acronym, u.nif, u.admin_level, u.level, u.superior_code, u.root_code,
	u.province, u.municipality, u.address, u.postal_code, u.created_on, u.extinguished_on, u.annulled_on, u.updated_on, u.missing_since`

func scanUnit(s db.Scanner) (Unit, error) {
	var u Unit
	var dates [5]sql.NullTime
	err := s.Scan(&u.Code, &u.Name, &u.State, &u.Acronym, &u.NIF, &u.AdminLevel, &u.Level, &u.SuperiorCode, &u.RootCode,
		&u.Province, &u.Municipality, &u.Address, &u.PostalCode, &dates[0], &dates[1], &dates[2], &dates[3], &dates[4])
	u.CreatedOn, u.ExtinguishedOn, u.AnnulledOn, u.UpdatedOn, u.MissingSince = dates[0].Time, dates[1].Time, dates[2].Time, dates[3].Time, dates[4].Time
	return u, err
}

// officeCols: the office's columns, and whether it is integrated in SIR
// (a vigente SIR relation or SIR service).
const officeCols = `o.code, o.name, o.state, o.admin_level, o.unit_code, o.parent_code, o.address, o.postal_code, o.province,
	o.municipality, o.created_on, o.extinguished_on, o.annulled_on, o.updated_on, o.missing_since,
	EXISTS (SELECT 1 FROM dir3_office_links s WHERE s.office_code = o.code AND s.state = 'V'
		AND (s.kind = 'S' OR s.kind = 'V' AND s.unit_code IN ('5', '6', '7')))`

func scanOffice(s db.Scanner) (Office, error) {
	var o Office
	var dates [5]sql.NullTime
	err := s.Scan(&o.Code, &o.Name, &o.State, &o.AdminLevel, &o.UnitCode, &o.ParentCode, &o.Address, &o.PostalCode, &o.Province,
		&o.Municipality, &dates[0], &dates[1], &dates[2], &dates[3], &dates[4], &o.SIR)
	o.CreatedOn, o.ExtinguishedOn, o.AnnulledOn, o.UpdatedOn, o.MissingSince = dates[0].Time, dates[1].Time, dates[2].Time, dates[3].Time, dates[4].Time
	return o, err
}

// searchText is what the search index holds of a unit.
func searchText(u Unit) string {
	return refdata.Fold(u.Name + " " + u.Acronym + " " + u.Code)
}

// searchUnits returns a page of the units matching q and opts, and their total.
func searchUnits(ctx context.Context, q db.Queryer, engine db.Engine, text string, opts SearchOptions) ([]Unit, int, error) {
	w := &db.Where{}
	if terms := db.SearchTerms(refdata.Fold(text)); !unitSearch.In(w, engine, []string{"u.code"}, terms) && strings.TrimSpace(text) != "" {
		w.Add(w.Contains("u.search_text", refdata.Fold(text)))
	}
	if opts.AdminLevel != 0 {
		w.Add("u.admin_level = ?", int(opts.AdminLevel))
	}
	if !opts.All {
		w.Add("u.state = 'V' AND u.missing_since IS NULL")
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_units u`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("dir3: contar las unidades de «%s»: %w", text, err)
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = 20
	}
	query := `SELECT ` + unitCols + ` FROM dir3_units u` + w.SQL() + ` ORDER BY u.level, u.name, u.code LIMIT ` +
		w.Arg(limit) + ` OFFSET ` + w.Arg(max(opts.Offset, 0))
	units, err := db.Collect(ctx, q, scanUnit, query, w.Args...)
	if err != nil {
		return nil, 0, fmt.Errorf("dir3: buscar las unidades de «%s»: %w", text, err)
	}
	return units, total, nil
}

func unitByCode(ctx context.Context, q db.Queryer, code string) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitCols+` FROM dir3_units u WHERE u.code = $1`, code))
	if err := db.NotFound(err); err != nil {
		return u, fmt.Errorf("dir3: leer la unidad %s: %w", code, err)
	}
	return u, nil
}

func officeByCode(ctx context.Context, q db.Queryer, code string) (Office, error) {
	o, err := scanOffice(q.QueryRowContext(ctx, `SELECT `+officeCols+` FROM dir3_offices o WHERE o.code = $1`, code))
	if err := db.NotFound(err); err != nil {
		return o, fmt.Errorf("dir3: leer la oficina %s: %w", code, err)
	}
	return o, nil
}

// unitsByCodes returns the units of codes that exist, in the order given.
func unitsByCodes(ctx context.Context, q db.Queryer, codes []string) ([]Unit, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	w := &db.Where{}
	w.In("u.code", codes)
	list, err := db.Collect(ctx, q, scanUnit, `SELECT `+unitCols+` FROM dir3_units u`+w.SQL(), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("dir3: leer las unidades %v: %w", codes, err)
	}
	by := map[string]Unit{}
	for _, u := range list {
		by[u.Code] = u
	}
	out := make([]Unit, 0, len(list))
	for _, c := range codes {
		if u, ok := by[c]; ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// children returns the units that depend directly on code (at most limit),
// and how many there are.
func children(ctx context.Context, q db.Queryer, code string, limit int) ([]Unit, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_units WHERE superior_code = $1 AND code <> $1`, code).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("dir3: contar las unidades dependientes de %s: %w", code, err)
	}
	list, err := db.Collect(ctx, q, scanUnit, `SELECT `+unitCols+` FROM dir3_units u WHERE u.superior_code = $1 AND u.code <> $1
		ORDER BY u.state = 'V' DESC, u.name, u.code LIMIT $2`, code, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("dir3: leer las unidades dependientes de %s: %w", code, err)
	}
	return list, total, nil
}

// linkedOffices returns the offices related to unitCode by kind of link,
// vigente links first.
func linkedOffices(ctx context.Context, q db.Queryer, kind, unitCode string) ([]Office, error) {
	list, err := db.Collect(ctx, q, scanOffice, `SELECT `+officeCols+` FROM dir3_office_links l
		JOIN dir3_offices o ON o.code = l.office_code
		WHERE l.unit_code = $1 AND l.kind = $2 AND l.state = 'V' ORDER BY o.state = 'V' DESC, o.name, o.code`, unitCode, kind)
	if err != nil {
		return nil, fmt.Errorf("dir3: leer las oficinas de la unidad %s: %w", unitCode, err)
	}
	return list, nil
}

// linkedUnits returns the units related to officeCode by kind of link (at
// most limit), and how many there are.
func linkedUnits(ctx context.Context, q db.Queryer, kind, officeCode string, limit int) ([]Unit, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_office_links WHERE office_code = $1 AND kind = $2 AND state = 'V'`,
		officeCode, kind).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("dir3: contar las unidades de la oficina %s: %w", officeCode, err)
	}
	list, err := db.Collect(ctx, q, scanUnit, `SELECT `+unitCols+` FROM dir3_office_links l
		JOIN dir3_units u ON u.code = l.unit_code
		WHERE l.office_code = $1 AND l.kind = $2 AND l.state = 'V' ORDER BY u.level, u.name, u.code LIMIT $3`, officeCode, kind, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("dir3: leer las unidades de la oficina %s: %w", officeCode, err)
	}
	return list, total, nil
}

// validCodes tells which of codes name a vigente unit or office still listed.
func validCodes(ctx context.Context, q db.Queryer, codes []string) (map[string]bool, error) {
	out := make(map[string]bool, len(codes))
	norm := make([]string, 0, len(codes))
	for _, c := range codes {
		out[c] = false
		norm = append(norm, normCode(c))
	}
	if len(norm) == 0 {
		return out, nil
	}
	w := &db.Where{}
	w.In("code", norm)
	cond := w.SQL() + ` AND state = 'V' AND missing_since IS NULL`
	valid, err := db.Collect(ctx, q, func(s db.Scanner) (string, error) { var c string; return c, s.Scan(&c) },
		`SELECT code FROM dir3_units`+cond+` UNION SELECT code FROM dir3_offices`+cond, w.Args...) // both halves read the same $N
	if err != nil {
		return nil, fmt.Errorf("dir3: comprobar %d códigos: %w", len(codes), err)
	}
	ok := map[string]bool{}
	for _, c := range valid {
		ok[c] = true
	}
	for _, c := range codes {
		out[c] = ok[normCode(c)]
	}
	return out, nil
}

// hasData reports whether the directory holds any unit.
func hasData(ctx context.Context, q db.Queryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM dir3_units LIMIT 1) x`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("dir3: ver si hay unidades: %w", err)
	}
	return n > 0, nil
}

// dateArg is a date column's value: NULL for the zero time.
func dateArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
