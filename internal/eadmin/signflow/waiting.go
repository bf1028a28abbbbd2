package signflow

import (
	"context"
	"fmt"

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
	label := fmt.Sprintf("%d documentos esperan su firma o su visto bueno en el portafirmas", len(rows))
	if len(rows) == 1 {
		label = "Un documento espera su firma o su visto bueno en el portafirmas"
	}
	return []kit.Waiting{{Label: label, Count: len(rows), Href: "/portafirmas"}}, nil
}
