package decrees

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
)

// errSigned is the conflict of changing a signed resolution.
var errSigned = errs.New(errs.Conflict, "La resolución ya está firmada: una resolución firmada no se puede modificar ni borrar. "+
	"Para corregirla, dicte otra resolución que la rectifique.")

// member resolves who acts for the Go API: a user of the entity, or the
// platform itself when by is empty.
func (m *Module) member(ctx context.Context, entityID, by string) (*auth.Actor, error) {
	if _, err := directory.EntityByID(ctx, m.kit.DB, entityID); err != nil {
		return nil, fmt.Errorf("resoluciones: entidad %s: %w", entityID, err)
	}
	if by == "" {
		return nil, nil
	}
	mb, err := directory.MemberOf(ctx, m.kit.DB, entityID, by)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errs.New(errs.Invalid, "Quien actúa no es usuario de la entidad.")
	}
	if err != nil {
		return nil, fmt.Errorf("resoluciones: usuario %s de la entidad %s: %w", by, entityID, err)
	}
	return &auth.Actor{UserID: by, Name: mb.Name()}, nil
}

// actorID and actorName say who acts (the platform when a is nil).
func actorID(a *auth.Actor) string {
	if a == nil {
		return "sistema"
	}
	return a.UserID
}

func actorName(a *auth.Actor) string {
	if a == nil {
		return "Sistema"
	}
	return a.Name
}

// resolveRectifies sets d.RectifiesID from the number p.Rectifies.
func resolveRectifies(ctx context.Context, q db.Queryer, d *Decree, number string) error {
	d.RectifiesID = ""
	if number == "" {
		return nil
	}
	r, err := decreeByNumber(ctx, q, d.EntityID, number)
	if errors.Is(err, db.ErrNotFound) {
		return errs.Fields{{Field: "rectifica", Message: "No hay ninguna resolución firmada con el número " + number + " en el libro de la entidad."}}
	}
	if err != nil {
		return err
	}
	d.RectifiesID = r.ID
	return nil
}

// fill copies the proposal's fields to d.
func fill(d *Decree, p Proposal) {
	d.Organ, d.OrganName, d.Delegation = p.Organ, p.OrganName, p.Delegation
	d.Summary, d.Body, d.Area, d.CaseID, d.CaseNumber = p.Summary, p.Body, p.Area, p.CaseID, p.CaseNumber
}

// createDraft validates p and stores it as a draft of p.EntityID, audited.
func (m *Module) createDraft(ctx context.Context, a *auth.Actor, p Proposal) (Decree, error) {
	if err := normalize(&p); err != nil {
		return Decree{}, err
	}
	now := m.kit.Now()
	d := Decree{EntityID: p.EntityID, ID: id.New(), State: StateDraft, CreatedAt: now, UpdatedAt: now,
		CreatedBy: actorID(a), CreatedByName: actorName(a)}
	fill(&d, p)
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := resolveRectifies(ctx, tx, &d, p.Rectifies); err != nil {
			return err
		}
		if err := insertDecree(ctx, tx, d); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(d.EntityID, "resoluciones.proponer", d.ID, nil, auditView(d)))
	})
	if err != nil {
		return Decree{}, err
	}
	return d, nil
}

// editDraft replaces the fields of a draft with p (p.EntityID is the
// entity of the draft).
func (m *Module) editDraft(ctx context.Context, a *auth.Actor, draftID string, p Proposal) error {
	if err := normalize(&p); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := decreeByID(ctx, tx, p.EntityID, draftID)
		if err != nil {
			return err
		}
		if before.Signed() {
			return errSigned
		}
		if _, open, err := m.inCircuit(ctx, p.EntityID, draftID); err != nil || open {
			return cmpErr(err, errInCircuit)
		}
		d := before
		fill(&d, p)
		d.UpdatedAt = m.kit.Now()
		if err := resolveRectifies(ctx, tx, &d, p.Rectifies); err != nil {
			return err
		}
		if err := updateDraft(ctx, tx, d); errors.Is(err, db.ErrNotFound) {
			return errSigned // signed meanwhile
		} else if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(d.EntityID, "resoluciones.modificar", d.ID, auditView(before), auditView(d)))
	})
}

// removeDraft deletes a draft of entityID.
func (m *Module) removeDraft(ctx context.Context, a *auth.Actor, entityID, draftID string) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := decreeByID(ctx, tx, entityID, draftID)
		if err != nil {
			return err
		}
		if before.Signed() {
			return errSigned
		}
		if _, open, err := m.inCircuit(ctx, entityID, draftID); err != nil || open {
			return cmpErr(err, errInCircuit)
		}
		if err := deleteDraft(ctx, tx, entityID, draftID); errors.Is(err, db.ErrNotFound) {
			return errSigned
		} else if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(entityID, "resoluciones.borrar", draftID, auditView(before), nil))
	})
}

// invalidDay stands for a date that could not be read.
var invalidDay = time.Date(1, time.January, 2, 0, 0, 0, 0, time.UTC)

// checkSignature trims s and checks what does not depend on the book.
func (m *Module) checkSignature(s *Signature) error {
	s.SignerName, s.SignerPost = strings.TrimSpace(s.SignerName), strings.TrimSpace(s.SignerPost)
	var fe errs.Fields
	if s.Kind == "" {
		s.Kind = KindPaper
	}
	if s.Kind != KindPaper && (s.Kind != KindElectronic || len(s.Document) == 0 || s.CSV == "") {
		fe.Add("tipo", "Aquí solo se registra la firma en papel: la electrónica se hace en el portafirmas.")
	}
	checkText(&fe, "firmante", s.SignerName, "El nombre de quien firma", true, maxShort)
	checkText(&fe, "cargo", s.SignerPost, "El cargo de quien firma", true, maxShort)
	today := civilDay(m.kit.Now())
	switch {
	case s.SignedOn.Equal(invalidDay):
		fe.Add("fecha", web.BadDay("la fecha de la firma"))
	case s.SignedOn.IsZero():
		fe.Add("fecha", "Indique la fecha de la firma.")
	case s.SignedOn.After(today):
		fe.Add("fecha", "La fecha de la firma no puede ser posterior a hoy ("+today.Format("02/01/2006")+").")
	case s.SignedOn.Year() != today.Year():
		fe.Add("fecha", fmt.Sprintf("La fecha de la firma tiene que ser de este año (%d): el número se toma del libro del año en curso.", today.Year()))
	}
	return fe.Err()
}

// sign records the signature of a draft (see Sign).
func (m *Module) sign(ctx context.Context, a *auth.Actor, entityID, draftID string, s Signature) (Decree, error) {
	var d Decree
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = m.signTx(ctx, tx, a, entityID, draftID, s)
		return err
	})
	if err != nil {
		return Decree{}, err
	}
	// The PDF is issued now; if that fails, on first request.
	if _, err := m.document(ctx, directory.Entity{}, d); err != nil {
		m.kit.Log.Warn("resoluciones: no se pudo emitir el PDF tras la firma", "resolucion", d.ID, "error", err)
	}
	return d, nil
}

// signTx numbers and dates the draft inside tx (see Sign); an electronic
// signature's PDF is issued in the same transaction.
func (m *Module) signTx(ctx context.Context, tx *sql.Tx, a *auth.Actor, entityID, draftID string, s Signature) (Decree, error) {
	s.SignedOn = civilDayOf(s.SignedOn)
	if err := m.checkSignature(&s); err != nil {
		return Decree{}, err
	}
	d, err := decreeByID(ctx, tx, entityID, draftID)
	if err != nil {
		return d, err
	}
	if d.Signed() {
		return d, errs.New(errs.Conflict, "La resolución ya está firmada con el número "+d.Number+".")
	}
	year := s.SignedOn.Year()
	seq, err := nextNumber(ctx, tx, entityID, year)
	if err != nil {
		return d, err
	}
	// The counter is ours: the book's last resolution is final now.
	lastNumber, lastDay, err := lastSigned(ctx, tx, entityID, year)
	if err != nil {
		return d, err
	}
	if lastNumber != "" && s.SignedOn.Before(lastDay) {
		return d, errs.Fields{{Field: "fecha", Message: "La fecha de la firma no puede ser anterior a la de la última resolución del libro (" +
			lastNumber + ", de " + lastDay.Format("02/01/2006") + "): el libro sigue el orden de las fechas."}}
	}
	d.State, d.Year, d.Seq, d.Number = StateSigned, year, seq, FormatNumber(year, seq)
	d.SignedOn, d.Signature, d.SignerName, d.SignerPost = s.SignedOn, s.Kind, s.SignerName, s.SignerPost
	d.RecordedAt, d.RecordedBy, d.RecordedByName = m.kit.Now(), actorID(a), actorName(a)
	d.CSV, d.UpdatedAt = csvdoc.NewCode(), d.RecordedAt
	if s.Kind == KindElectronic {
		d.CSV = s.CSV
	}
	if err := markSigned(ctx, tx, d); errors.Is(err, db.ErrNotFound) {
		return d, errs.New(errs.Conflict, "La resolución acaba de firmarse o de borrarse en otra sesión: vuelva a abrirla.")
	} else if err != nil {
		return d, err
	}
	if s.Kind == KindElectronic {
		if err := csvdoc.Issue(ctx, tx, m.issued(d, s.Document)); err != nil {
			return d, fmt.Errorf("resoluciones: guardar el PDF firmado de %s: %w", d.Number, err)
		}
	}
	if m.OnSigned != nil {
		if err := m.OnSigned(ctx, tx, d); err != nil {
			return d, fmt.Errorf("resoluciones: al firmar %s: %w", d.Number, err)
		}
	}
	return d, m.kit.Audit(ctx, tx, a, change(entityID, "resoluciones.firmar", d.ID, nil, auditView(d)))
}

// civilDayOf is the date t names: a date already at midnight UTC is kept,
// any other instant is read in Madrid.
func civilDayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t
	}
	return civilDay(t)
}
