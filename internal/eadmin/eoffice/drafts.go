package eoffice

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// DraftTTL is how long a checked solicitud waits to be presented.
const DraftTTL = 30 * time.Minute

// saveDraft keeps d and its documents for the citizen nif and returns its id.
func (m *Module) saveDraft(ctx context.Context, entityID, nif string, d draft, docs []registry.Attachment) (string, error) {
	payload, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	did := id.New()
	now := m.now().UTC()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := purgeDrafts(ctx, tx, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO eoffice_drafts (entity_id, id, nif, payload, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, entityID, did, nif, string(payload), now, now.Add(DraftTTL)); err != nil {
			return err
		}
		for i, doc := range docs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO eoffice_draft_files (entity_id, draft_id, n, filename, content_type,
				size, content) VALUES ($1, $2, $3, $4, $5, $6, $7)`, entityID, did, i, doc.Filename, doc.ContentType,
				len(doc.Content), doc.Content); err != nil {
				return err
			}
		}
		return nil
	})
	return did, err
}

// purgeDrafts drops the drafts that expired.
func purgeDrafts(ctx context.Context, q db.Queryer, now time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM eoffice_draft_files WHERE EXISTS (SELECT 1 FROM eoffice_drafts d
		WHERE d.entity_id = eoffice_draft_files.entity_id AND d.id = eoffice_draft_files.draft_id AND d.expires_at < $1)`, now); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM eoffice_drafts WHERE expires_at < $1`, now)
	return err
}

// fileInfo describes a draft's document on the check page.
type fileInfo struct {
	Name string
	Size int64
}

// loadDraft returns the citizen's live draft (db.ErrNotFound for anybody
// else's, or an expired one; errPresented once presented) and its
// documents' names and sizes.
func (m *Module) loadDraft(ctx context.Context, q db.Queryer, entityID, nif, did string) (draft, []fileInfo, error) {
	var payload string
	var exp time.Time
	var done sql.NullString
	err := q.QueryRowContext(ctx, `SELECT payload, expires_at, submission_id FROM eoffice_drafts WHERE entity_id = $1 AND id = $2 AND nif = $3`,
		entityID, did, nif).Scan(&payload, &exp, &done)
	if err != nil {
		return draft{}, nil, db.NotFound(err)
	}
	if done.Valid {
		return draft{}, nil, errPresented{done.String}
	}
	if !m.now().Before(exp) {
		return draft{}, nil, db.ErrNotFound
	}
	var d draft
	if err := json.Unmarshal([]byte(payload), &d); err != nil {
		return draft{}, nil, err
	}
	files, err := db.Collect(ctx, q, func(s db.Scanner) (fileInfo, error) {
		var f fileInfo
		return f, s.Scan(&f.Name, &f.Size)
	}, `SELECT filename, size FROM eoffice_draft_files WHERE entity_id = $1 AND draft_id = $2 ORDER BY n`, entityID, did)
	return d, files, err
}

// errPresented means the draft was presented already (a second click).
type errPresented struct{ submissionID string }

func (e errPresented) Error() string { return "solicitud ya presentada" }

// claimDraft marks the draft as being presented as submission subID and
// returns its documents; db.ErrNotFound when it is not the citizen's or has
// expired, errPresented when it was presented before.
func (m *Module) claimDraft(ctx context.Context, entityID, nif, did, subID string) ([]registry.Attachment, error) {
	var docs []registry.Attachment
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var prev sql.NullString
		var exp time.Time
		err := tx.QueryRowContext(ctx, `SELECT submission_id, expires_at FROM eoffice_drafts WHERE entity_id = $1 AND id = $2 AND nif = $3`,
			entityID, did, nif).Scan(&prev, &exp)
		if err != nil {
			return db.NotFound(err)
		}
		if prev.Valid {
			return errPresented{prev.String}
		}
		if !m.now().Before(exp) {
			return db.ErrNotFound
		}
		res, err := tx.ExecContext(ctx, `UPDATE eoffice_drafts SET submission_id = $4 WHERE entity_id = $1 AND id = $2
			AND nif = $3 AND submission_id IS NULL`, entityID, did, nif, subID)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k != 1 {
			return errPresented{} // claimed meanwhile by a concurrent click
		}
		docs, err = db.Collect(ctx, tx, func(s db.Scanner) (registry.Attachment, error) {
			var a registry.Attachment
			return a, s.Scan(&a.Filename, &a.ContentType, &a.Content)
		}, `SELECT filename, content_type, content FROM eoffice_draft_files WHERE entity_id = $1 AND draft_id = $2 ORDER BY n`, entityID, did)
		return err
	})
	return docs, err
}

func presented(err error) (errPresented, bool) {
	var done errPresented
	return done, errors.As(err, &done)
}

// toPresented sends a second click to "Mis registros", where the first one is.
func (m *Module) toPresented(w http.ResponseWriter, r *http.Request, e directory.Entity, done errPresented) error {
	target := rootOf(r, e) + "/mis-registros"
	if done.submissionID != "" {
		target += "?nuevo=" + url.QueryEscape(done.submissionID)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// releaseDraft undoes claimDraft when the registry refused the entry.
func (m *Module) releaseDraft(ctx context.Context, entityID, did string) error {
	_, err := m.kit.DB.ExecContext(ctx, `UPDATE eoffice_drafts SET submission_id = NULL WHERE entity_id = $1 AND id = $2`, entityID, did)
	return err
}

type checkData struct {
	Draft  draft
	Files  []fileInfo
	Action string
	Change string
}

// checkAnswers shows the solicitud as it will be registered ("compruebe su
// solicitud"), with the button that presents it.
func (m *Module) checkAnswers(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	did := r.PathValue("borrador")
	d, files, err := m.loadDraft(r.Context(), m.kit.DB, s.E.ID, p.Citizen.NIF, did)
	if done, ok := presented(err); ok {
		return m.toPresented(w, r, s.E, done)
	}
	if err != nil {
		return err
	}
	root := rootOf(r, s.E)
	p.Title = "Compruebe su solicitud"
	p.Section = "registro"
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: "Solicitud general", Href: root + "/solicitud"},
		{Label: "Compruebe su solicitud"}}
	p.Data = checkData{Draft: d, Files: files, Action: root + "/solicitud/" + did, Change: root + "/solicitud?borrador=" + url.QueryEscape(did)}
	return m.render(w, r, http.StatusOK, "check", p)
}

// present registers the checked solicitud and leads to its justificante.
func (m *Module) present(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	if m.reg == nil {
		return errs.New(errs.Unavailable, "El registro electrónico no está disponible en este momento. Inténtelo más tarde.")
	}
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	c, did := p.Citizen, r.PathValue("borrador")
	d, _, err := m.loadDraft(r.Context(), m.kit.DB, s.E.ID, c.NIF, did)
	if done, ok := presented(err); ok {
		return m.toPresented(w, r, s.E, done)
	}
	if err != nil {
		return err
	}
	in, sub := entryOf(d, nil, s, c)
	docs, err := m.claimDraft(r.Context(), s.E.ID, c.NIF, did, sub.ID)
	if done, ok := presented(err); ok {
		return m.toPresented(w, r, s.E, done)
	}
	if err != nil {
		return err
	}
	in.Documents, sub.Documents = docs, len(docs)
	entry, err := m.reg.Register(r.Context(), in)
	if err != nil {
		if rerr := m.releaseDraft(r.Context(), s.E.ID, did); rerr != nil {
			return rerr
		}
		// The registry refuses what our checks let through only if its rules
		// change: show the form again, filled in, to present anew.
		p.Form = d.values()
		return m.formAgain(w, r, p, s, remapRegistryErrors(err))
	}
	sub.EntryID, sub.EntryNumber, sub.ReceiptCSV, sub.RegisteredAt = entry.ID, entry.Number, entry.ReceiptCSV, entry.RegisteredAt
	if d.Case != "" && m.Cases != nil {
		// The entry stands whatever happens here: the clerk sees it in the
		// registro and joins it by hand if the expediente closed meanwhile.
		if err := m.Cases.Contribute(r.Context(), s.E.ID, c.NIF, c.FullName(), d.Case, entry.ID); err != nil {
			m.kit.Log.Warn("sede: aportación no unida al expediente", "expediente", d.Case, "asiento", entry.Number, "error", err)
		}
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := insertSubmission(r.Context(), tx, sub); err != nil {
			return err
		}
		if _, err := tx.ExecContext(r.Context(), `DELETE FROM eoffice_draft_files WHERE entity_id = $1 AND draft_id = $2`, s.E.ID, did); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, nil, kit.Change{EntityID: s.E.ID, Action: "sede.solicitud",
			ObjectType: "solicitud", ObjectID: sub.ID, After: map[string]any{"nif": c.NIF, "asiento": entry.Number,
				"documentos": sub.Documents, "identificacion": c.Method}})
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, rootOf(r, s.E)+"/mis-registros?nuevo="+url.QueryEscape(sub.ID), http.StatusSeeOther)
	return nil
}

// values are the form fields of d, to fill the form in again.
func (d draft) values() map[string]string {
	return map[string]string{"email": d.Email, "telefono": d.Phone, "direccion": d.Address, "procedimiento": d.Procedure,
		"asunto": d.Subject, "expone": d.Expone, "solicita": d.Solicita}
}
