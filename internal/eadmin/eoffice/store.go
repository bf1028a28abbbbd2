package eoffice

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// entityByKey finds the active entity whose sede key (its public code,
// directory.Entity.Code) is key.
func entityByKey(ctx context.Context, q db.Queryer, key string) (directory.Entity, error) {
	if key == "" || len(key) > 40 {
		return directory.Entity{}, db.ErrNotFound
	}
	e, err := directory.EntityByCode(ctx, q, key)
	if err != nil {
		return directory.Entity{}, fmt.Errorf("sede: buscar la entidad %q: %w", key, err)
	}
	if !e.Active {
		return directory.Entity{}, db.ErrNotFound
	}
	return e, nil
}

func entityByID(ctx context.Context, q db.Queryer, id string) (directory.Entity, error) {
	e, err := directory.EntityByID(ctx, q, id)
	if err != nil {
		return directory.Entity{}, fmt.Errorf("sede: leer la entidad %s: %w", id, err)
	}
	return e, nil
}

// Content is what the entity's staff edit of its sede.
type Content struct {
	OwnerBody, Manager, CreationAct             string
	ContactEmail, ContactPhone, ContactAddress  string
	OfficeHours, IncidentsEmail, IncidentsPhone string
	DPOEmail, AccessibilityStatus               string
	AccessibilityDate, AccessibilityReview      *time.Time
	Customized                                  bool
	UpdatedAt                                   time.Time
	UpdatedBy                                   string
}

func loadContent(ctx context.Context, q db.Queryer, entityID string) (Content, bool, error) {
	var c Content
	var ad, ar sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT owner_body, manager, creation_act, contact_email, contact_phone,
		contact_address, office_hours, incidents_email, incidents_phone, dpo_email, accessibility_status,
		accessibility_date, accessibility_review, updated_at, updated_by FROM eoffice_sites WHERE entity_id = $1`, entityID).
		Scan(&c.OwnerBody, &c.Manager, &c.CreationAct, &c.ContactEmail, &c.ContactPhone, &c.ContactAddress,
			&c.OfficeHours, &c.IncidentsEmail, &c.IncidentsPhone, &c.DPOEmail, &c.AccessibilityStatus,
			&ad, &ar, &c.UpdatedAt, &c.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return Content{}, false, nil
	}
	if err != nil {
		return Content{}, false, fmt.Errorf("sede: leer el contenido de la sede de %s: %w", entityID, err)
	}
	if ad.Valid {
		t := ad.Time.UTC()
		c.AccessibilityDate = &t
	}
	if ar.Valid {
		t := ar.Time.UTC()
		c.AccessibilityReview = &t
	}
	c.Customized = true
	return c, true, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func saveContent(ctx context.Context, q db.Queryer, entityID string, c Content, exists bool) error {
	args := []any{entityID, c.OwnerBody, c.Manager, c.CreationAct, c.ContactEmail, c.ContactPhone, c.ContactAddress,
		c.OfficeHours, c.IncidentsEmail, c.IncidentsPhone, c.DPOEmail, c.AccessibilityStatus,
		nullTime(c.AccessibilityDate), nullTime(c.AccessibilityReview), c.UpdatedAt.UTC(), c.UpdatedBy}
	if exists {
		_, err := q.ExecContext(ctx, `UPDATE eoffice_sites SET owner_body = $2, manager = $3, creation_act = $4,
			contact_email = $5, contact_phone = $6, contact_address = $7, office_hours = $8, incidents_email = $9,
			incidents_phone = $10, dpo_email = $11, accessibility_status = $12, accessibility_date = $13,
			accessibility_review = $14, updated_at = $15, updated_by = $16 WHERE entity_id = $1`, args...)
		if err != nil {
			return fmt.Errorf("sede: guardar el contenido de la sede de %s: %w", entityID, err)
		}
		return nil
	}
	_, err := q.ExecContext(ctx, `INSERT INTO eoffice_sites (entity_id, owner_body, manager, creation_act,
		contact_email, contact_phone, contact_address, office_hours, incidents_email, incidents_phone, dpo_email,
		accessibility_status, accessibility_date, accessibility_review, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, args...)
	if err != nil {
		return fmt.Errorf("sede: guardar el contenido de la sede de %s: %w", entityID, err)
	}
	return nil
}

// Procedure is one entry of the catálogo de procedimientos.
type Procedure struct {
	EntityID, ID, Code, Name, Description, Unit string
	TermDays                                    int
	Silence                                     string
	Online, Active                              bool
	CreatedAt, UpdatedAt                        time.Time
	// Term and SilenceText are the plazo máximo and the effect of silence
	// as worded (for a procedure of the tramitador's catalogue, as it
	// words them); "" says them with TermDays and Silence.
	Term, SilenceText string
	ProcedureDetail
}

// ProcedureDetail is what the procedure's page at the sede tells besides
// its name, plazo and silence ("" = not published).
type ProcedureDetail struct {
	// Requirements says who may apply and on what conditions.
	Requirements string
	// Documents lists what to attach, one document a line.
	Documents string
	// Fee is the tasa or precio público, or that there is none.
	Fee string
	// Resolver is the body competent to resolve (órgano competente).
	Resolver string
	// Regulation is the rules that govern it, one a line.
	Regulation string
}

// DocumentList is Documents split into its lines.
func (d ProcedureDetail) DocumentList() []string { return lines(d.Documents) }

// RegulationList is Regulation split into its lines.
func (d ProcedureDetail) RegulationList() []string { return lines(d.Regulation) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SilenceLabel is the effect of administrative silence in Spanish, in a
// word (the tramitador's procedures word it their way).
func (p Procedure) SilenceLabel() string {
	if p.Silence == "" {
		return p.SilenceText
	}
	return silenceLabel(p.Silence)
}

// SilenceDetail is the effect of administrative silence as worded in full.
func (p Procedure) SilenceDetail() string {
	if p.SilenceText != "" {
		return p.SilenceText
	}
	return silenceLabel(p.Silence)
}

// TermLabel is the plazo for resolving, or "" when none is published.
func (p Procedure) TermLabel() string {
	switch {
	case p.Term != "":
		return p.Term
	case p.TermDays > 0:
		return strconv.Itoa(p.TermDays) + " días"
	}
	return ""
}

const procCols = `entity_id, id, code, name, description, unit, term_days, silence, online, active, created_at, updated_at,
	term_text, silence_text, requirements, documents, fee, resolver, regulation`

func scanProcedure(s db.Scanner) (Procedure, error) {
	var p Procedure
	err := s.Scan(&p.EntityID, &p.ID, &p.Code, &p.Name, &p.Description, &p.Unit, &p.TermDays, &p.Silence,
		&p.Online, &p.Active, &p.CreatedAt, &p.UpdatedAt, &p.Term, &p.SilenceText, &p.Requirements, &p.Documents,
		&p.Fee, &p.Resolver, &p.Regulation)
	return p, err
}

// listProcedures lists the entity's procedures by name; only the active ones
// when activeOnly, matching the folded query q when non-empty.
func listProcedures(ctx context.Context, q db.Queryer, entityID string, activeOnly bool, query string) ([]Procedure, error) {
	w := db.Where{}
	w.Add("entity_id = ?", entityID)
	if activeOnly {
		w.Add("active = ?", true)
	}
	if query != "" {
		w.Add(w.Contains("search_text", query))
	}
	return db.Collect(ctx, q, scanProcedure, `SELECT `+procCols+` FROM eoffice_procedures `+w.SQL()+` ORDER BY name, code`, w.Args...)
}

func getProcedure(ctx context.Context, q db.Queryer, entityID, id string) (Procedure, error) {
	p, err := scanProcedure(q.QueryRowContext(ctx, `SELECT `+procCols+` FROM eoffice_procedures WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return p, fmt.Errorf("sede: leer el procedimiento %s: %w", id, err)
	}
	return p, nil
}

func insertProcedure(ctx context.Context, q db.Queryer, p Procedure) error {
	_, err := q.ExecContext(ctx, `INSERT INTO eoffice_procedures (`+procCols+`, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		p.EntityID, p.ID, p.Code, p.Name, p.Description, p.Unit, p.TermDays, p.Silence, p.Online, p.Active,
		p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.Term, p.SilenceText, p.Requirements, p.Documents, p.Fee, p.Resolver,
		p.Regulation, procSearch(p))
	if err != nil {
		return fmt.Errorf("sede: guardar el procedimiento %s: %w", p.ID, err)
	}
	return nil
}

func updateProcedure(ctx context.Context, q db.Queryer, p Procedure) error {
	_, err := q.ExecContext(ctx, `UPDATE eoffice_procedures SET code = $3, name = $4, description = $5, unit = $6,
		term_days = $7, silence = $8, online = $9, active = $10, updated_at = $11, search_text = $12,
		term_text = $13, silence_text = $14, requirements = $15, documents = $16, fee = $17, resolver = $18,
		regulation = $19 WHERE entity_id = $1 AND id = $2`,
		p.EntityID, p.ID, p.Code, p.Name, p.Description, p.Unit, p.TermDays, p.Silence, p.Online, p.Active,
		p.UpdatedAt.UTC(), procSearch(p), p.Term, p.SilenceText, p.Requirements, p.Documents, p.Fee, p.Resolver,
		p.Regulation)
	if err != nil {
		return fmt.Errorf("sede: modificar el procedimiento %s: %w", p.ID, err)
	}
	return nil
}

// Submission is a solicitud general made at the sede.
type Submission struct {
	EntityID, ID, NIF, Name, ProcedureCode, Subject string
	EntryID, EntryNumber, ReceiptCSV                string
	Documents                                       int
	RegisteredAt                                    time.Time
}

const subCols = `entity_id, id, nif, name, procedure_code, subject, entry_id, entry_number, receipt_csv, documents, registered_at`

func scanSubmission(s db.Scanner) (Submission, error) {
	var x Submission
	err := s.Scan(&x.EntityID, &x.ID, &x.NIF, &x.Name, &x.ProcedureCode, &x.Subject, &x.EntryID, &x.EntryNumber,
		&x.ReceiptCSV, &x.Documents, &x.RegisteredAt)
	return x, err
}

func insertSubmission(ctx context.Context, q db.Queryer, x Submission) error {
	_, err := q.ExecContext(ctx, `INSERT INTO eoffice_submissions (`+subCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		x.EntityID, x.ID, x.NIF, x.Name, x.ProcedureCode, x.Subject, x.EntryID, x.EntryNumber, x.ReceiptCSV,
		x.Documents, x.RegisteredAt.UTC())
	if err != nil {
		return fmt.Errorf("sede: guardar el escrito %s: %w", x.ID, err)
	}
	return nil
}

// mySubmissions lists the submissions of nif at the entity, newest first.
func mySubmissions(ctx context.Context, q db.Queryer, entityID, nif string, limit, offset int) ([]Submission, error) {
	return db.Collect(ctx, q, scanSubmission, `SELECT `+subCols+` FROM eoffice_submissions
		WHERE entity_id = $1 AND nif = $2 ORDER BY registered_at DESC, id DESC LIMIT $3 OFFSET $4`, entityID, nif, limit, offset)
}

func countSubmissions(ctx context.Context, q db.Queryer, entityID, nif string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM eoffice_submissions WHERE entity_id = $1 AND nif = $2`, entityID, nif).Scan(&n)
	if err != nil {
		return n, fmt.Errorf("sede: contar los escritos de un interesado en la entidad %s: %w", entityID, err)
	}
	return n, nil
}

// mySubmission returns one submission of nif at the entity (db.ErrNotFound
// for anybody else's).
func mySubmission(ctx context.Context, q db.Queryer, entityID, nif, id string) (Submission, error) {
	x, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+subCols+` FROM eoffice_submissions
		WHERE entity_id = $1 AND nif = $2 AND id = $3`, entityID, nif, id))
	if err := db.NotFound(err); err != nil {
		return x, fmt.Errorf("sede: leer el escrito %s: %w", id, err)
	}
	return x, nil
}
