package adhesions

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
)

// waiting is what the adhesions have for the actor's home: to who decides
// them, the signed adhesions of every entity waiting for his approval; to
// the user administrator of an entity, its requests waiting for the
// document signed by the mayor.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	decides, err := m.kit.Access.CanHere(ctx, a, PermDecide)
	if err != nil {
		return nil, err
	}
	if decides {
		signed, _, err := PendingCounts(ctx, m.kit.DB)
		return []kit.Waiting{kit.NewWaiting(signed, "/adhesiones?estado="+StateSigned,
			"Una adhesión firmada espera su aprobación", "%d adhesiones firmadas esperan su aprobación")}, err
	}
	if ok, err := m.kit.Access.CanHere(ctx, a, PermRequest); err != nil || !ok {
		return nil, err
	}
	var n int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions WHERE entity_id = $1 AND state = $2`,
		a.Entity.ID, StateRequested).Scan(&n); err != nil {
		return nil, fmt.Errorf("adhesiones: contar las solicitudes de la entidad: %w", err)
	}
	return []kit.Waiting{kit.NewWaiting(n, "/adhesiones?estado="+StateRequested+"&entidad="+a.Entity.ID,
		"Una solicitud de adhesión espera el documento firmado por la alcaldía",
		"%d solicitudes de adhesión esperan el documento firmado por la alcaldía")}, nil
}
