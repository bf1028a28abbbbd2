package users

// This file keeps an account's credentials for sign-in (internal/core/account):
// the password hash, the TOTP second factor, the counts of consecutive
// failures and the lock-out they lead to. Sign-in decides the policy (how
// many failures lock an account, for how long); these functions only read
// and write the columns.

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"concejo/internal/platform/db"
)

// Credentials is what sign-in needs of an account.
type Credentials struct {
	ID    string
	Email string
	// State is activo, bloqueado or baja.
	State string
	// PasswordHash is "" until the person chooses a password.
	PasswordHash string
	TOTPSecret   string
	TOTPEnabled  bool
	// LockedUntil is the end of the lock-out after repeated failures (zero: none).
	LockedUntil time.Time
}

// credentials returns the credentials of the account that where (SQL on
// the users table) selects; what names it in errors.
func credentials(ctx context.Context, q db.Queryer, what, where string, args ...any) (Credentials, error) {
	var c Credentials
	var locked sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, email, state, password_hash, totp_secret, totp_enabled, locked_until
		FROM users WHERE `+where, args...).
		Scan(&c.ID, &c.Email, &c.State, &c.PasswordHash, &c.TOTPSecret, &c.TOTPEnabled, &locked)
	if err != nil {
		return Credentials{}, fmt.Errorf("usuarios: leer las credenciales del usuario por %s: %w", what, db.NotFound(err))
	}
	if locked.Valid {
		c.LockedUntil = locked.Time
	}
	return c, nil
}

// CredentialsByLogin returns the credentials of the account whose e-mail
// or NIF is login (normalised by the caller: e-mail in lower case, NIF as
// validate.NormalizeID gives it), or an error wrapping db.ErrNotFound.
func CredentialsByLogin(ctx context.Context, q db.Queryer, login string) (Credentials, error) {
	return credentials(ctx, q, "correo o NIF", `email = $1 OR nif = $2`, login, login)
}

// CredentialsByNIF returns the credentials of the account of the NIF (as
// a certificate gives it), or an error wrapping db.ErrNotFound.
func CredentialsByNIF(ctx context.Context, q db.Queryer, nif string) (Credentials, error) {
	return credentials(ctx, q, "NIF", `nif = $1`, nif)
}

// CredentialsByID returns the credentials of the account id, or an error
// wrapping db.ErrNotFound.
func CredentialsByID(ctx context.Context, q db.Queryer, id string) (Credentials, error) {
	return credentials(ctx, q, "id", `id = $1`, id)
}

// FailureCounter is a count of an account's consecutive failures.
type FailureCounter string

// The counts of failures: wrong passwords, and wrong TOTP codes (kept
// apart, as a right password clears its own count).
const (
	PasswordFailures FailureCounter = "failed_logins"
	TOTPFailures     FailureCounter = "failed_totp"
)

// RecordFailure adds a failure to counter and, when it reaches limit,
// locks the account until lockEnd and starts the count again; it reports
// whether this failure locked it. One statement reads and writes the count,
// so parallel attempts each count: none is lost to a read-modify-write race.
func RecordFailure(ctx context.Context, q db.Queryer, userID string, counter FailureCounter, limit int, lockEnd time.Time) (bool, error) {
	if counter != PasswordFailures && counter != TOTPFailures {
		return false, fmt.Errorf("usuarios: contador de fallos desconocido %q", counter)
	}
	col := string(counter)
	var n int
	err := q.QueryRowContext(ctx, `UPDATE users SET
		`+col+` = CASE WHEN `+col+` + 1 >= $2 THEN 0 ELSE `+col+` + 1 END,
		locked_until = CASE WHEN `+col+` + 1 >= $2 THEN $3 ELSE locked_until END
		WHERE id = $1 RETURNING `+col, userID, limit, lockEnd).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("usuarios: anotar un fallo (%s) del usuario %s: %w", col, userID, err)
	}
	return n == 0, nil
}

// AcceptTOTP records step as userID's last accepted TOTP time step and
// clears the TOTP failures; it reports false, changing nothing, when a code
// of that step or a later one was already accepted. The check and the write
// are one statement, so of two parallel requests with the same code only
// one passes (RFC 6238 §5.2).
func AcceptTOTP(ctx context.Context, q db.Queryer, userID string, step int64) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE users SET totp_last_step = $1, failed_totp = 0
		WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return false, fmt.Errorf("usuarios: aceptar el código TOTP del usuario %s: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("usuarios: aceptar el código TOTP del usuario %s: %w", userID, err)
	}
	return n == 1, nil
}

// RecordSignIn notes that userID signed in at now: it clears the password
// failures and the lock-out.
func RecordSignIn(ctx context.Context, q db.Queryer, userID string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2`, now, userID)
	if err != nil {
		return fmt.Errorf("usuarios: anotar el acceso correcto del usuario %s: %w", userID, err)
	}
	return nil
}

// SetPassword stores the hash of userID's new password and clears the
// password failures and the lock-out.
func SetPassword(ctx context.Context, q db.Queryer, userID, hash string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL,
		updated_at = $2 WHERE id = $3`, hash, now, userID)
	if err != nil {
		return fmt.Errorf("usuarios: cambiar la contraseña del usuario %s: %w", userID, err)
	}
	return nil
}

// SetTOTPSecret stores the secret userID is enrolling in the second
// factor; it changes nothing once his second factor is enabled.
func SetTOTPSecret(ctx context.Context, q db.Queryer, userID, secret string) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET totp_secret = $1 WHERE id = $2 AND NOT totp_enabled`, secret, userID)
	if err != nil {
		return fmt.Errorf("usuarios: guardar el secreto TOTP del usuario %s: %w", userID, err)
	}
	return nil
}

// EnableTOTP enables userID's second factor with the secret he enrolled,
// step being the time step of the code he proved it with.
func EnableTOTP(ctx context.Context, q db.Queryer, userID string, step int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET totp_enabled = TRUE, totp_last_step = $1, failed_totp = 0,
		updated_at = $2 WHERE id = $3`, step, now, userID)
	if err != nil {
		return fmt.Errorf("usuarios: activar el segundo factor del usuario %s: %w", userID, err)
	}
	return nil
}
