package eoffice

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// CitizenCookie names the citizen session cookie, distinct from the staff
// session cookie.
const CitizenCookie = "concejo_ciudadano"

// CitizenTTL is the absolute lifetime of a citizen session.
const CitizenTTL = 30 * time.Minute

// Citizen is an identified person at one sede. It is never an auth.Actor.
type Citizen struct {
	EntityID    string
	NIF         string
	Name        string
	Surnames    string
	Method      string // "clave" or "certificado"
	LoA         string
	ExpiresAt   time.Time
	sessionHash string
}

// FullName is name and surnames.
func (c *Citizen) FullName() string {
	if c.Surnames == "" {
		return c.Name
	}
	if c.Name == "" {
		return c.Surnames
	}
	return c.Name + " " + c.Surnames
}

// MethodLabel names the identification method in Spanish.
func (c *Citizen) MethodLabel() string {
	if c.Method == "certificado" {
		return "certificado electrónico"
	}
	return "Cl@ve"
}

// openCitizen creates a citizen session and sets its cookie.
func (m *Module) openCitizen(ctx context.Context, q db.Queryer, w http.ResponseWriter, r *http.Request, c Citizen) error {
	token := id.Token(32)
	now := m.now().UTC()
	// Expired sessions are kept a day (for the audit of who was identified) and then dropped.
	if _, err := q.ExecContext(ctx, `DELETE FROM eoffice_citizen_sessions WHERE expires_at < $1`, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO eoffice_citizen_sessions (token_hash, entity_id, nif, name, surnames,
		method, loa, ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		auth.HashToken(token), c.EntityID, c.NIF, trunc(c.Name, 80), trunc(c.Surnames, 120), c.Method, c.LoA,
		auth.ClientIP(r), now, now.Add(CitizenTTL)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: CitizenCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: m.kit.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(CitizenTTL.Seconds())})
	return nil
}

// citizen returns the citizen identified at the entity's sede, or nil. A
// session opened at another sede does not count.
func (m *Module) citizen(r *http.Request, entityID string) (*Citizen, error) {
	ck, err := r.Cookie(CitizenCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return nil, nil
	}
	c := &Citizen{sessionHash: auth.HashToken(ck.Value)}
	var revoked sql.NullTime
	err = m.kit.DB.QueryRowContext(r.Context(), `SELECT entity_id, nif, name, surnames, method, loa, expires_at, revoked_at
		FROM eoffice_citizen_sessions WHERE token_hash = $1`, c.sessionHash).
		Scan(&c.EntityID, &c.NIF, &c.Name, &c.Surnames, &c.Method, &c.LoA, &c.ExpiresAt, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if revoked.Valid || !m.now().Before(c.ExpiresAt) || c.EntityID != entityID {
		return nil, nil
	}
	return c, nil
}

// closeCitizen revokes the request's citizen session and clears its cookie.
func (m *Module) closeCitizen(w http.ResponseWriter, r *http.Request) error {
	if ck, err := r.Cookie(CitizenCookie); err == nil && ck.Value != "" && len(ck.Value) <= 100 {
		if _, err := m.kit.DB.ExecContext(r.Context(), `UPDATE eoffice_citizen_sessions SET revoked_at = $1
			WHERE token_hash = $2 AND revoked_at IS NULL`, m.now().UTC(), auth.HashToken(ck.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: CitizenCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: m.kit.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
