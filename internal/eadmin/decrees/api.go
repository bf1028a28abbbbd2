package decrees

import (
	"context"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/errs"
)

// Proposal is what Propose needs to make a propuesta de resolución.
type Proposal struct {
	EntityID string
	// Organ is "alcaldia" (Alcaldía-Presidencia, the default when empty)
	// or "concejal" (a concejal by delegation: OrganName names the
	// concejalía and Delegation the decree of delegation, both required).
	Organ, OrganName, Delegation string
	// Summary is the extracto (required, at most 250 characters); Body the
	// full text: antecedentes, fundamentos de derecho, parte dispositiva.
	Summary, Body string
	// Area is the department that proposes it (optional).
	Area string
	// CaseID and CaseNumber are the expediente the resolution belongs to,
	// stored as given (optional).
	CaseID, CaseNumber string
	// Rectifies is the number (2026/000012) of a signed resolution of the
	// entity that this one corrects (optional).
	Rectifies string
	// By is the user id of who proposes it (a member of the entity); empty
	// means the platform itself.
	By string
}

// Signature records the signature of a draft by its órgano.
type Signature struct {
	// Kind is the kind of signature: KindPaper, recorded by a person, or
	// KindElectronic, when the portafirmas completes its circuit.
	Kind string
	// SignerName and SignerPost are who signed and as what (Alcalde-Presidente…).
	SignerName, SignerPost string
	// SignedOn is the day of signature (its date in Europe/Madrid counts):
	// today or an earlier day of this year, not before the book's last
	// resolution.
	SignedOn time.Time
	// By is the user id of who records the signature (a member of the entity).
	By string
	// CSV and Document are, for KindElectronic, the code printed on the
	// signed PDF and the PDF itself, issued as the resolution's document.
	CSV      string
	Document []byte
}

// Kinds of signature.
const (
	// KindPaper is a signature on paper recorded in the platform.
	KindPaper = "papel"
	// KindElectronic is an electronic signature made in the portafirmas.
	KindElectronic = "electronica"
)

// Propose creates a draft (no number) and returns its id. Bad input is an
// errs.Fields with Spanish messages; a Rectifies that is not a signed
// resolution of the entity is one too. It does not check permissions.
func (m *Module) Propose(ctx context.Context, p Proposal) (string, error) {
	actor, err := m.member(ctx, p.EntityID, p.By)
	if err != nil {
		return "", err
	}
	d, err := m.createDraft(ctx, actor, p)
	return d.ID, err
}

// Get returns a resolution (draft or signed) of entityID, or an error of
// kind errs.NotFound.
func (m *Module) Get(ctx context.Context, entityID, id string) (Decree, error) {
	return decreeByID(ctx, m.kit.DB, entityID, id)
}

// ByCase returns the resolutions of entityID for the expediente caseID:
// signed ones by number, then drafts by creation.
func (m *Module) ByCase(ctx context.Context, entityID, caseID string) ([]Decree, error) {
	return decreesByCase(ctx, m.kit.DB, entityID, caseID)
}

// Sign records the signature of the draft id of entityID: it takes the next
// number of the entity's book for the year, dates it, fixes the CSV of its
// document, runs OnSigned and audits, all in one transaction; then it
// issues the PDF. A resolution already signed is an errs.Conflict; a bad
// date (future, another year, before the book's last resolution) or a
// missing signer is an errs.Fields. It does not check permissions.
func (m *Module) Sign(ctx context.Context, entityID, id string, s Signature) (Decree, error) {
	actor, err := m.member(ctx, entityID, s.By)
	if err != nil {
		return Decree{}, err
	}
	return m.sign(ctx, actor, entityID, id, s)
}

// PDF returns the signed document of a resolution of entityID (its PDF
// with CSV), issuing it first if it was not yet; errs.Conflict for a draft.
func (m *Module) PDF(ctx context.Context, entityID, id string) ([]byte, error) {
	d, err := decreeByID(ctx, m.kit.DB, entityID, id)
	if err != nil {
		return nil, err
	}
	if !d.Signed() {
		return nil, errs.New(errs.Conflict, "La resolución no está firmada: no tiene documento.")
	}
	return m.document(ctx, directory.Entity{}, d)
}
