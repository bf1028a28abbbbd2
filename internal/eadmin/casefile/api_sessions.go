package casefile

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/phrase"
)

// What the órganos colegiados (Pleno, Junta de Gobierno) use of the
// expedientes: those ready for a session, to make the orden del día, and
// the acuerdo adopted on one, whose certificate returns to the expediente.

// ReadyFile is an expediente as an orden del día lists it.
type ReadyFile struct {
	ID, Number, Subject, ProcedureName, FirstParty string
	State                                          State
	UpdatedAt                                      time.Time
}

// ReadyForSession lists the entity's expedientes whose instrucción is
// concluded (concluso), oldest first: those that can go to a session.
func (m *Module) ReadyForSession(ctx context.Context, entityID string) ([]ReadyFile, error) {
	rows, err := db.Collect(ctx, m.kit.DB, scanReady, `SELECT id, number, subject, procedure_name, first_party, state, updated_at
		FROM casefile_files WHERE entity_id = $1 AND state = 'concluso' ORDER BY updated_at, id LIMIT 500`, entityID)
	if err != nil {
		return nil, fmt.Errorf("expedientes: leer los expedientes listos para sesión: %w", err)
	}
	return rows, nil
}

// Ready reads one expediente of the entity as an orden del día shows it
// (db.ErrNotFound when the entity has no such expediente).
func (m *Module) Ready(ctx context.Context, entityID, fileID string) (ReadyFile, error) {
	r, err := scanReady(m.kit.DB.QueryRowContext(ctx, `SELECT id, number, subject, procedure_name, first_party, state,
		updated_at FROM casefile_files WHERE entity_id = $1 AND id = $2`, entityID, fileID))
	if err := db.NotFound(err); err != nil {
		return r, fmt.Errorf("expedientes: leer el expediente %s: %w", fileID, err)
	}
	return r, nil
}

func scanReady(sc db.Scanner) (ReadyFile, error) {
	var r ReadyFile
	var state string
	err := sc.Scan(&r.ID, &r.Number, &r.Subject, &r.ProcedureName, &r.FirstParty, &state, &r.UpdatedAt)
	r.State = State(state)
	return r, err
}

// Agreement is the acuerdo of a collegiate body on an expediente.
type Agreement struct {
	EntityID, FileID string
	// Organ is the body ("Pleno", "Junta de Gobierno Local") and Session
	// the session ("sesión ordinaria de 26 de noviembre de 2026").
	Organ, Session string
	// Result is what was agreed: "aprobado", "rechazado", "retirado" or
	// "sobre la mesa"; Text the acuerdo's parte dispositiva.
	Result, Text string
	AdoptedAt    time.Time
	// Certificate is the certificado del acuerdo (PDF) and CSV its code.
	Certificate []byte
	CSV         string
	// Resolves says the acuerdo ends the procedure (it resolves the
	// expediente); otherwise it is an act of trámite and the expediente
	// returns to tramitación.
	Resolves bool
	// By is who records it (the secretary's user id).
	By, ByName string
}

// RecordAgreement joins the certificate of an acuerdo to its expediente
// (tipo documental TD11, visible to the interesados once notified) and
// records it in the history; an acuerdo that resolves resolves the
// expediente, one withdrawn or left on the table returns it to
// tramitación. The expediente must be concluso or still open.
func (m *Module) RecordAgreement(ctx context.Context, a Agreement) error {
	if len(a.Certificate) == 0 || a.CSV == "" {
		return errs.New(errs.Invalid, "Falta el certificado del acuerdo.")
	}
	actor := &auth.Actor{UserID: a.By, Name: a.ByName}
	return m.change(ctx, actor, a.EntityID, a.FileID, func(tx *sql.Tx, f *File) (string, error) {
		pos, err := nextPos(ctx, tx, "casefile_documents", f.EntityID, f.ID)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(a.Certificate)
		d := Document{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, Pos: pos, Version: 1,
			Name: "Certificado del acuerdo de " + a.Organ, DocType: "TD11", Origin: 1, Elaboration: "EE01",
			Status: "emitido", Filename: "certificado-acuerdo-" + slug(a.Organ) + ".pdf", ContentType: "application/pdf",
			Content: a.Certificate, SHA256: hex.EncodeToString(sum[:]), CSV: a.CSV, CreatedAt: m.kit.Now(),
			CreatedBy: a.By, IssuedAt: a.AdoptedAt}
		if err := insertDocument(ctx, tx, d); err != nil {
			return "", err
		}
		text := fmt.Sprintf("Acuerdo %s en %s: %s", phrase.Of(a.Organ), a.Session, strings.ToLower(a.Result))
		switch {
		case a.Resolves && a.Result != "retirado" && a.Result != "sobre la mesa":
			f.State, f.ClosedAt = Resolved, m.kit.Now()
			text += "; el expediente queda resuelto"
		case f.State == Concluded:
			f.State = Running
		}
		return text + ".", nil
	})
}
