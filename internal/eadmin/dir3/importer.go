package dir3

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"concejo/internal/platform/db"
)

// States of an import.
const (
	ImportRunning = "en_curso"
	ImportDone    = "terminada"
	ImportFailed  = "fallida"
)

var (
	importStateLabels  = map[string]string{ImportRunning: "En curso", ImportDone: "Terminada", ImportFailed: "Fallida"}
	importStateClasses = map[string]string{ImportRunning: "pendiente", ImportDone: "terminado", ImportFailed: "fallido"}
)

// Import is one import of a DIR3 file.
type Import struct {
	ID string
	At time.Time
	// By is the user who imported it (ByName his name then).
	By, ByName string
	FileName   string
	// FileDate is the date of the file's data (its latest fecha de última
	// actualización), zero when it carries none.
	FileDate time.Time
	// Full marks a complete file: what it no longer lists is marked as missing.
	Full    bool
	State   string
	JobID   string
	Counts  Counts
	Message string
}

// StateLabel is the import's state in Spanish.
func (im Import) StateLabel() string { return importStateLabels[im.State] }

// StateClass is the state's label style on the pages.
func (im Import) StateClass() string { return importStateClasses[im.State] }

// Counts are what an import changed.
type Counts struct {
	UnitsNew, UnitsChanged, UnitsInvalid       int
	OfficesNew, OfficesChanged, OfficesInvalid int
	LinksChanged                               int
}

// Warning is a unit or office that stopped being valid in an import.
type Warning struct {
	// Kind is "unidad" or "oficina".
	Kind, Code, Name string
	State            State
	Reason           string
}

// Href is the page of the unit or office.
func (w Warning) Href() string {
	if w.Kind == kindOffice {
		return "/dir3/oficinas/" + w.Code
	}
	return "/dir3/unidades/" + w.Code
}

const (
	kindUnit   = "unidad"
	kindOffice = "oficina"
	// batch is the rows written per transaction, so that a whole-state
	// file neither holds the writer for long nor grows one transaction.
	batch = 2000
)

// change is one row an import writes: the file's row i, new or changed,
// or a stored row to mark as missing.
type change struct {
	row     int
	isNew   bool
	missing string // the code to mark as missing, instead of a row
}

// plan compares the rows of a file with the stored ones.
type plan struct {
	table string
	cols  []string
	// args gives the values of the file's row i in the order of cols.
	args                  func(i int) []any
	changes               []change
	warnings              []Warning
	new, changed, invalid int
}

// compare plans the writes of n rows of one kind, row(i) giving each one's
// code, name, state and hash, against stored; full marks the stored rows
// the file does not list. The values are built as they are written
// (args), so that a whole-state file is not held twice.
func compare(kind, table string, cols []string, stored map[string]stored, full bool, n int,
	row func(i int) (code, name string, state State, hash string), args func(i int) []any) plan {
	p := plan{table: table, cols: cols, args: args}
	seen := make(map[string]bool, n)
	for i := n - 1; i >= 0; i-- { // a code listed twice: its last row counts
		code, name, state, hash := row(i)
		if seen[code] {
			continue
		}
		seen[code] = true
		old, ok := stored[code]
		switch {
		case !ok:
			p.new++
			p.changes = append(p.changes, change{row: i, isNew: true})
		case old.hash != hash || old.missing:
			p.changed++
			p.changes = append(p.changes, change{row: i})
		default:
			continue
		}
		if ok && old.valid() && !state.Valid() {
			p.invalid++
			p.warnings = append(p.warnings, Warning{Kind: kind, Code: code, Name: name, State: state,
				Reason: "Ha pasado a " + state.Label() + "."})
		}
	}
	if full {
		for code, old := range stored {
			if seen[code] || old.missing {
				continue
			}
			p.changes = append(p.changes, change{missing: code})
			if old.valid() {
				p.invalid++
				p.warnings = append(p.warnings, Warning{Kind: kind, Code: code, Name: old.name, State: old.state,
					Reason: "Ya no figura en el fichero completo del DIR3."})
			}
		}
	}
	return p
}

// apply writes p in transactions of batch rows, telling progress how many
// rows of total are done after each.
func (p plan) apply(ctx context.Context, d *db.DB, on time.Time, done *int64, total int64, progress func(done, total int64)) error {
	update := updateSQL(p.table, p.cols, "code")
	for lo := 0; lo < len(p.changes); lo += batch {
		part := p.changes[lo:min(lo+batch, len(p.changes))]
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			var inserts []int
			for _, c := range part {
				var err error
				switch {
				case c.missing != "":
					_, err = tx.ExecContext(ctx, `UPDATE `+p.table+` SET missing_since = $2 WHERE code = $1`, c.missing, on)
				case c.isNew:
					inserts = append(inserts, c.row)
				default:
					_, err = tx.ExecContext(ctx, update, p.args(c.row)...)
				}
				if err != nil {
					return fmt.Errorf("dir3: escribir en %s: %w", p.table, err)
				}
			}
			return db.InsertRows(ctx, tx, d.Engine, p.table, p.cols, len(inserts), func(i int) []any { return p.args(inserts[i]) })
		})
		if err != nil {
			return err
		}
		*done += int64(len(part))
		progress(*done, total)
	}
	return nil
}

// linkPlan compares the relations of a file with the stored ones; in a
// full file, a stored relation of a kind the file carries that it no
// longer lists becomes extinguida.
func linkPlan(data Data, stored map[Link]State, full bool) (writes []Link, inserts []Link) {
	seen := map[Link]bool{}
	for _, l := range data.Links {
		key := Link{Kind: l.Kind, OfficeCode: l.OfficeCode, UnitCode: l.UnitCode}
		if seen[key] {
			continue
		}
		seen[key] = true
		old, ok := stored[key]
		switch {
		case !ok:
			inserts = append(inserts, l)
		case old != l.State:
			writes = append(writes, l)
		}
	}
	if !full {
		return writes, inserts
	}
	carried := map[string]bool{linkOrg: data.Has(fileOrgLinks), linkSIR: data.Has(fileSIRLinks), linkService: data.Has(fileServices)}
	for key, state := range stored {
		if carried[key.Kind] && !seen[key] && state != Extinguida {
			key.State = Extinguida
			writes = append(writes, key)
		}
	}
	sort.Slice(writes, func(i, j int) bool {
		return writes[i].OfficeCode+writes[i].UnitCode < writes[j].OfficeCode+writes[j].UnitCode
	})
	return writes, inserts
}
