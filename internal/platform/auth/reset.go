package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// ResetTTL is how long a password link (reset or first access) is valid.
const ResetTTL = 24 * time.Hour

// CreateResetToken stores a single-use password link token for userID and
// returns it; the link is /contrasena/nueva?token=<token>.
func CreateResetToken(ctx context.Context, q db.Queryer, userID string) (string, error) {
	token := id.Token(32)
	now := time.Now().UTC()
	_, err := q.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`, HashToken(token), userID, now, now.Add(ResetTTL))
	return token, err
}

// ErrResetInvalid is the Spanish message for an unknown, used or expired link.
var ErrResetInvalid = errors.New("El enlace para establecer la contraseña no es válido, ya se usó o ha caducado. Pida uno nuevo.")

// ConsumeResetToken marks token used and returns its user, or
// ErrResetInvalid. Every other unused link of that user is spent with it:
// once the password is chosen, an older link (perhaps read by someone
// else) must not change it again.
func ConsumeResetToken(ctx context.Context, q db.Queryer, token string) (string, error) {
	var userID string
	var expires time.Time
	var used sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1`,
		HashToken(token)).Scan(&userID, &expires, &used)
	if err != nil || used.Valid || time.Now().After(expires) {
		return "", ErrResetInvalid
	}
	res, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`,
		time.Now().UTC(), HashToken(token))
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return "", ErrResetInvalid
	}
	if _, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`,
		time.Now().UTC(), userID); err != nil {
		return "", fmt.Errorf("auth: spend the other password links of user %s: %w", userID, err)
	}
	return userID, nil
}

// CheckResetToken reports whether token is currently usable, without consuming it.
func CheckResetToken(ctx context.Context, q db.Queryer, token string) bool {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		HashToken(token), time.Now().UTC()).Scan(&n)
	return err == nil && n == 1
}
