package registry

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// Filter selects asientos of a book.
type Filter struct {
	Book     string // "E", "S" or ""
	From, To time.Time
	Query    string // number, interesado (name or document), asunto, resumen
	UnitID   string
	State    string // "", "vigente", "anulado", "pendiente"
	Sort     string // "", "antiguo"
	Page     int
}

// listRow is an asiento in lists.
type listRow struct {
	entryRow
	UnitName  string
	Cancelled bool
	Pending   string // unit name where it waits, if any
}

// Cancelled etc. are computed with subqueries portable to both engines.
const listSelect = `SELECT ` + entryColumnsE + `,
	COALESCE((SELECT u.name FROM registry_units u WHERE u.entity_id = e.entity_id AND u.id = e.unit_id), ''),
	EXISTS (SELECT 1 FROM registry_annotations a WHERE a.entity_id = e.entity_id AND a.entry_id = e.id AND a.kind = 'anulacion'),
	COALESCE((SELECT u.name FROM registry_distributions d JOIN registry_units u ON u.entity_id = d.entity_id AND u.id = d.unit_id
		WHERE d.entity_id = e.entity_id AND d.entry_id = e.id AND d.state = 'pendiente'), '')
	FROM registry_entries e`

const entryColumnsE = `e.entity_id, e.id, e.book, e.year, e.seq, e.number, e.registered_at, e.means, e.source, e.subject,
	e.summary, e.doc_type, e.origin_dir3, e.origin_name, e.dest_dir3, e.dest_name, e.unit_id, e.external_ref, e.expone,
	e.solicita, e.first_party, e.search_text, e.receipt_csv, e.clerk_id, e.clerk_name`

func (f Filter) where(x access) *db.Where {
	var w db.Where
	w.Add("e.entity_id = ?", x.EntityID)
	if !x.CanReadAll() {
		// A usuario sees what was ever distributed to his units.
		if len(x.Units) == 0 {
			w.Add("1 = 0")
		} else {
			marks := make([]string, len(x.Units))
			for i, u := range x.Units {
				marks[i] = w.Arg(u)
			}
			w.Add(`EXISTS (SELECT 1 FROM registry_distributions d WHERE d.entity_id = e.entity_id AND d.entry_id = e.id
				AND d.unit_id IN (` + strings.Join(marks, ", ") + `))`)
		}
	}
	if f.Book != "" {
		w.Add("e.book = ?", f.Book)
	}
	if !f.From.IsZero() {
		w.Add("e.registered_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.Add("e.registered_at < ?", f.To.UTC())
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		folded := refdata.Fold(q)
		w.Add("(e.number LIKE ? OR e.search_text LIKE ?)", "%"+strings.ToUpper(q)+"%", "%"+folded+"%")
	}
	if f.UnitID != "" {
		w.Add(`EXISTS (SELECT 1 FROM registry_distributions d WHERE d.entity_id = e.entity_id AND d.entry_id = e.id
			AND d.unit_id = ?)`, f.UnitID)
	}
	switch f.State {
	case "anulado", "vigente":
		not := ""
		if f.State == "vigente" {
			not = "NOT "
		}
		w.Add(not + `EXISTS (SELECT 1 FROM registry_annotations a WHERE a.entity_id = e.entity_id AND a.entry_id = e.id
			AND a.kind = 'anulacion')`)
	case "pendiente":
		w.Add(`EXISTS (SELECT 1 FROM registry_distributions d WHERE d.entity_id = e.entity_id AND d.entry_id = e.id
			AND d.state = 'pendiente')`)
	case "sin_distribuir":
		w.Add(`NOT EXISTS (SELECT 1 FROM registry_distributions d WHERE d.entity_id = e.entity_id AND d.entry_id = e.id
			AND d.state IN ('pendiente', 'aceptada'))`)
	}
	return &w
}

func (f Filter) order() string {
	if f.Sort == "antiguo" {
		return " ORDER BY e.registered_at, e.book, e.seq"
	}
	return " ORDER BY e.registered_at DESC, e.book DESC, e.seq DESC"
}

func scanListRow(sc db.Scanner) (listRow, error) {
	var r listRow
	e, err := scanEntryWith(sc, &r.UnitName, &r.Cancelled, &r.Pending)
	r.entryRow = e
	return r, err
}

// listEntries returns a page of asientos (size per page) and the total.
func (m *Module) listEntries(ctx context.Context, x access, f Filter, size int) ([]listRow, int, error) {
	w := f.where(x)
	var total int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM registry_entries e`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	q := listSelect + w.SQL() + f.order()
	args := w.Args
	if size > 0 {
		page := max(f.Page, 1)
		q += " LIMIT " + itoa(size) + " OFFSET " + itoa((page-1)*size)
	}
	rows, err := db.Collect(ctx, m.kit.DB, scanListRow, q, args...)
	return rows, total, err
}

// annotation is a dated note on an asiento.
type annotation struct {
	ID, Kind, Body string
	CreatedAt      time.Time
	CreatedBy, By  string
}

// KindLabel is the Spanish name of the annotation kind.
func (a annotation) KindLabel() string {
	if l, ok := annotationKinds[a.Kind]; ok {
		return l
	}
	return "Nota"
}

func annotationsOf(ctx context.Context, q db.Queryer, entityID, entryID string) ([]annotation, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (a annotation, err error) {
		err = sc.Scan(&a.ID, &a.Kind, &a.Body, &a.CreatedAt, &a.CreatedBy, &a.By)
		return a, err
	}, `SELECT id, kind, body, created_at, created_by, by_name FROM registry_annotations
		WHERE entity_id = $1 AND entry_id = $2 ORDER BY created_at, id`, entityID, entryID)
}

// step is one distribution step of an asiento.
type step struct {
	Step             int
	UnitID, UnitName string
	State, Reason    string
	SentAt           time.Time
	SentBy           string
	DecidedAt        *time.Time
	DecidedBy        string
}

// StateLabel is the Spanish name of the step's state.
func (s step) StateLabel() string {
	switch s.State {
	case "pendiente":
		return "Pendiente de aceptar"
	case "aceptada":
		return "Aceptado"
	case "rechazada":
		return "Rechazado"
	case "reenviada":
		return "Reenviado"
	}
	return s.State
}

func stepsOf(ctx context.Context, q db.Queryer, entityID, entryID string) ([]step, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (s step, err error) {
		var decided sql.NullTime
		err = sc.Scan(&s.Step, &s.UnitID, &s.UnitName, &s.State, &s.Reason, &s.SentAt, &s.SentBy, &decided, &s.DecidedBy)
		if decided.Valid {
			t := decided.Time
			s.DecidedAt = &t
		}
		return s, err
	}, `SELECT d.step, d.unit_id, u.name, d.state, d.reason, d.sent_at, d.sent_by, d.decided_at, d.decided_by
		FROM registry_distributions d JOIN registry_units u ON u.entity_id = d.entity_id AND u.id = d.unit_id
		WHERE d.entity_id = $1 AND d.entry_id = $2 ORDER BY d.step`, entityID, entryID)
}

func itoa(n int) string { return strconv.Itoa(n) }
