package signflow

import (
	"context"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
)

// waiting is what the portafirmas has for the actor's home: the documents
// of his entity that wait for his signature or visto bueno (his own, as a
// substitute or by delegation).
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermSign); err != nil || !ok {
		return nil, err
	}
	rows, err := inbox(ctx, m.kit.DB, a.Entity.ID, a.UserID, today(m.kit.Now()))
	if err != nil {
		return nil, err
	}
	return []kit.Waiting{kit.NewWaiting(len(rows), "/portafirmas",
		"Un documento espera su firma o su visto bueno en el portafirmas",
		"%d documentos esperan su firma o su visto bueno en el portafirmas")}, nil
}
