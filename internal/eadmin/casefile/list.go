package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// Filter is what a list of expedientes is narrowed by.
type Filter struct {
	// Query is a number (EXP2026/000123, 123/2026) or words of the
	// subject, the procedure or the first interesado's name.
	Query string
	// Party is an interesado's NIF/NIE/CIF: the expedientes he is in.
	Party       string
	State       string // a State, "abiertos" (default: every state) or ""
	ProcedureID string
	AssigneeID  string
	Unit        string
	// Due: "vencidos" (plazo máximo passed, still open) or "proximos"
	// (ending within 10 days).
	Due  string
	Page int
}

// listRow is an expediente as lists show it.
type listRow struct {
	ID, Number, Subject, ProcedureName, FirstParty string
	State                                          State
	StartedAt, DueAt                               time.Time
	AssigneeID, Assignee                           string
}

var (
	numberRE = regexp.MustCompile(`(?i)^\s*(?:EXP)?\s*(\d{4})\s*/\s*0*(\d{1,9})\s*$`)
	shortRE  = regexp.MustCompile(`^\s*0*(\d{1,9})\s*/\s*(\d{4})\s*$`)
)

// numberOf recognises an expediente number as typed: EXP2026/000123,
// 2026/123 or 123/2026.
func numberOf(q string) (string, bool) {
	if m := numberRE.FindStringSubmatch(q); m != nil {
		y, _ := strconv.Atoi(m[1])
		n, _ := strconv.ParseInt(m[2], 10, 64)
		return number(y, n), true
	}
	if m := shortRE.FindStringSubmatch(q); m != nil {
		y, _ := strconv.Atoi(m[2])
		n, _ := strconv.ParseInt(m[1], 10, 64)
		return number(y, n), true
	}
	return "", false
}

// where builds the conditions of f for an entity at now.
func (f Filter) where(entityID string, now time.Time) *db.Where {
	w := &db.Where{}
	w.Add("f.entity_id = ?", entityID)
	if n, ok := numberOf(f.Query); ok {
		w.Add("f.number = ?", n)
	} else if q := fold(f.Query); q != "" {
		w.Add(w.Contains("f.search_text", q))
	}
	if f.Party != "" {
		w.Add("f.id IN (SELECT p.file_id FROM casefile_parties p WHERE p.entity_id = ? AND p.doc_number = ?)",
			entityID, f.Party)
	}
	switch {
	case f.State == "abiertos":
		w.Add("f.state IN ('iniciado', 'tramitacion', 'suspendido', 'concluso')")
	case State(f.State).Label() != f.State:
		w.Add("f.state = ?", f.State)
	}
	if f.ProcedureID != "" {
		w.Add("f.procedure_id = ?", f.ProcedureID)
	}
	if f.AssigneeID != "" {
		w.Add("f.assignee_id = ?", f.AssigneeID)
	}
	if f.Unit != "" {
		w.Add("f.unit = ?", f.Unit)
	}
	switch f.Due {
	case "vencidos":
		w.Add("f.state IN ('iniciado', 'tramitacion', 'concluso') AND f.due_at < ?", now.UTC())
	case "proximos":
		w.Add("f.state IN ('iniciado', 'tramitacion', 'concluso') AND f.due_at >= ? AND f.due_at < ?", now.UTC(),
			now.AddDate(0, 0, 10).UTC())
	}
	return w
}

// order is newest first, or by due date for the plazo filters.
func (f Filter) order() string {
	if f.Due != "" {
		return " ORDER BY f.due_at, f.id"
	}
	return " ORDER BY f.created_at DESC, f.id DESC"
}

const listColumns = `f.id, f.number, f.subject, f.procedure_name, f.first_party, f.state, f.started_at, f.due_at,
	f.assignee_id`

func scanListRow(sc db.Scanner) (listRow, error) {
	var r listRow
	var state string
	var due sql.NullTime
	err := sc.Scan(&r.ID, &r.Number, &r.Subject, &r.ProcedureName, &r.FirstParty, &state, &r.StartedAt, &due,
		&r.AssigneeID)
	r.State, r.DueAt = State(state), due.Time
	return r, err
}

// countCap is where a list stops counting its expedientes.
const countCap = 1000

// list returns one page of the entity's expedientes that match f, and how
// many match (countCap+1 when more than countCap do).
func (m *Module) list(ctx context.Context, entityID string, f Filter, size int) ([]listRow, int, error) {
	w := f.where(entityID, m.kit.Now())
	var total int
	// The count stops past countCap: a list says "más de 1.000" rather
	// than read a whole town's expedientes to say how many more.
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM casefile_files f`+w.SQL()+
		fmt.Sprintf(" LIMIT %d) c", countCap+1), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("expedientes: contar la lista: %w", err)
	}
	page := max(f.Page, 1)
	rows, err := db.Collect(ctx, m.kit.DB, scanListRow, `SELECT `+listColumns+` FROM casefile_files f`+w.SQL()+
		f.order()+fmt.Sprintf(" LIMIT %d OFFSET %d", size, (page-1)*size), w.Args...)
	if err != nil {
		return nil, 0, fmt.Errorf("expedientes: leer la lista: %w", err)
	}
	return rows, total, m.nameAssignees(ctx, rows)
}

// each calls fn for every expediente that matches f, oldest first, in
// chunks (exports).
func (m *Module) each(ctx context.Context, entityID string, f Filter, fn func(listRow) error) error {
	const chunk = 2000
	for page := 1; ; page++ {
		f.Page = page
		w := f.where(entityID, m.kit.Now())
		rows, err := db.Collect(ctx, m.kit.DB, scanListRow, `SELECT `+listColumns+` FROM casefile_files f`+w.SQL()+
			fmt.Sprintf(" ORDER BY f.year, f.seq LIMIT %d OFFSET %d", chunk, (page-1)*chunk), w.Args...)
		if err != nil {
			return fmt.Errorf("expedientes: exportar la lista: %w", err)
		}
		if err := m.nameAssignees(ctx, rows); err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < chunk {
			return nil
		}
	}
}

// pendingTask is a trámite waiting for someone, as the pending list shows it.
type pendingTask struct {
	Task
	Number, Subject string
	FileDue         time.Time
}

// pending is the clerk's work list: the trámites assigned to him, and for
// each open expediente assigned to him the trámite it waits for (the one
// in course, else the first pending one nobody else has), soonest due
// first. Each half is read from its own index and bounded by limit; one
// query with an OR across both tables made the engines read every
// unassigned trámite of the entity.
func (m *Module) pending(ctx context.Context, entityID, userID string, limit int) ([]pendingTask, error) {
	scan := func(sc db.Scanner) (pendingTask, error) {
		var p pendingTask
		var due sql.NullTime
		t, err := scanTask(multiScanner{sc, []any{&p.Number, &p.Subject, &due}})
		p.Task, p.FileDue = t, due.Time
		return p, err
	}
	// His trámites: for each state, those with a plazo in its order (read
	// from the index by assignee, state and due date, stopping at limit),
	// then those without one.
	var mine []pendingTask
	for _, part := range []string{
		`t.state = 'en_curso' AND t.due_at IS NOT NULL ORDER BY t.due_at`,
		`t.state = 'pendiente' AND t.due_at IS NOT NULL ORDER BY t.due_at`,
		`t.state IN ('pendiente', 'en_curso') AND t.due_at IS NULL`,
	} {
		rows, err := db.Collect(ctx, m.kit.DB, scan, `SELECT `+taskPrefixed+`, f.number, f.subject, f.due_at FROM casefile_tasks t
			JOIN casefile_files f ON f.entity_id = t.entity_id AND f.id = t.file_id
			WHERE t.entity_id = $1 AND t.assignee_id = $2 AND t.who <> 'interesado' AND f.state IN `+openStates+` AND `+part+
			` LIMIT `+strconv.Itoa(limit), entityID, userID)
		if err != nil {
			return nil, fmt.Errorf("expedientes: leer los trámites asignados: %w", err)
		}
		mine = append(mine, rows...)
	}
	files, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (pendingTask, error) {
		var p pendingTask
		var due sql.NullTime
		err := sc.Scan(&p.FileID, &p.Number, &p.Subject, &due)
		p.FileDue = due.Time
		return p, err
	}, `SELECT id, number, subject, due_at FROM casefile_files WHERE entity_id = $1 AND assignee_id = $2
		AND state IN `+openStates+` ORDER BY due_at, number LIMIT `+strconv.Itoa(limit), entityID, userID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los expedientes asignados: %w", err)
	}
	next, err := m.nextTasks(ctx, entityID, files)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []pendingTask
	for _, p := range append(mine, next...) {
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b pendingTask) int { return a.due().Compare(b.due()) })
	return out[:min(len(out), limit)], nil
}

// openStates are the states of an expediente still in tramitación, as SQL.
const openStates = `('iniciado', 'tramitacion', 'suspendido', 'concluso')`

// due is when a pending trámite is due: its own plazo, else its
// expediente's, else never (the far future, last in the list).
func (p pendingTask) due() time.Time {
	for _, t := range []time.Time{p.DueAt, p.FileDue} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
}

// nextTasks finds, for each expediente of files, the trámite it waits for:
// the first in course, else the first pending one without assignee.
func (m *Module) nextTasks(ctx context.Context, entityID string, files []pendingTask) ([]pendingTask, error) {
	if len(files) == 0 {
		return nil, nil
	}
	byID := map[string]pendingTask{}
	ids := make([]string, len(files))
	for i, f := range files {
		byID[f.FileID], ids[i] = f, f.FileID
	}
	w := &db.Where{}
	w.Add("entity_id = ?", entityID)
	w.In("file_id", ids)
	w.Add("state IN ('pendiente', 'en_curso') AND who <> 'interesado'")
	tasks, err := db.Collect(ctx, m.kit.DB, scanTask, `SELECT `+taskColumns+` FROM casefile_tasks`+w.SQL()+
		` ORDER BY file_id, pos`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los trámites de los expedientes asignados: %w", err)
	}
	chosen := map[string]Task{}
	for _, t := range tasks {
		c, ok := chosen[t.FileID]
		switch {
		case t.State == "en_curso" && (!ok || c.State != "en_curso"):
			chosen[t.FileID] = t
		case !ok && t.AssigneeID == "":
			chosen[t.FileID] = t
		}
	}
	var out []pendingTask
	for _, f := range files {
		if t, ok := chosen[f.FileID]; ok {
			p := byID[f.FileID]
			p.Task = t
			out = append(out, p)
		}
	}
	return out, nil
}

// taskPrefixed is taskColumns for the alias t.
var taskPrefixed = prefixed("t.", taskColumns)

// prefixed qualifies each column of a column list with an alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// multiScanner appends extra destinations to a scan.
type multiScanner struct {
	sc    db.Scanner
	extra []any
}

func (m multiScanner) Scan(dest ...any) error { return m.sc.Scan(append(dest, m.extra...)...) }

// nameAssignees fills the names of the people lists show, in one query.
func (m *Module) nameAssignees(ctx context.Context, rows []listRow) error {
	var ids []string
	for _, r := range rows {
		if r.AssigneeID != "" {
			ids = append(ids, r.AssigneeID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	people, err := m.people(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Assignee = people[rows[i].AssigneeID]
	}
	return nil
}

// people maps user ids to the names lists show.
func (m *Module) people(ctx context.Context, ids []string) (map[string]string, error) {
	found, err := directory.PeopleByIDs(ctx, m.kit.DB, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(found))
	for id, p := range found {
		out[id] = p.Name()
	}
	return out, nil
}
