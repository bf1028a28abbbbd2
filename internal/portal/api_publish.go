package portal

import (
	"context"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// What other modules publish on an entity's tablón de anuncios and its
// perfil del contratante: the expedientes publish their edictos, anuncios
// and informaciones públicas, and their contratos menores.

// EdictForm is what a publisher submits.
type EdictForm struct {
	Kind, Title, Body string
	PublishAt         time.Time
	Period            int
	Unit              string
	Corrects          string
}

// CanPublishEdicts reports whether a may publish on the tablón of his
// current entity (PermOfficial).
func (m *Module) CanPublishEdicts(ctx context.Context, a *auth.Actor) (bool, error) {
	return m.kit.Access.CanHere(ctx, a, PermOfficial)
}

// PublishEdict publishes f on the tablón of a's current entity, as the
// tablón's own form does: the exposure period is fixed now (a plazo of
// art. 30 Ley 39/2015 on the municipality's calendar) and the edict never
// changes. It asks the access layer for PermOfficial; bad input is an
// errs.Fields with Spanish messages.
func (m *Module) PublishEdict(ctx context.Context, a *auth.Actor, f EdictForm) (Edict, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermOfficial); err != nil {
		return Edict{}, err
	}
	return m.createEdict(ctx, a, f, errs.Fields{})
}

// TenderForm is a tender entered by hand.
type TenderForm struct {
	FolderID, Title, ContractType, Procedure string
	Minor                                    bool
	BudgetCents, AwardCents                  int64
	Awardee, CPV, DocName, DocURL            string
	State                                    string
	// Deadline is the end of the period for bids (zero = none given).
	Deadline time.Time
}

// ContractTypes are the types of contract the perfil del contratante takes.
func ContractTypes() []string { return contractTypes }

// PublishContract publishes a contract on the perfil del contratante of a's
// current entity, as its own form does (a contrato menor with its
// adjudicatario and amount); it asks the access layer for PermOfficial and
// returns the contract's id. Bad input is an errs.Fields.
func (m *Module) PublishContract(ctx context.Context, a *auth.Actor, f TenderForm) (string, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermOfficial); err != nil {
		return "", err
	}
	return m.createTender(ctx, a, f, errs.Fields{})
}
