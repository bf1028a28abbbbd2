package casefile

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
)

// waiting is what the tramitador has for the actor's home: his pending
// trámites, and how many of them are past their plazo.
func (m *Module) waiting(ctx context.Context, a *auth.Actor) ([]kit.Waiting, error) {
	if ok, err := m.kit.Access.CanHere(ctx, a, PermRead); err != nil || !ok {
		return nil, err
	}
	tasks, err := m.pending(ctx, a.Entity.ID, a.UserID, 200)
	if err != nil {
		return nil, err
	}
	now, overdue := m.kit.Now(), 0
	for _, t := range tasks {
		if !t.DueAt.IsZero() && now.After(t.DueAt) {
			overdue++
		}
	}
	w := kit.NewWaiting(len(tasks), "/expedientes/pendientes",
		"Un trámite de un expediente le espera", "%d trámites de expedientes le esperan")
	if overdue > 0 {
		w.Label += fmt.Sprintf(" (%d con el plazo vencido)", overdue)
	}
	return []kit.Waiting{w}, nil
}
