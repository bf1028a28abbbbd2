package casefile

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"concejo/internal/eadmin/decrees"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
)

// ProposeResolution writes the resolution of the expediente from one of
// its resolution templates (tipo documental TD01) and sends it to the
// libro de resoluciones as a draft (propuesta), linked to the expediente;
// it returns the draft's id. The expediente is resolved when the draft is
// signed in the libro (OnResolutionSigned).
func (m *Module) ProposeResolution(ctx context.Context, a *auth.Actor, entityID, fileID, template string) (string, error) {
	if m.resolutions == nil {
		return "", errs.New(errs.Unavailable, "El libro de resoluciones no está disponible.")
	}
	f, err := fileByID(ctx, m.kit.DB, entityID, fileID)
	if err != nil {
		return "", err
	}
	if !f.State.Open() {
		return "", errs.New(errs.Conflict, "El expediente "+f.Number+" ya no se tramita.")
	}
	var tpl *Template
	for i := range f.Design.Templates {
		if t := f.Design.Templates[i]; t.Code == template && t.DocType == "TD01" {
			tpl = &f.Design.Templates[i]
		}
	}
	if tpl == nil {
		return "", fieldErr("plantilla_resolucion", "Elija una plantilla de resolución del procedimiento.")
	}
	task, err := m.taskOfTemplate(ctx, m.kit.DB, f, template, "")
	if err != nil {
		return "", err
	}
	values, err := m.mergeValues(ctx, m.kit.DB, f, task)
	if err != nil {
		return "", err
	}
	summary := tpl.Name + ": " + f.Subject
	if r := []rune(summary); len(r) > 240 {
		summary = string(r[:240])
	}
	draft, err := m.resolutions.Propose(ctx, decrees.Proposal{EntityID: entityID, Summary: summary,
		Body: Merge(tpl.Body, values), Area: f.Unit, CaseID: f.ID, CaseNumber: f.Number, By: a.UserID})
	if err != nil {
		return "", err
	}
	err = m.change(ctx, a, entityID, fileID, func(tx *sql.Tx, f *File) (string, error) {
		if task.ID != "" && task.State == "pendiente" {
			task.State, task.StartedAt, task.AssigneeID = "en_curso", m.kit.Now(), a.UserID
			if err := updateTask(ctx, tx, task); err != nil {
				return "", err
			}
		}
		return "Propuesta de resolución enviada al libro de resoluciones: " + tpl.Name + ".", nil
	})
	return draft, err
}

// OnResolutionSigned is the libro de resoluciones' hook, run in the
// signing transaction: a resolution of an expediente resolves it, joins
// it as its resolution document (read from the libro) and closes the
// resolution trámite.
func (m *Module) OnResolutionSigned(ctx context.Context, tx *sql.Tx, d decrees.Decree) error {
	if d.CaseID == "" {
		return nil
	}
	f, err := fileByID(ctx, tx, d.EntityID, d.CaseID)
	if isNotFound(err) {
		return nil // a number typed by hand, not one of ours
	}
	if err != nil {
		return err
	}
	pos, err := nextPos(ctx, tx, "casefile_documents", f.EntityID, f.ID)
	if err != nil {
		return err
	}
	now := m.kit.Now()
	tasks, err := tasksOf(ctx, tx, f.EntityID, f.ID)
	if err != nil {
		return err
	}
	var taskID string
	for _, t := range tasks {
		if t.Kind == StepResolution && t.State != "hecho" && t.State != "descartado" {
			t.State, t.DoneAt, t.DoneBy, t.Note = "hecho", d.SignedOn, d.SignerName, "Resolución "+d.Number
			if t.StartedAt.IsZero() {
				t.StartedAt = d.SignedOn
			}
			taskID = t.ID
			if err := updateTask(ctx, tx, t); err != nil {
				return err
			}
			break
		}
	}
	doc := Document{EntityID: f.EntityID, ID: id.New(), FileID: f.ID, Pos: pos, Version: 1,
		Name: "Resolución " + d.Number, DocType: "TD01", Origin: 1, Elaboration: "EE01", Status: "emitido",
		TaskID: taskID, Filename: "resolucion-" + strings.ReplaceAll(d.Number, "/", "-") + ".pdf",
		ContentType: "application/pdf", Content: []byte{}, Body: d.Body, CSV: d.CSV, DecreeID: d.ID, CreatedAt: now,
		CreatedBy: d.RecordedBy, IssuedAt: now}
	if err := insertDocument(ctx, tx, doc); err != nil {
		return err
	}
	wasOpen := f.State.Open()
	if wasOpen {
		f.State, f.ClosedAt, f.UpdatedAt = Resolved, now, now
		if err := updateFile(ctx, tx, f); err != nil {
			return err
		}
	}
	text := fmt.Sprintf("Resolución %s firmada por %s (%s): %s.", d.Number, d.SignerName, d.SignerPost, d.Summary)
	if wasOpen {
		text += " El expediente queda resuelto."
	}
	return m.record(ctx, tx, nil, f, "resolver", text, map[string]string{"resolucion": d.Number})
}

// content returns a document's bytes; a resolution's are read from the
// libro the first time and kept.
func (m *Module) content(ctx context.Context, d Document) (Document, error) {
	if d.DecreeID == "" || len(d.Content) > 0 || m.resolutions == nil {
		return d, nil
	}
	pdf, err := m.resolutions.PDF(ctx, d.EntityID, d.DecreeID)
	if err != nil {
		return d, err
	}
	sum := sha256.Sum256(pdf)
	d.Content, d.Size, d.SHA256 = pdf, int64(len(pdf)), hex.EncodeToString(sum[:])
	_, err = m.kit.DB.ExecContext(ctx, `UPDATE casefile_documents SET content = $3, size = $4, sha256 = $5
		WHERE entity_id = $1 AND id = $2 AND size = 0`, d.EntityID, d.ID, d.Content, d.Size, d.SHA256)
	if err != nil {
		return d, fmt.Errorf("expedientes: guardar el documento de la resolución %s: %w", d.DecreeID, err)
	}
	return d, nil
}

// resolutionsOf lists the libro's resolutions of an expediente.
func (m *Module) resolutionsOf(ctx context.Context, q db.Queryer, f File) ([]decrees.Decree, error) {
	if m.resolutions == nil {
		return nil, nil
	}
	return m.resolutions.ByCase(ctx, f.EntityID, f.ID)
}

// OnResolutionCircuit writes in the expediente's history what happens to
// its resolution in the portafirmas (decrees.Module.OnCircuit).
func (m *Module) OnResolutionCircuit(ctx context.Context, tx *sql.Tx, d decrees.Decree, text string) error {
	f, err := fileByID(ctx, tx, d.EntityID, d.CaseID)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return m.record(ctx, tx, nil, f, "resolucion_portafirmas", text, map[string]string{"resolucion": d.ID, "suceso": text})
}
