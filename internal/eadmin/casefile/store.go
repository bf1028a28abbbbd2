package casefile

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"concejo/internal/platform/db"
	"concejo/internal/platform/plazo"
)

// nextNumber takes the next expediente number of entityID for year in tx:
// the counter row is created or incremented by one statement, so concurrent
// openings queue on it and a rolled-back opening leaves no gap.
func nextNumber(ctx context.Context, tx *sql.Tx, entityID string, year int) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO casefile_counters (entity_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (entity_id, year) DO UPDATE SET last = casefile_counters.last + 1
		RETURNING last`, entityID, year).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("expedientes: numerar un expediente de %d: %w", year, err)
	}
	return seq, nil
}

const fileColumns = `entity_id, id, year, seq, number, procedure_id, procedure_name, design_id, subject, initiation,
	state, started_at, entry_id, entry_number, max_n, max_unit, extended_n, silence, urgent, due_at, assignee_id, unit,
	first_party, search_text, created_by, created_at, updated_at, closed_at`

func insertFile(ctx context.Context, tx *sql.Tx, f File) error {
	design, err := keepDesign(ctx, tx, f.EntityID, f.Design)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO casefile_files (`+fileColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7,
		$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)`,
		f.EntityID, f.ID, f.Year, f.Seq, f.Number, f.ProcedureID, f.ProcedureName, design, f.Subject,
		string(f.Initiation), string(f.State), f.StartedAt, f.EntryID, f.EntryNumber, f.MaxTerm.N,
		string(f.MaxTerm.Unit), f.Extended, string(f.Silence), f.Urgent, db.NullTime(f.DueAt), f.AssigneeID, f.Unit, f.FirstParty,
		searchText(f), f.CreatedBy, f.CreatedAt, f.UpdatedAt, db.NullTime(f.ClosedAt))
	if err != nil {
		return fmt.Errorf("expedientes: guardar el expediente %s: %w", f.Number, err)
	}
	return nil
}

func scanFile(sc db.Scanner) (File, error) {
	var f File
	var design, initiation, state, unit, silence string
	var due, closed sql.NullTime
	err := sc.Scan(&f.EntityID, &f.ID, &f.Year, &f.Seq, &f.Number, &f.ProcedureID, &f.ProcedureName, new(string),
		&f.Subject, &initiation, &state, &f.StartedAt, &f.EntryID, &f.EntryNumber, &f.MaxTerm.N, &unit, &f.Extended, &silence,
		&f.Urgent, &due, &f.AssigneeID, &f.Unit, &f.FirstParty, new(string), &f.CreatedBy, &f.CreatedAt,
		&f.UpdatedAt, &closed, &design)
	if err != nil {
		return f, err
	}
	f.Initiation, f.State, f.MaxTerm.Unit, f.Silence = Initiation(initiation), State(state), plazo.Unit(unit), Silence(silence)
	f.DueAt, f.ClosedAt = due.Time, closed.Time
	f.Design, err = readDesign(design)
	return f, err
}

// fileByID reads an expediente of entityID (db.ErrNotFound when there is none).
func fileByID(ctx context.Context, q db.Queryer, entityID, id string) (File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+prefixed("f.", fileColumns)+`, d.definition
		FROM casefile_files f JOIN casefile_designs d ON d.entity_id = f.entity_id AND d.id = f.design_id
		WHERE f.entity_id = $1 AND f.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return f, fmt.Errorf("expedientes: leer el expediente %s: %w", id, err)
	}
	return f, nil
}

// updateFile writes the fields of f that change while it is processed.
func updateFile(ctx context.Context, tx *sql.Tx, f File) error {
	_, err := tx.ExecContext(ctx, `UPDATE casefile_files SET subject = $3, state = $4, due_at = $5, assignee_id = $6,
		unit = $7, first_party = $8, search_text = $9, updated_at = $10, closed_at = $11, urgent = $12, extended_n = $13
		WHERE entity_id = $1 AND id = $2`, f.EntityID, f.ID, f.Subject, string(f.State), db.NullTime(f.DueAt),
		f.AssigneeID, f.Unit, f.FirstParty, searchText(f), f.UpdatedAt, db.NullTime(f.ClosedAt), f.Urgent, f.Extended)
	if err != nil {
		return fmt.Errorf("expedientes: actualizar el expediente %s: %w", f.Number, err)
	}
	return nil
}

// keepDesign stores a design once per entity and content and returns its
// id, the SHA-256 of its JSON.
func keepDesign(ctx context.Context, tx *sql.Tx, entityID string, d Definition) (string, error) {
	body, err := designJSON(d)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(body))
	id := hex.EncodeToString(sum[:])
	_, err = tx.ExecContext(ctx, `INSERT INTO casefile_designs (entity_id, id, definition) VALUES ($1, $2, $3)
		ON CONFLICT (entity_id, id) DO NOTHING`, entityID, id, body)
	if err != nil {
		return "", fmt.Errorf("expedientes: guardar el diseño %s: %w", d.Code, err)
	}
	return id, nil
}

func insertParty(ctx context.Context, tx *sql.Tx, f File, p Party) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO casefile_parties (entity_id, file_id, pos, party_id, doc_number, name,
		role, represents, channel, obliged, email, address, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, f.EntityID, f.ID, p.Pos, p.PartyID,
		p.DocNumber, p.Name, p.Role, p.Represents, p.Channel, p.Obliged, p.Email, p.Address, p.AddedAt)
	if err != nil {
		return fmt.Errorf("expedientes: guardar el interesado %d de %s: %w", p.Pos, f.Number, err)
	}
	return nil
}

func partiesOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Party, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (p Party, err error) {
		err = sc.Scan(&p.Pos, &p.PartyID, &p.DocNumber, &p.Name, &p.Role, &p.Represents, &p.Channel, &p.Obliged,
			&p.Email, &p.Address, &p.AddedAt)
		return p, err
	}, `SELECT pos, party_id, doc_number, name, role, represents, channel, obliged, email, address, added_at
		FROM casefile_parties WHERE entity_id = $1 AND file_id = $2 ORDER BY pos`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los interesados de %s: %w", fileID, err)
	}
	return rows, nil
}

const taskColumns = `entity_id, id, file_id, step_code, name, phase, kind, who, required, state, assignee_id,
	term_n, term_unit, started_at, due_at, done_at, done_by, note, pos`

func insertTask(ctx context.Context, tx *sql.Tx, t Task) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO casefile_tasks (`+taskColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7,
		$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, t.EntityID, t.ID, t.FileID, t.StepCode, t.Name,
		string(t.Phase), string(t.Kind), string(t.Who), t.Required, t.State, t.AssigneeID, t.Term.N,
		string(t.Term.Unit), db.NullTime(t.StartedAt), db.NullTime(t.DueAt), db.NullTime(t.DoneAt), t.DoneBy, t.Note, t.Pos)
	if err != nil {
		return fmt.Errorf("expedientes: guardar el trámite %s: %w", t.Name, err)
	}
	return nil
}

func updateTask(ctx context.Context, tx *sql.Tx, t Task) error {
	_, err := tx.ExecContext(ctx, `UPDATE casefile_tasks SET state = $3, assignee_id = $4, started_at = $5,
		due_at = $6, done_at = $7, done_by = $8, note = $9 WHERE entity_id = $1 AND id = $2`, t.EntityID, t.ID,
		t.State, t.AssigneeID, db.NullTime(t.StartedAt), db.NullTime(t.DueAt), db.NullTime(t.DoneAt), t.DoneBy, t.Note)
	if err != nil {
		return fmt.Errorf("expedientes: actualizar el trámite %s: %w", t.ID, err)
	}
	return nil
}

func scanTask(sc db.Scanner) (Task, error) {
	var t Task
	var phase, kind, who, unit string
	var started, due, done sql.NullTime
	err := sc.Scan(&t.EntityID, &t.ID, &t.FileID, &t.StepCode, &t.Name, &phase, &kind, &who, &t.Required, &t.State,
		&t.AssigneeID, &t.Term.N, &unit, &started, &due, &done, &t.DoneBy, &t.Note, &t.Pos)
	t.Phase, t.Kind, t.Who, t.Term.Unit = Phase(phase), StepKind(kind), Actor(who), plazo.Unit(unit)
	t.StartedAt, t.DueAt, t.DoneAt = started.Time, due.Time, done.Time
	return t, err
}

func tasksOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Task, error) {
	rows, err := db.Collect(ctx, q, scanTask, `SELECT `+taskColumns+` FROM casefile_tasks
		WHERE entity_id = $1 AND file_id = $2 ORDER BY pos`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los trámites de %s: %w", fileID, err)
	}
	return rows, nil
}

func taskByID(ctx context.Context, q db.Queryer, entityID, fileID, id string) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM casefile_tasks
		WHERE entity_id = $1 AND file_id = $2 AND id = $3`, entityID, fileID, id))
	if err := db.NotFound(err); err != nil {
		return t, fmt.Errorf("expedientes: leer el trámite %s: %w", id, err)
	}
	return t, nil
}

func suspensionsOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Suspension, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (s Suspension, err error) {
		var lifted sql.NullTime
		err = sc.Scan(&s.Pos, &s.Cause, &s.Basis, &s.From, &lifted, &s.ByID)
		s.LiftedAt = lifted.Time
		return s, err
	}, `SELECT pos, cause, basis, from_at, lifted_at, by_id FROM casefile_suspensions
		WHERE entity_id = $1 AND file_id = $2 ORDER BY pos`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer las suspensiones de %s: %w", fileID, err)
	}
	return rows, nil
}

// nextPos is the next position of a row of table for an expediente.
func nextPos(ctx context.Context, tx *sql.Tx, table, entityID, fileID string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(pos), 0) + 1 FROM `+table+`
		WHERE entity_id = $1 AND file_id = $2`, entityID, fileID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("expedientes: siguiente posición en %s: %w", table, err)
	}
	return n, nil
}

func insertEvent(ctx context.Context, tx *sql.Tx, entityID, fileID string, e Event) error {
	pos, err := nextPos(ctx, tx, "casefile_events", entityID, fileID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO casefile_events (entity_id, file_id, pos, at, actor_id, actor_name,
		kind, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, entityID, fileID, pos, e.At, e.ActorID, e.ActorName,
		e.Kind, e.Text)
	if err != nil {
		return fmt.Errorf("expedientes: anotar en el historial de %s: %w", fileID, err)
	}
	return nil
}

func eventsOf(ctx context.Context, q db.Queryer, entityID, fileID string) ([]Event, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (e Event, err error) {
		err = sc.Scan(&e.Pos, &e.At, &e.ActorID, &e.ActorName, &e.Kind, &e.Text)
		return e, err
	}, `SELECT pos, at, actor_id, actor_name, kind, text FROM casefile_events
		WHERE entity_id = $1 AND file_id = $2 ORDER BY pos DESC`, entityID, fileID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer el historial de %s: %w", fileID, err)
	}
	return rows, nil
}

// searchText is what the list's text search reads: number, subject,
// procedure and first interesado, folded.
func searchText(f File) string {
	return fold(f.Number + " " + f.Subject + " " + f.ProcedureName + " " + f.FirstParty)
}
