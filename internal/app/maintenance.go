package app

import (
	"context"
	"time"
)

// Retention of ended sessions and expired tokens before they are purged.
const (
	sessionRetention = 30 * 24 * time.Hour
	tokenRetention   = 24 * time.Hour
)

// scheduleMaintenance starts the periodic clean-up: ended sessions, expired
// password links, OIDC tokens and authorization requests.
func (a *App) scheduleMaintenance() {
	a.Kit.Jobs.Every("mantenimiento.purga", time.Hour, func(ctx context.Context) error {
		sessions, tokens, err := a.Purge(ctx, time.Now())
		if sessions+tokens > 0 {
			a.Kit.Log.Info("purga periódica", "sesiones", sessions, "tokens", tokens)
		}
		return err
	})
}

// Purge deletes, as of now, the sessions ended more than 30 days ago and the
// OIDC tokens expired more than a day ago; it returns how many of each went.
func (a *App) Purge(ctx context.Context, now time.Time) (sessions, tokens int64, err error) {
	if sessions, err = a.Kit.Sessions.Purge(ctx, now.Add(-sessionRetention)); err != nil {
		return 0, 0, err
	}
	tokens, err = a.oidc.Purge(ctx, now.Add(-tokenRetention))
	return sessions, tokens, err
}
