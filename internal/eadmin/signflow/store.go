package signflow

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"concejo/internal/platform/db"
)

const requestColumns = `entity_id, id, title, kind, source_type, source_id, state, version, current_step, file_name,
	content_type, author_id, author_name, created_at, updated_at, finished_at, reject_reason, rejected_by, csv`

func scanRequest(sc db.Scanner, extra ...any) (Request, error) {
	var r Request
	var fin sql.NullTime
	dest := []any{&r.EntityID, &r.ID, &r.Title, &r.Kind, &r.SourceType, &r.SourceID, &r.State, &r.Version,
		&r.CurrentStep, &r.FileName, &r.ContentType, &r.AuthorID, &r.AuthorName, &r.CreatedAt, &r.UpdatedAt, &fin,
		&r.RejectReason, &r.RejectedBy, &r.CSV}
	err := sc.Scan(append(dest, extra...)...)
	if fin.Valid {
		r.FinishedAt = &fin.Time
	}
	return r, db.NotFound(err)
}

// requestByID reads a request of an entity with its circuit and, when
// withContent, its document.
func requestByID(ctx context.Context, q db.Queryer, entityID, id string, withContent bool) (Request, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM signflow_requests
		WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err != nil {
		return r, err
	}
	if withContent {
		if err := q.QueryRowContext(ctx, `SELECT content FROM signflow_requests WHERE entity_id = $1 AND id = $2`,
			entityID, id).Scan(&r.Content); err != nil {
			return r, err
		}
	}
	r.Signers, err = signersOf(ctx, q, entityID, id)
	for _, s := range r.Signers {
		r.Steps = max(r.Steps, s.Step)
	}
	return r, err
}

// requestBySource is the latest request of a record of another module.
func requestBySource(ctx context.Context, q db.Queryer, entityID, sourceType, sourceID string) (Request, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM signflow_requests WHERE entity_id = $1 AND source_type = $2
		AND source_id = $3 ORDER BY created_at DESC LIMIT 1`, entityID, sourceType, sourceID).Scan(&id)
	if err != nil {
		return Request{}, db.NotFound(err)
	}
	return requestByID(ctx, q, entityID, id, false)
}

const signerColumns = `step, position, action, mode, user_id, user_name, post, substitute_id, state, acted_at, acted_by,
	acted_by_name, on_behalf`

func signersOf(ctx context.Context, q db.Queryer, entityID, requestID string) ([]Signer, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+signerColumns+` FROM signflow_signers
		WHERE entity_id = $1 AND request_id = $2 ORDER BY step, position`, entityID, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Signer
	for rows.Next() {
		var s Signer
		var at sql.NullTime
		if err := rows.Scan(&s.Step, &s.Position, &s.Action, &s.Mode, &s.UserID, &s.UserName, &s.Post, &s.SubstituteID,
			&s.State, &at, &s.ActedBy, &s.ActedByName, &s.OnBehalf); err != nil {
			return nil, err
		}
		if at.Valid {
			s.ActedAt = &at.Time
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func insertRequest(ctx context.Context, tx *sql.Tx, r Request) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO signflow_requests (entity_id, id, title, kind, source_type, source_id,
		state, version, current_step, file_name, content_type, content, author_id, author_name, created_at, updated_at, csv)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		r.EntityID, r.ID, r.Title, r.Kind, r.SourceType, r.SourceID, r.State, r.Version, r.CurrentStep, r.FileName,
		r.ContentType, r.Content, r.AuthorID, r.AuthorName, r.CreatedAt, r.UpdatedAt, r.CSV)
	if err != nil {
		return fmt.Errorf("portafirmas: guardar la petición: %w", err)
	}
	return insertSigners(ctx, tx, r)
}

func insertSigners(ctx context.Context, tx *sql.Tx, r Request) error {
	for _, s := range r.Signers {
		_, err := tx.ExecContext(ctx, `INSERT INTO signflow_signers (entity_id, request_id, step, position, action, mode,
			user_id, user_name, post, substitute_id, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			r.EntityID, r.ID, s.Step, s.Position, s.Action, s.Mode, s.UserID, s.UserName, s.Post, s.SubstituteID, s.State)
		if err != nil {
			return fmt.Errorf("portafirmas: guardar el circuito: %w", err)
		}
	}
	return nil
}

// lockRequest takes the request's row for the transaction (PostgreSQL
// row lock; SQLite transactions are already exclusive writers) while it
// is in circulation, and reads it with its document.
func lockRequest(ctx context.Context, tx *sql.Tx, entityID, id string, now time.Time) (Request, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE signflow_requests SET updated_at = $1 WHERE entity_id = $2 AND id = $3`,
		now, entityID, id); err != nil {
		return Request{}, err
	}
	return requestByID(ctx, tx, entityID, id, true)
}

// saveRequest writes the request's state, step, document and rejection.
func saveRequest(ctx context.Context, tx *sql.Tx, r Request) error {
	_, err := tx.ExecContext(ctx, `UPDATE signflow_requests SET state = $1, version = $2, current_step = $3,
		content = $4, updated_at = $5, finished_at = $6, reject_reason = $7, rejected_by = $8, file_name = $9,
		content_type = $10, title = $11, csv = $12 WHERE entity_id = $13 AND id = $14`,
		r.State, r.Version, r.CurrentStep, r.Content, r.UpdatedAt, r.FinishedAt, r.RejectReason, r.RejectedBy,
		r.FileName, r.ContentType, r.Title, r.CSV, r.EntityID, r.ID)
	return err
}

// saveSigner writes a person's state in a step.
func saveSigner(ctx context.Context, tx *sql.Tx, r Request, s Signer) error {
	_, err := tx.ExecContext(ctx, `UPDATE signflow_signers SET state = $1, acted_at = $2, acted_by = $3,
		acted_by_name = $4, on_behalf = $5 WHERE entity_id = $6 AND request_id = $7 AND step = $8 AND position = $9`,
		s.State, s.ActedAt, s.ActedBy, s.ActedByName, s.OnBehalf, r.EntityID, r.ID, s.Step, s.Position)
	return err
}

// addEvent appends a line to the request's history.
func addEvent(ctx context.Context, tx *sql.Tx, r Request, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO signflow_events (entity_id, request_id, seq, at, actor_id, actor_name,
		what, detail) SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5, $6, $7 FROM signflow_events
		WHERE entity_id = $1 AND request_id = $2`, r.EntityID, r.ID, e.At, e.ActorID, e.ActorName, e.What, e.Detail)
	return err
}

func eventsOf(ctx context.Context, q db.Queryer, entityID, requestID string) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, actor_id, actor_name, what, detail FROM signflow_events
		WHERE entity_id = $1 AND request_id = $2 ORDER BY seq`, entityID, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.What, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SignatureRecord is a signature made in a request.
type SignatureRecord struct {
	Version, Seq, Step   int
	UserID, UserName     string
	Format, How          string
	CertSubject, CertNIF string
	CertSerial           string
	SignedAt             time.Time
	Detached             []byte
}

// HowLabel says how the signature was made.
func (s SignatureRecord) HowLabel() string {
	if s.How == HowAutoFirma {
		return "con su certificado, mediante AutoFirma"
	}
	return "con certificado centralizado"
}

func insertSignature(ctx context.Context, tx *sql.Tx, r Request, s SignatureRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO signflow_signatures (entity_id, request_id, version, seq, step, user_id,
		user_name, format, how, cert_subject, cert_serial, cert_nif, signed_at, signature)
		SELECT $1, $2, $3, COALESCE(MAX(seq), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
		FROM signflow_signatures WHERE entity_id = $1 AND request_id = $2 AND version = $3`,
		r.EntityID, r.ID, r.Version, s.Step, s.UserID, s.UserName, s.Format, s.How, s.CertSubject, s.CertSerial,
		s.CertNIF, s.SignedAt, s.Detached)
	return err
}

func signaturesOf(ctx context.Context, q db.Queryer, entityID, requestID string) ([]SignatureRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, seq, step, user_id, user_name, format, how, cert_subject,
		cert_nif, cert_serial, signed_at, signature FROM signflow_signatures WHERE entity_id = $1 AND request_id = $2
		ORDER BY version, seq`, entityID, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SignatureRecord
	for rows.Next() {
		var s SignatureRecord
		if err := rows.Scan(&s.Version, &s.Seq, &s.Step, &s.UserID, &s.UserName, &s.Format, &s.How, &s.CertSubject,
			&s.CertNIF, &s.CertSerial, &s.SignedAt, &s.Detached); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
