package apptest

import (
	"context"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/id"
)

// Grant gives the user with email the role in the entity's application
// service, with a staff membership there when he has none: for tests that
// need a role the demo does not hand out.
func (e *Env) Grant(t testing.TB, email, entityID, service, role string) {
	t.Helper()
	ctx := context.Background()
	uid, now := e.UserID(t, email), time.Now().UTC()
	if e.Count(t, `SELECT COUNT(*) FROM memberships WHERE entity_id = $1 AND user_id = $2`, entityID, uid) == 0 {
		if _, err := e.DB.ExecContext(ctx, `INSERT INTO memberships (entity_id, user_id, role, created_at, created_by)
			VALUES ($1, $2, 'personal', $3, 'test')`, entityID, uid, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.DB.ExecContext(ctx, `INSERT INTO grants (entity_id, user_id, service_code, role_code, granted_at, granted_by)
		VALUES ($1, $2, $3, $4, $5, 'test')`, entityID, uid, service, role, now); err != nil {
		t.Fatal(err)
	}
}

// NewStaff creates a person (NIF nif) on the staff of the entity with the
// role in its application service, who signs in with the demo password,
// and returns his e-mail.
func (e *Env) NewStaff(t testing.TB, entityID, service, role, nif string) string {
	t.Helper()
	uid := id.New()
	email := role + "." + strings.ToLower(uid[20:]) + "@example.com"
	hash := e.String(t, `SELECT password_hash FROM users WHERE email = $1`, Caceres)
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO users (id, nif, name, search_text, email, state,
		password_hash, created_at, updated_at) VALUES ($1, $2, 'Prueba', 'prueba', $3, 'activo', $4, $5, $5)`,
		uid, nif, email, hash, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	e.Grant(t, email, entityID, service, role)
	return email
}
