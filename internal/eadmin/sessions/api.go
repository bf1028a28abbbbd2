package sessions

import "context"

// What other modules may use of the órganos colegiados: the entity's
// órganos (the Pleno is created on first use).

// Organs returns the órganos colegiados of entityID, Pleno first, creating
// the Pleno with its defaults when the entity has none yet.
func (m *Module) Organs(ctx context.Context, entityID string) ([]Organ, error) {
	return m.ensureOrgans(ctx, nil, entityID)
}
