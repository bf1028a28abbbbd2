package registry

import (
	"context"
	"database/sql"
	"fmt"
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

// listRow is an asiento in lists: the columns lists and exports show
// (not the texts expone, solicita, search_text...), its unit, whether it is
// cancelled and the unit where it waits, if any.
type listRow struct {
	entryRow
	UnitName  string
	Cancelled bool
	Pending   string
}

// listSelect reads listRows (scanListRow). At most one distribution step
// of an asiento is open. The units are joined, not looked up per row:
// PostgreSQL would scan the small units table once for every asiento.
const listSelect = `SELECT e.id, e.book, e.seq, e.number, e.registered_at, e.means, e.source, e.subject, e.summary,
	e.doc_type, e.origin_dir3, e.origin_name, e.dest_dir3, e.dest_name, e.first_party, e.receipt_csv, COALESCE(u.name, ''),
	EXISTS (SELECT 1 FROM registry_annotations a WHERE a.entity_id = e.entity_id AND a.entry_id = e.id AND a.kind = 'anulacion'),
	COALESCE(pu.name, '')
	FROM registry_entries e
	LEFT JOIN registry_units u ON u.entity_id = e.entity_id AND u.id = e.unit_id
	LEFT JOIN registry_distributions p ON p.entity_id = e.entity_id AND p.entry_id = e.id AND p.state = 'pendiente'
	LEFT JOIN registry_units pu ON pu.entity_id = p.entity_id AND pu.id = p.unit_id`

func scanListRow(sc db.Scanner) (listRow, error) {
	var r listRow
	e := &r.entryRow
	err := sc.Scan(&e.ID, &e.Book, &e.Seq, &e.Number, &e.RegisteredAt, &e.Means, &e.Source, &e.Subject, &e.Summary,
		&e.DocType, &e.OriginDIR3, &e.OriginName, &e.DestDIR3, &e.DestName, &e.FirstParty, &e.ReceiptCSV, &r.UnitName,
		&r.Cancelled, &r.Pending)
	e.RegisteredAt = e.RegisteredAt.UTC()
	return r, err
}

// entryColumnsE is entryColumns of the asiento aliased e.
var entryColumnsE = "e." + strings.Join(strings.Fields(strings.ReplaceAll(entryColumns, ",", " ")), ", e.")

func (f Filter) where(x reach) *db.Where {
	var w db.Where
	w.Add("e.entity_id = ?", x.entityID)
	// The conditions on distributions are uncorrelated IN subqueries: the
	// engine reads the matching asientos once from an index of
	// registry_distributions (by unit, or by state) instead of searching the
	// distributions of every asiento of the book (see doc.go).
	if !x.whole {
		// A usuario sees what was ever distributed to his units.
		if len(x.units) == 0 {
			w.Add("1 = 0")
		} else {
			w.Add(`e.id IN (SELECT d.entry_id FROM registry_distributions d WHERE d.entity_id = ?
				AND d.unit_id IN (`+w.List(x.units...)+`))`, x.entityID)
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
		w.Add("(" + w.Contains("e.number", strings.ToUpper(q)) + " OR " + w.Contains("e.search_text", folded) + ")")
	}
	if f.UnitID != "" {
		w.Add(`e.id IN (SELECT d.entry_id FROM registry_distributions d WHERE d.entity_id = ? AND d.unit_id = ?)`,
			x.entityID, f.UnitID)
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
		w.Add(`e.id IN (SELECT d.entry_id FROM registry_distributions d WHERE d.entity_id = ? AND d.state = 'pendiente')`,
			x.entityID)
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

// countQuery counts the asientos of the filter within reach.
func (f Filter) countQuery(x reach) (string, []any) {
	w := f.where(x)
	return `SELECT COUNT(*) FROM registry_entries e` + w.SQL(), w.Args
}

// pageQuery reads a page of the filter's asientos (size per page).
func (f Filter) pageQuery(x reach, size int) (string, []any) {
	w := f.where(x)
	return listSelect + w.SQL() + f.order() + " LIMIT " + itoa(size) + " OFFSET " + itoa((max(f.Page, 1)-1)*size), w.Args
}

// chunkQuery reads the export's next chunk: the asientos after last (none:
// from the first), oldest first.
func (f Filter) chunkQuery(x reach, last *listRow) (string, []any) {
	w := f.where(x)
	if last != nil {
		w.Add("(e.registered_at, e.book, e.seq) > (?, ?, ?)", last.RegisteredAt, last.Book, last.Seq)
	}
	return exportSelect + w.SQL() + " ORDER BY e.registered_at, e.book, e.seq LIMIT " + itoa(exportChunk), w.Args
}

// listEntries returns a page of asientos (size per page) and the total.
func (m *Module) listEntries(ctx context.Context, x reach, f Filter, size int) ([]listRow, int, error) {
	var total int
	query, args := f.countQuery(x)
	if err := m.kit.DB.QueryRowContext(ctx, query, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("registro: contar asientos: %w", err)
	}
	query, args = f.pageQuery(x, size)
	rows, err := db.Collect(ctx, m.kit.DB, scanListRow, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("registro: listar asientos: %w", err)
	}
	return rows, total, nil
}

// exportChunk is how many asientos eachEntry reads per query.
const exportChunk = 5000

// exportSelect reads an asiento's list columns and its unit's id alone:
// eachEntry adds the unit's name, the cancellation and the unit where it
// waits from what exportFacts read once per export, instead of four index
// searches per asiento (the cost of listSelect on a whole book).
const exportSelect = `SELECT e.id, e.book, e.seq, e.number, e.registered_at, e.means, e.source, e.subject, e.summary,
	e.doc_type, e.origin_dir3, e.origin_name, e.dest_dir3, e.dest_name, e.first_party, e.receipt_csv, COALESCE(e.unit_id, '')
	FROM registry_entries e`

// exportFacts are the entity's unit names, cancelled asientos and the
// unit where each pending asiento waits (at most one step is open).
type exportFacts struct {
	units, pending map[string]string
	cancelled      map[string]bool
}

func readExportFacts(ctx context.Context, q db.Queryer, entityID string) (*exportFacts, error) {
	pairs := func(query string) (map[string]string, error) {
		rows, err := db.Collect(ctx, q, func(sc db.Scanner) (p [2]string, err error) {
			err = sc.Scan(&p[0], &p[1])
			return p, err
		}, query, entityID)
		out := make(map[string]string, len(rows))
		for _, p := range rows {
			out[p[0]] = p[1]
		}
		return out, err
	}
	f := &exportFacts{cancelled: map[string]bool{}}
	var err error
	if f.units, err = pairs(`SELECT id, name FROM registry_units WHERE entity_id = $1`); err != nil {
		return nil, err
	}
	if f.pending, err = pairs(`SELECT entry_id, unit_id FROM registry_distributions
		WHERE entity_id = $1 AND state = 'pendiente'`); err != nil {
		return nil, err
	}
	cancelled, err := pairs(`SELECT entry_id, kind FROM registry_annotations WHERE entity_id = $1 AND kind = 'anulacion'`)
	for id := range cancelled {
		f.cancelled[id] = true
	}
	return f, err
}

// row completes an asiento read by exportSelect.
func (f *exportFacts) row(sc db.Scanner) (listRow, error) {
	var r listRow
	var unitID string
	e := &r.entryRow
	err := sc.Scan(&e.ID, &e.Book, &e.Seq, &e.Number, &e.RegisteredAt, &e.Means, &e.Source, &e.Subject, &e.Summary,
		&e.DocType, &e.OriginDIR3, &e.OriginName, &e.DestDIR3, &e.DestName, &e.FirstParty, &e.ReceiptCSV, &unitID)
	e.RegisteredAt = e.RegisteredAt.UTC()
	r.UnitName, r.Cancelled = f.units[unitID], f.cancelled[e.ID]
	if pending, ok := f.pending[e.ID]; ok {
		r.Pending = f.units[pending]
	}
	return r, err
}

// eachEntry calls fn with every asiento of the filter, oldest first. It
// reads them exportChunk at a time, each chunk starting after the last one
// read (registered_at, book and seq identify an asiento and are its order):
// memory holds one chunk, and the connection goes back to the pool between
// chunks however slowly the download is read.
func (m *Module) eachEntry(ctx context.Context, x reach, f Filter, fn func(listRow) error) error {
	facts, err := readExportFacts(ctx, m.kit.DB, x.entityID)
	if err != nil {
		return fmt.Errorf("registro: leer unidades y anotaciones para exportar: %w", err)
	}
	var last *listRow
	for {
		query, args := f.chunkQuery(x, last)
		rows, err := db.Collect(ctx, m.kit.DB, facts.row, query, args...)
		if err != nil {
			return fmt.Errorf("registro: leer asientos para exportar: %w", err)
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < exportChunk {
			return nil
		}
		last = &rows[len(rows)-1]
	}
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
