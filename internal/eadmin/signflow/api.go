package signflow

import (
	"context"
	"database/sql"
	"errors"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
)

// Source is a module whose records go through signing circuits (the libro
// de resoluciones): it renders the document to sign, and hears, inside the
// transaction of each step, what happens in the circuit and, at its end,
// that it was signed by everyone.
type Source interface {
	// Document renders the record's document for a circuit (a PDF with
	// its CSV printed), or an error of kind Conflict when the record may
	// not go to the signature (already signed…).
	Document(ctx context.Context, entityID, id string) (SourceDocument, error)
	// CircuitSigned receives the request with its signed document.
	CircuitSigned(ctx context.Context, tx *sql.Tx, r Request) error
	// CircuitEvent receives each line of the circuit's history (sent,
	// visto bueno, signed, rejected with its reason, corrected, withdrawn)
	// as a sentence for the record's own history.
	CircuitEvent(ctx context.Context, tx *sql.Tx, r Request, text string) error
}

// SourceDocument is the document of another module's record.
type SourceDocument struct {
	Title, Kind, FileName string
	Content               []byte
	// CSV is the código seguro de verificación printed on it.
	CSV string
}

// CanSend reports whether the actor may send documents of his current
// entity to the portafirmas (PermSend).
func (m *Module) CanSend(ctx context.Context, a *auth.Actor) (bool, error) {
	return m.kit.Access.CanHere(ctx, a, PermSend)
}

// Status is what another module shows of its record's circuit.
type Status struct {
	RequestID, State, StateLabel string
	CurrentStep, Steps           int
	Waiting, RejectReason        string
}

// Open reports whether the circuit still runs.
func (s Status) Open() bool { return s.State == StateCirculating }

// BySource returns the status of the latest circuit of another module's
// record, and false when it never went to the portafirmas.
func (m *Module) BySource(ctx context.Context, entityID, sourceType, sourceID string) (Status, bool, error) {
	r, err := requestBySource(ctx, m.kit.DB, entityID, sourceType, sourceID)
	if errors.Is(err, db.ErrNotFound) {
		return Status{}, false, nil
	}
	if err != nil {
		return Status{}, false, err
	}
	return Status{RequestID: r.ID, State: r.State, StateLabel: r.StateLabel(), CurrentStep: r.CurrentStep,
		Steps: r.Steps, Waiting: waitingFor(r.Signers, r.CurrentStep), RejectReason: r.RejectReason}, true, nil
}

// LastSigner is the person who completed a signed request's circuit (the
// last to sign), with his post.
func (r Request) LastSigner() Signer {
	var last Signer
	for _, s := range r.Signers {
		if s.State == SignerSigned && (last.ActedAt == nil || s.ActedAt != nil && !s.ActedAt.Before(*last.ActedAt)) {
			last = s
		}
	}
	return last
}

// Seals lists the entity's seal certificates in force, which its sede
// publishes (art. 40 Ley 40/2015).
func (m *Module) Seals(ctx context.Context, entityID string) ([]Certificate, error) {
	all, err := certificates(ctx, m.kit.DB, entityID)
	if err != nil {
		return nil, err
	}
	var out []Certificate
	for _, c := range all {
		if c.Kind == KindSeal && !c.Revoked && m.kit.Now().Before(c.NotAfter) {
			out = append(out, c)
		}
	}
	return out, nil
}
