package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// CookieName is the session cookie.
const CookieName = "concejo_sesion"

// Sessions is the server-side, revocable session store.
type Sessions struct {
	DB *db.DB
	// TTL is the absolute lifetime; Idle the inactivity limit.
	TTL, Idle time.Duration
	// Secure marks the cookie Secure (when served over TLS).
	Secure bool
	// OnRevoke, when set, is called inside Revoke and RevokeUser (with the
	// same q, so in the caller's transaction) after the sessions are marked
	// revoked, with the hashes of the sessions that were open and, for
	// RevokeUser, the user. The OIDC provider uses it to revoke the tokens
	// issued under those sessions and to notify the applications. An error
	// makes the revocation fail.
	OnRevoke func(ctx context.Context, q db.Queryer, sessionHashes []string, userID string) error
	// Tenancy reads the person's entities and the roles and adhesions of
	// his current entity; internal/app sets it to directory.Tenancy (this
	// package imports no module).
	Tenancy Tenancy
}

// HashToken is the stored form of a session or reset token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Create opens a session for userID working for entityID and returns the
// token for the cookie. mfaDone says whether the second factor is passed.
func (s *Sessions) Create(ctx context.Context, q db.Queryer, userID, entityID string, mfaDone bool, r *http.Request) (string, error) {
	token := id.Token(32)
	now := time.Now().UTC()
	var ent any
	if entityID != "" {
		ent = entityID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, entity_id, mfa_done, ip, user_agent,
		created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
		HashToken(token), userID, ent, mfaDone, ClientIP(r), truncate(r.UserAgent(), 200), now, now.Add(s.TTL))
	return token, err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SetCookie writes the session cookie.
func (s *Sessions) SetCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Secure, SameSite: http.SameSiteLaxMode, MaxAge: int(s.TTL.Seconds())})
}

// ClearCookie removes the session cookie.
func (s *Sessions) ClearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true,
		Secure: s.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// errNoSession means the cookie does not name a live session.
var errNoSession = errors.New("no session")

// Load returns the actor of the session named by token, or errNoSession
// when it is unknown, expired, idle too long, revoked, or its user is not active.
func (s *Sessions) Load(ctx context.Context, token string, ip string) (*Actor, error) {
	if token == "" || len(token) > 100 {
		return nil, errNoSession
	}
	hash := HashToken(token)
	a := &Actor{SessionHash: hash, IP: ip}
	var entityID sql.NullString
	var lastSeen, expires time.Time
	var revoked sql.NullTime
	var state string
	err := s.DB.QueryRowContext(ctx, `SELECT s.entity_id, s.mfa_done, s.last_seen_at, s.expires_at, s.revoked_at,
			u.id, u.name || ' ' || u.surname1 || CASE WHEN u.surname2 = '' THEN '' ELSE ' ' || u.surname2 END,
			u.email, u.nif, u.global_role, u.totp_enabled, u.state
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, hash).
		Scan(&entityID, &a.MFADone, &lastSeen, &expires, &revoked, &a.UserID, &a.Name, &a.Email, &a.NIF,
			&a.GlobalRole, &a.TOTPEnabled, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	if revoked.Valid || now.After(expires) || now.Sub(lastSeen) > s.Idle || state != "activo" {
		return nil, errNoSession
	}
	if now.Sub(lastSeen) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, hash); err != nil {
			return nil, err
		}
	}
	if err := s.loadScope(ctx, s.DB, a, entityID.String); err != nil {
		return nil, err
	}
	return a, nil
}

// Tenancy is what a session reads of the directory of entities, in two
// queries per request: the person's entities, then what he holds in his
// current one.
type Tenancy interface {
	// Entities are userID's entities and his role in each, by name, and
	// the entities he serves as a mancomunidad TIC operator (the members
	// of his mancomunidades), by name.
	Entities(ctx context.Context, q db.Queryer, userID string) ([]Membership, []EntityRef, error)
	// Current are the application roles userID holds in entityID that are
	// in force (only those of services with an active adhesion), and the
	// codes of the services entityID has an active adhesion to.
	Current(ctx context.Context, q db.Queryer, entityID, userID string) ([]Grant, []string, error)
}

// loadScope fills memberships, operator scope, the current entity, its
// grants and its adhesions.
func (s *Sessions) loadScope(ctx context.Context, q db.Queryer, a *Actor, current string) error {
	if s.Tenancy == nil {
		return errors.New("auth: Sessions.Tenancy is not set")
	}
	var err error
	if a.Memberships, a.OperatorScope, err = s.Tenancy.Entities(ctx, q, a.UserID); err != nil {
		return fmt.Errorf("auth: entities of the session: %w", err)
	}
	for _, e := range a.Switchable() {
		if e.ID == current || (current == "" && a.Entity.ID == "") {
			a.Entity = e
		}
	}
	if a.Entity.ID == "" {
		return nil
	}
	if a.Grants, a.Services, err = s.Tenancy.Current(ctx, q, a.Entity.ID, a.UserID); err != nil {
		return fmt.Errorf("auth: grants and adhesions of the session's entity: %w", err)
	}
	return nil
}

// SetEntity changes the session's current entity (the caller checks CanSwitchTo).
func (s *Sessions) SetEntity(ctx context.Context, hash, entityID string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE sessions SET entity_id = $1 WHERE token_hash = $2`, entityID, hash)
	return err
}

// MarkMFADone records that the session passed the second factor (inside
// the caller's transaction when q is one).
func (s *Sessions) MarkMFADone(ctx context.Context, q db.Queryer, hash string) error {
	if _, err := q.ExecContext(ctx, `UPDATE sessions SET mfa_done = TRUE WHERE token_hash = $1`, hash); err != nil {
		return fmt.Errorf("auth: mark the second factor done in a session: %w", err)
	}
	return nil
}

// Revoked reports whether the session with the token hash was revoked; a
// session no longer kept (purged) is not.
func (s *Sessions) Revoked(ctx context.Context, hash string) (bool, error) {
	var revoked sql.NullTime
	err := s.DB.QueryRowContext(ctx, `SELECT revoked_at FROM sessions WHERE token_hash = $1`, hash).Scan(&revoked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("auth: whether a session was revoked: %w", err)
	}
	return revoked.Valid, nil
}

// Revoke ends one session.
func (s *Sessions) Revoke(ctx context.Context, q db.Queryer, hash string) error {
	res, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`,
		time.Now().UTC(), hash)
	if err != nil {
		return err
	}
	if s.OnRevoke != nil {
		if n, err := res.RowsAffected(); err == nil && n > 0 {
			return s.OnRevoke(ctx, q, []string{hash}, "")
		}
	}
	return nil
}

// RevokeUser ends every session of userID and returns how many were open.
func (s *Sessions) RevokeUser(ctx context.Context, q db.Queryer, userID string) (int64, error) {
	var hashes []string
	if s.OnRevoke != nil {
		rows, err := q.QueryContext(ctx, `SELECT token_hash FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`, userID)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return 0, err
			}
			hashes = append(hashes, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	res, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
		time.Now().UTC(), userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if s.OnRevoke != nil {
		if err := s.OnRevoke(ctx, q, hashes, userID); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// RevokeOthers ends every session of userID except keepHash (the current
// one) and returns how many were open; like RevokeUser it calls OnRevoke.
func (s *Sessions) RevokeOthers(ctx context.Context, q db.Queryer, userID, keepHash string) (int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT token_hash FROM sessions WHERE user_id = $1 AND token_hash <> $2
		AND revoked_at IS NULL`, userID, keepHash)
	if err != nil {
		return 0, err
	}
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return 0, err
		}
		hashes = append(hashes, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var n int64
	for _, h := range hashes {
		res, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`,
			time.Now().UTC(), h)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if s.OnRevoke != nil && len(hashes) > 0 {
		if err := s.OnRevoke(ctx, q, hashes, ""); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// SetFlash stores a one-time message shown on the next page.
func (s *Sessions) SetFlash(ctx context.Context, hash, msg string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE sessions SET flash = $1 WHERE token_hash = $2`, msg, hash)
	return err
}

// PopFlash returns and clears the pending message.
func (s *Sessions) PopFlash(ctx context.Context, hash string) string {
	var msg string
	if err := s.DB.QueryRowContext(ctx, `SELECT flash FROM sessions WHERE token_hash = $1`, hash).Scan(&msg); err != nil || msg == "" {
		return ""
	}
	s.DB.ExecContext(ctx, `UPDATE sessions SET flash = '' WHERE token_hash = $1`, hash)
	return msg
}

// SessionInfo describes an open session for the "sesiones abiertas" lists.
type SessionInfo struct {
	Hash      string
	IP        string
	UserAgent string
	CreatedAt time.Time
	LastSeen  time.Time
}

// Open lists userID's live sessions, newest first.
func (s *Sessions) Open(ctx context.Context, userID string) ([]SessionInfo, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT token_hash, ip, user_agent, created_at, last_seen_at FROM sessions
		WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 50`,
		userID, time.Now().UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		if err := rows.Scan(&si.Hash, &si.IP, &si.UserAgent, &si.CreatedAt, &si.LastSeen); err != nil {
			return nil, err
		}
		out = append(out, si)
	}
	return out, rows.Err()
}

// Middleware puts the session's actor (if any) into the request context.
func (s *Sessions) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(CookieName)
		if err == nil {
			a, err := s.Load(r.Context(), c.Value, ClientIP(r))
			switch {
			case err == nil:
				r = r.WithContext(WithActor(r.Context(), a))
			case errors.Is(err, errNoSession):
				s.ClearCookie(w)
			default:
				http.Error(w, "Error interno al leer la sesión.", http.StatusInternalServerError)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Purge deletes the sessions that ended (expired or revoked) before
// before, and the password links that expired before it; it returns how
// many sessions went.
func (s *Sessions) Purge(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, before.UTC())
	if err != nil {
		return 0, err
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at < $1`, before.UTC()); err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
