package oidc

import (
	"context"
	"time"
)

// Purge deletes the tokens and authorization requests that expired before
// before (periodic maintenance); it returns how many tokens went. An expired
// refresh token is refused whether its row exists or not, so purging never
// lets an old token back in.
func (m *Module) Purge(ctx context.Context, before time.Time) (int64, error) {
	res, err := m.kit.DB.ExecContext(ctx, `DELETE FROM oidc_tokens WHERE expires_at < $1`, before.UTC())
	if err != nil {
		return 0, err
	}
	if _, err := m.kit.DB.ExecContext(ctx, `DELETE FROM oidc_auth_requests WHERE expires_at < $1`, before.UTC()); err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
