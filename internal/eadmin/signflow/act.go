package signflow

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
)

// Acts a person does on a request.
const (
	actSign    = "firma"
	actApprove = "visto_bueno"
	actReject  = "rechazo"
)

// signing makes the signature of one person on a request's document: it
// returns the new document (the PDF with one more signature) or, for other
// files, the detached signature in the record.
type signing func(ctx context.Context, tx *sql.Tx, r Request, slot Signer, onBehalf string, seq int) ([]byte, SignatureRecord, error)

// slotFor is the pending place of the current step that a may fill: his
// own, a substitute's, or a delegator's (onBehalf names whom he replaces).
func slotFor(ctx context.Context, q db.Queryer, r Request, a *auth.Actor, day string) (Signer, string, error) {
	var sub, del *Signer
	for i, s := range r.Signers {
		if s.Step != r.CurrentStep || s.State != SignerPending {
			continue
		}
		switch {
		case s.UserID == a.UserID:
			return s, "", nil
		case s.SubstituteID == a.UserID && sub == nil:
			sub = &r.Signers[i]
		case del == nil:
			var n int
			err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM signflow_delegations WHERE entity_id = $1 AND to_user = $2
				AND starts <= $3 AND ends >= $3 AND revoked_at IS NULL AND from_user = $4`, r.EntityID, a.UserID, day, s.UserID).Scan(&n)
			if err != nil {
				return Signer{}, "", err
			}
			if n > 0 {
				del = &r.Signers[i]
			}
		}
	}
	if sub != nil {
		return *sub, "suplencia de " + sub.UserName, nil
	}
	if del != nil {
		return *del, "delegación de " + del.UserName, nil
	}
	return Signer{}, "", errs.New(errs.Forbidden, "Este documento no espera ahora su firma ni su visto bueno.")
}

// act records what a does on the request: a signature (made by sign), a
// visto bueno, or a rejection with its reason; then moves the circuit on.
func (m *Module) act(ctx context.Context, a *auth.Actor, entityID, requestID, what, reason string, sign signing) (Request, error) {
	reason = strings.TrimSpace(reason)
	if what == actReject {
		if err := validate.Text(reason, "El motivo del rechazo", true, maxReason); err != nil {
			return Request{}, errs.Fields{{Field: "motivo", Message: err.Error()}}
		}
	}
	var r Request
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := m.kit.Now()
		var err error
		if r, err = lockRequest(ctx, tx, entityID, requestID, now); err != nil {
			return err
		}
		if !r.Open() {
			return errClosed
		}
		slot, onBehalf, err := slotFor(ctx, tx, r, a, today(now))
		if err != nil {
			return err
		}
		before := auditView(r)
		slot.ActedAt, slot.ActedBy, slot.ActedByName, slot.OnBehalf = &now, a.UserID, a.Name, onBehalf
		ev := Event{At: now, ActorID: a.UserID, ActorName: a.Name}
		switch what {
		case actSign, actApprove:
			if slot.Action != what {
				return errs.New(errs.Conflict, "En este paso se le pide "+strings.ToLower(slot.ActionLabel())+", no "+
					strings.ToLower(Signer{Action: what}.ActionLabel())+".")
			}
			if what == actApprove {
				slot.State, ev.What = SignerApproved, "Visto bueno"
				break
			}
			seq, err := signatureCount(ctx, tx, r)
			if err != nil {
				return err
			}
			content, rec, err := sign(ctx, tx, r, slot, onBehalf, seq)
			if err != nil {
				return err
			}
			if r.IsPDF() {
				r.Content = content
			}
			rec.Step, rec.SignedAt = slot.Step, now
			if err := insertSignature(ctx, tx, r, rec); err != nil {
				return err
			}
			slot.State, ev.What, ev.Detail = SignerSigned, "Firmado", rec.Format+" "+rec.HowLabel()+": "+rec.CertSubject
		case actReject:
			slot.State, ev.What, ev.Detail = SignerRejected, "Rechazado", reason
			r.State, r.RejectReason, r.RejectedBy, r.FinishedAt = StateRejected, reason, a.Name, &now
		default:
			return errs.New(errs.Invalid, "Acción desconocida.")
		}
		if onBehalf != "" {
			ev.What += " por " + onBehalf
		}
		if err := saveSigner(ctx, tx, r, slot); err != nil {
			return err
		}
		r.Signers = replaceSigner(r.Signers, slot)
		if r.State == StateCirculating {
			m.advance(&r, now)
		}
		r.UpdatedAt = now
		if err := saveRequest(ctx, tx, r); err != nil {
			return err
		}
		for _, s := range r.Signers {
			if s.State == SignerSkipped {
				if err := saveSigner(ctx, tx, r, s); err != nil {
					return err
				}
			}
		}
		if err := m.event(ctx, tx, r, ev); err != nil {
			return err
		}
		if r.State == StateSigned {
			if err := m.event(ctx, tx, r, Event{At: now, ActorID: "sistema", ActorName: "Portafirmas", What: "Circuito completado"}); err != nil {
				return err
			}
		}
		if err := m.notifySource(ctx, tx, r); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(r, "portafirmas."+what, before, auditView(r)))
	})
	return r, err
}

// advance marks the other people of an "any one" step as not needed and
// moves to the next step when the current one is complete; after the last
// step the request is signed.
func (m *Module) advance(r *Request, now time.Time) {
	for r.CurrentStep <= r.Steps {
		complete, anyDone := true, false
		for _, s := range r.Signers {
			if s.Step == r.CurrentStep {
				complete = complete && s.done()
				anyDone = anyDone || s.done()
			}
		}
		if !complete && anyDone && r.Signers[indexOfStep(r.Signers, r.CurrentStep)].Mode == ModeAny {
			for i := range r.Signers {
				if r.Signers[i].Step == r.CurrentStep && r.Signers[i].State == SignerPending {
					r.Signers[i].State = SignerSkipped
				}
			}
			complete = true
		}
		if !complete {
			return
		}
		r.CurrentStep++
	}
	r.State, r.FinishedAt = StateSigned, &now
}

func indexOfStep(signers []Signer, step int) int {
	for i, s := range signers {
		if s.Step == step {
			return i
		}
	}
	return 0
}

func replaceSigner(signers []Signer, s Signer) []Signer {
	for i := range signers {
		if signers[i].Step == s.Step && signers[i].Position == s.Position {
			signers[i] = s
		}
	}
	return signers
}

// signatureCount is how many signatures the request's version has.
func signatureCount(ctx context.Context, q db.Queryer, r Request) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM signflow_signatures WHERE entity_id = $1 AND request_id = $2
		AND version = $3`, r.EntityID, r.ID, r.Version).Scan(&n)
	return n, err
}

// notifySource tells the record's module that its circuit was signed by
// everyone: it runs in the transaction of the last signature.
func (m *Module) notifySource(ctx context.Context, tx *sql.Tx, r Request) error {
	src, ok := m.sources[r.SourceType]
	if !ok || r.SourceType == "" || r.State != StateSigned {
		return nil
	}
	if err := src.CircuitSigned(ctx, tx, r); err != nil {
		return fmt.Errorf("portafirmas: %s %s: %w", r.SourceType, r.SourceID, err)
	}
	return nil
}

// event writes a line of the request's history and tells the record's
// module, in the same transaction.
func (m *Module) event(ctx context.Context, tx *sql.Tx, r Request, e Event) error {
	if err := addEvent(ctx, tx, r, e); err != nil {
		return err
	}
	src, ok := m.sources[r.SourceType]
	if !ok || r.SourceType == "" {
		return nil
	}
	text := "Portafirmas: " + e.What
	if e.Detail != "" {
		text += " (" + e.Detail + ")"
	}
	if e.ActorID != "sistema" {
		text += ", por " + e.ActorName
	}
	if err := src.CircuitEvent(ctx, tx, r, text); err != nil {
		return fmt.Errorf("portafirmas: %s %s: %w", r.SourceType, r.SourceID, err)
	}
	return nil
}

// resubmit sends a corrected document after a rejection (or replaces it
// while nobody has acted): a new version whose circuit starts again; csv
// is the code printed on it when another module rendered it anew.
func (m *Module) resubmit(ctx context.Context, a *auth.Actor, entityID, requestID, fileName string, content []byte, csv string) (Request, error) {
	if len(content) == 0 {
		return Request{}, errs.Fields{{Field: "documento", Message: "Adjunte el documento corregido."}}
	}
	if len(content) > MaxDocument {
		return Request{}, errs.Fields{{Field: "documento", Message: fmt.Sprintf("El documento ocupa más de %d MB, el máximo.", MaxDocument>>20)}}
	}
	var r Request
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := m.kit.Now()
		var err error
		if r, err = lockRequest(ctx, tx, entityID, requestID, now); err != nil {
			return err
		}
		if r.AuthorID != a.UserID {
			return errs.New(errs.Forbidden, "Solo quien envió el documento a la firma puede enviar una versión corregida.")
		}
		if r.State == StateSigned || r.State == StateWithdrawn {
			return errClosed
		}
		if r.State == StateCirculating && anyActed(r.Signers) {
			return errs.New(errs.Conflict, "Ya hay firmas o vistos buenos en este circuito: para cambiar el documento, pida que lo rechacen o retírelo.")
		}
		if r.IsPDF() != isPDF(content) {
			return errs.Fields{{Field: "documento", Message: "El documento corregido tiene que ser del mismo tipo que el original."}}
		}
		before := auditView(r)
		r.Version++
		r.State, r.CurrentStep, r.Content, r.RejectReason, r.RejectedBy, r.FinishedAt = StateCirculating, 1, content, "", "", nil
		r.UpdatedAt = now
		if fileName != "" {
			r.FileName = cleanName(fileName)
		}
		if csv != "" {
			r.CSV = csv
		}
		for i := range r.Signers {
			r.Signers[i].State, r.Signers[i].ActedAt, r.Signers[i].ActedBy, r.Signers[i].ActedByName, r.Signers[i].OnBehalf =
				SignerPending, nil, "", "", ""
			if err := saveSigner(ctx, tx, r, r.Signers[i]); err != nil {
				return err
			}
		}
		if err := saveRequest(ctx, tx, r); err != nil {
			return err
		}
		if err := m.event(ctx, tx, r, Event{At: now, ActorID: a.UserID, ActorName: a.Name,
			What: fmt.Sprintf("Enviada la versión %d corregida", r.Version)}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(r, "portafirmas.corregir", before, auditView(r)))
	})
	return r, err
}

func anyActed(signers []Signer) bool {
	for _, s := range signers {
		if s.done() {
			return true
		}
	}
	return false
}

// withdraw ends a circuit at its author's request.
func (m *Module) withdraw(ctx context.Context, a *auth.Actor, entityID, requestID string) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := m.kit.Now()
		r, err := lockRequest(ctx, tx, entityID, requestID, now)
		if err != nil {
			return err
		}
		if r.AuthorID != a.UserID {
			return errs.New(errs.Forbidden, "Solo quien envió el documento a la firma puede retirarlo.")
		}
		if !r.Open() {
			return errClosed
		}
		before := auditView(r)
		r.State, r.FinishedAt, r.UpdatedAt = StateWithdrawn, &now, now
		if err := saveRequest(ctx, tx, r); err != nil {
			return err
		}
		if err := m.event(ctx, tx, r, Event{At: now, ActorID: a.UserID, ActorName: a.Name, What: "Retirado de la firma"}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change(r, "portafirmas.retirar", before, auditView(r)))
	})
}
