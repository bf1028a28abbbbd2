package auth

import (
	"context"
	"database/sql"
	"errors"

	"concejo/internal/platform/db"
)

// ErrNoActiveUser is returned by ActorByEmail for an unknown or inactive user.
var ErrNoActiveUser = errors.New("no hay ningún usuario activo con ese correo")

// ActorByEmail builds the actor of the active user with email, working for
// entityID when he may (else his first entity), as a session would: for
// work done on a user's behalf outside a browser session (a reply by e-mail).
func (s *Sessions) ActorByEmail(ctx context.Context, q db.Queryer, email, entityID string) (*Actor, error) {
	a := &Actor{}
	err := q.QueryRowContext(ctx, `SELECT id, name || ' ' || surname1 || CASE WHEN surname2 = '' THEN '' ELSE ' ' || surname2 END, email, nif, global_role, totp_enabled
		FROM users WHERE lower(email) = lower($1) AND state = 'activo'`, email).
		Scan(&a.UserID, &a.Name, &a.Email, &a.NIF, &a.GlobalRole, &a.TOTPEnabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoActiveUser
	}
	if err != nil {
		return nil, err
	}
	a.MFADone = true
	if err := s.loadScope(ctx, q, a, entityID); err != nil {
		return nil, err
	}
	return a, nil
}
