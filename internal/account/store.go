package account

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"concejo/internal/directory"
	"concejo/internal/platform/db"
)

// credentials is what sign-in needs of a user.
type credentials struct {
	ID           string
	Email        string
	State        string
	PasswordHash string
	TOTPSecret   string
	TOTPEnabled  bool
	GlobalRole   string
	LockedUntil  sql.NullTime
}

const credentialCols = `id, email, state, password_hash, totp_secret, totp_enabled, global_role, locked_until`

func scanCredentials(row *sql.Row) (*credentials, error) {
	var c credentials
	err := row.Scan(&c.ID, &c.Email, &c.State, &c.PasswordHash, &c.TOTPSecret, &c.TOTPEnabled, &c.GlobalRole,
		&c.LockedUntil)
	return &c, db.NotFound(err)
}

// findByLogin finds a user by e-mail (case-insensitive) or NIF.
func findByLogin(ctx context.Context, q db.Queryer, login string) (*credentials, error) {
	return scanCredentials(q.QueryRowContext(ctx, `SELECT `+credentialCols+` FROM users
		WHERE email = $1 OR nif = $2`, login, login))
}

func findByID(ctx context.Context, q db.Queryer, id string) (*credentials, error) {
	return scanCredentials(q.QueryRowContext(ctx, `SELECT `+credentialCols+` FROM users WHERE id = $1`, id))
}

// maxFailures consecutive wrong passwords, or wrong second-factor codes,
// lock the account for lockFor.
const (
	maxFailures = 5
	lockFor     = 15 * time.Minute
)

// Counters of consecutive failures in users: wrong passwords, and wrong
// TOTP codes (kept apart, as a right password clears its own count).
const (
	passwordFailures = "failed_logins"
	totpFailures     = "failed_totp"
)

// recordFailure adds a failure to counter (passwordFailures or
// totpFailures) and, when it reaches maxFailures, locks the account until
// now+lockFor and starts the count again; it returns the lock end when this
// failure locked it. One statement reads and writes the count, so parallel
// attempts each count: none is lost to a read-modify-write race.
func recordFailure(ctx context.Context, q db.Queryer, userID, counter string, now time.Time) (time.Time, error) {
	end := now.Add(lockFor)
	var n int
	err := q.QueryRowContext(ctx, `UPDATE users SET
		`+counter+` = CASE WHEN `+counter+` + 1 >= $2 THEN 0 ELSE `+counter+` + 1 END,
		locked_until = CASE WHEN `+counter+` + 1 >= $2 THEN $3 ELSE locked_until END
		WHERE id = $1 RETURNING `+counter, userID, maxFailures, end).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("account: record a failure (%s) of user %s: %w", counter, userID, err)
	}
	if n != 0 {
		return time.Time{}, nil
	}
	return end, nil
}

// acceptTOTP records step as userID's last accepted TOTP time step and
// clears the TOTP failures; it reports false, changing nothing, when a code
// of that step or a later one was already accepted. The check and the write
// are one statement, so of two parallel requests with the same code only
// one passes (RFC 6238 §5.2).
func acceptTOTP(ctx context.Context, q db.Queryer, userID string, step int64) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE users SET totp_last_step = $1, failed_totp = 0
		WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return false, fmt.Errorf("account: accept the TOTP code of user %s: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("account: accept the TOTP code of user %s: %w", userID, err)
	}
	return n == 1, nil
}

func recordSuccess(ctx context.Context, q db.Queryer, userID string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2`, now, userID)
	if err != nil {
		return fmt.Errorf("cuenta: anotar el acceso correcto del usuario %s: %w", userID, err)
	}
	return nil
}

// defaultEntity picks the entity a new session starts in: the Diputación for
// its staff, otherwise the first membership by name.
func defaultEntity(ctx context.Context, q db.Queryer, userID string) (string, error) {
	ids, err := db.Collect(ctx, q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT entity_id FROM memberships WHERE user_id = $1`, userID)
	if err != nil {
		return "", fmt.Errorf("cuenta: buscar la entidad por defecto del usuario %s: %w", userID, err)
	}
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByName)
	if err != nil {
		return "", fmt.Errorf("cuenta: buscar la entidad por defecto del usuario %s: %w", userID, err)
	}
	if len(ents) == 0 {
		return "", nil
	}
	if i := slices.IndexFunc(ents, func(e directory.Entity) bool { return e.Kind == "diputacion" }); i >= 0 {
		return ents[i].ID, nil
	}
	return ents[0].ID, nil
}

func setPassword(ctx context.Context, q db.Queryer, userID, hash string) error {
	_, err := q.ExecContext(ctx, `UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL,
		updated_at = $2 WHERE id = $3`, hash, time.Now().UTC(), userID)
	if err != nil {
		return fmt.Errorf("cuenta: cambiar la contraseña del usuario %s: %w", userID, err)
	}
	return nil
}

// app is an application of the catalogue the user may open.
type app struct {
	Code, Name, Description, URL string
	Roles                        []string
}

// services returns name, description and URL of the active services of
// the catalogue, by code.
func services(ctx context.Context, q db.Queryer) (map[string]app, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer las aplicaciones: %w", err)
	}
	out := map[string]app{}
	for _, s := range all {
		if s.Active {
			out[s.Code] = app{Code: s.Code, Name: s.Name, Description: s.Description, URL: s.AppURL}
		}
	}
	return out, nil
}

// roleNames maps "service/role" codes to the names users read.
func roleNames(ctx context.Context, q db.Queryer) (map[string]string, error) {
	all, err := directory.Services(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer los nombres de los roles: %w", err)
	}
	codes := make([]string, len(all))
	for i, s := range all {
		codes[i] = s.Code
	}
	roles, err := directory.RolesOf(ctx, q, codes)
	if err != nil {
		return nil, fmt.Errorf("cuenta: leer los nombres de los roles: %w", err)
	}
	out := make(map[string]string, len(roles))
	for _, r := range roles {
		out[r.Service+"/"+r.Code] = r.Name
	}
	return out, nil
}
