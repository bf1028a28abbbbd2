package users_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"concejo/internal/app/apptest"
)

// newPassword is the password test users choose through their link.
const newPassword = "una-contraseña-larga"

// written counts the rows a user change may touch, to prove nothing was written.
func written(t *testing.T, env *apptest.Env) string {
	t.Helper()
	return fmt.Sprint(env.Count(t, `SELECT COUNT(*) FROM users`), env.Count(t, `SELECT COUNT(*) FROM memberships`),
		env.Count(t, `SELECT COUNT(*) FROM grants`), env.Count(t, `SELECT COUNT(*) FROM audit_log`),
		env.Count(t, `SELECT COUNT(*) FROM password_resets`),
		env.String(t, `SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM users`),
		env.Count(t, `SELECT COUNT(*) FROM users WHERE state <> 'activo'`),
		env.Count(t, `SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL`))
}

var nifSeq atomic.Int64

// freshNIF returns a valid DNI no demo person has.
func freshNIF() string {
	n := 71000000 + nifSeq.Add(1)*7919
	return fmt.Sprintf("%08d%c", n, "TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

// person is a new-user form.
func person(nif, email string) url.Values {
	return url.Values{"nombre": {"Lucía"}, "apellido1": {"Gómez"}, "apellido2": {"Núñez"}, "nif": {nif},
		"email": {email}, "telefono": {"927 000 111"}, "cargo": {"Auxiliar administrativa"}, "rol": {"personal"}}
}

// userPath returns /usuarios/<id> of the response's redirect, failing otherwise.
func userPath(t *testing.T, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/usuarios/") {
		t.Fatalf("status %d, location %q\n%.1500s", res.Status, res.Location, apptest.Text(res.Body))
	}
	return strings.SplitN(res.Location, "?", 2)[0]
}

// create creates a person in the admin's current entity and returns his id.
func create(t *testing.T, c *apptest.Client, query string, nif, email string) string {
	t.Helper()
	return strings.TrimPrefix(userPath(t, c.Post("/usuarios"+query, person(nif, email))), "/usuarios/")
}

var linkRe = regexp.MustCompile(`http://concejo\.test/contrasena/nueva\?token=([A-Za-z0-9]+)`)

// lastLink returns the token of the password link of the last e-mail sent to email.
func lastLink(t *testing.T, env *apptest.Env, email string) string {
	t.Helper()
	msg, ok := env.Mail.Last()
	if !ok || msg.To != email {
		t.Fatalf("no e-mail to %s (last: %+v)", email, msg)
	}
	m := linkRe.FindStringSubmatch(msg.Body)
	if m == nil {
		t.Fatalf("no password link in\n%s", msg.Body)
	}
	return m[1]
}

// activate sets the password of the account through the link just e-mailed
// to email and signs in with it.
func activate(t *testing.T, env *apptest.Env, email string) *apptest.Client {
	t.Helper()
	token := lastLink(t, env, email)
	c := env.Anonymous(t)
	apptest.Expect(t, c.Get("/contrasena/nueva?token="+token), http.StatusOK)
	res := c.Post("/contrasena/nueva", url.Values{"token": {token}, "nueva": {newPassword}, "repetir": {newPassword}})
	if res.Status >= 400 {
		t.Fatalf("setting the password: %d\n%.800s", res.Status, apptest.Text(res.Body))
	}
	return env.Login(t, email, newPassword)
}

// sierraDeGata returns the id of the Mancomunidad Integral Sierra de Gata.
func sierraDeGata(t *testing.T, env *apptest.Env) string {
	t.Helper()
	id := env.String(t, `SELECT m.entity_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = $1 AND m.role = 'operador'`, apptest.Operador)
	if id == "" {
		t.Fatal("the demo operator has no mancomunidad")
	}
	return id
}

// member returns a member entity of the mancomunidad that has users.
func member(t *testing.T, env *apptest.Env, manc string) string {
	t.Helper()
	id := env.String(t, `SELECT e.id FROM mancomunidad_members mm JOIN entities e ON e.id = mm.member_id
		WHERE mm.mancomunidad_id = $1 AND EXISTS (SELECT 1 FROM memberships m WHERE m.entity_id = e.id)
		ORDER BY e.name LIMIT 1`, manc)
	if id == "" {
		t.Fatal("the mancomunidad has no member with users in the demo")
	}
	return id
}

// someUser returns a user of the entity with a single membership, other than the given e-mails or ids.
func someUser(t *testing.T, env *apptest.Env, entityID string, except ...string) string {
	t.Helper()
	ex := "'" + strings.Join(append(except, "-"), "', '") + "'"
	id := env.String(t, `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.entity_id = $1
		WHERE u.email NOT IN (`+ex+`) AND u.id NOT IN (`+ex+`) AND u.global_role = '' AND u.state = 'activo'
		AND (SELECT COUNT(*) FROM memberships x WHERE x.user_id = u.id) = 1 ORDER BY u.id LIMIT 1`, entityID)
	if id == "" {
		t.Fatalf("no single-entity user in %s", entityID)
	}
	return id
}

// adheredService returns a service the entity has an active adhesion to
// (one with roles) and one of its roles; and a service it is not adhered to.
func services(t *testing.T, env *apptest.Env, entityID string) (adhered, role, other string) {
	t.Helper()
	adhered = env.String(t, `SELECT a.service_code FROM adhesions a WHERE a.entity_id = $1 AND a.state = 'activa'
		AND EXISTS (SELECT 1 FROM service_roles r WHERE r.service_code = a.service_code) ORDER BY a.service_code LIMIT 1`, entityID)
	role = env.String(t, `SELECT role_code FROM service_roles WHERE service_code = $1 ORDER BY role_code LIMIT 1`, adhered)
	other = env.String(t, `SELECT s.code FROM services s WHERE EXISTS (SELECT 1 FROM service_roles r WHERE r.service_code = s.code)
		AND NOT EXISTS (SELECT 1 FROM adhesions a WHERE a.entity_id = $1 AND a.service_code = s.code AND a.state = 'activa')
		ORDER BY s.code LIMIT 1`, entityID)
	if adhered == "" || role == "" || other == "" {
		t.Fatalf("demo adhesions of %s: adhered %q role %q other %q", entityID, adhered, role, other)
	}
	return
}
