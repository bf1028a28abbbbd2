package users_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"concejo/internal/app/apptest"
)

// Demo users.
const (
	anon      = "anónimo"
	dipAdmin  = "admin@dipcaceres.es"
	tecnico   = "tecnico@dipcaceres.es"
	caceres   = "admin@caceres.es"
	plasencia = "admin@plasencia.es"
	abadia    = "secretaria@abadia.es"
	operador  = "operador@sierradegata.es"
)

// Demo entities by DIR3.
const (
	dir3Caceres   = "L01100377"
	dir3Plasencia = "L01101480"
	dir3Abadia    = "L01100015"
)

var everyone = []string{anon, dipAdmin, tecnico, caceres, plasencia, abadia, operador}

// newPassword is the password test users choose through their link.
const newPassword = "una-contraseña-larga"

// expect checks a response's status and that its visible text has every want.
func expect(t *testing.T, res apptest.Response, status int, want ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d (Location %q)\n%.1500s", res.Status, status, res.Location, apptest.Text(res.Body))
	}
	text := apptest.Text(res.Body)
	for _, w := range want {
		if !strings.Contains(text, w) && !strings.Contains(res.Body, w) {
			t.Fatalf("%q not in\n%.4000s", w, text)
		}
	}
}

// count runs a COUNT(*) query.
func count(t *testing.T, env *apptest.Env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// str runs a query returning one string ("" when no row).
func str(t *testing.T, env *apptest.Env, query string, args ...any) string {
	t.Helper()
	var s string
	env.DB.QueryRowContext(context.Background(), query, args...).Scan(&s)
	return s
}

// written counts the rows a user change may touch, to prove nothing was written.
func written(t *testing.T, env *apptest.Env) string {
	t.Helper()
	return fmt.Sprint(count(t, env, `SELECT COUNT(*) FROM users`), count(t, env, `SELECT COUNT(*) FROM memberships`),
		count(t, env, `SELECT COUNT(*) FROM grants`), count(t, env, `SELECT COUNT(*) FROM audit_log`),
		count(t, env, `SELECT COUNT(*) FROM password_resets`),
		str(t, env, `SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM users`),
		count(t, env, `SELECT COUNT(*) FROM users WHERE state <> 'activo'`),
		count(t, env, `SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL`))
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
	expect(t, c.Get("/contrasena/nueva?token="+token), http.StatusOK)
	res := c.Post("/contrasena/nueva", url.Values{"token": {token}, "nueva": {newPassword}, "repetir": {newPassword}})
	if res.Status >= 400 {
		t.Fatalf("setting the password: %d\n%.800s", res.Status, apptest.Text(res.Body))
	}
	return env.Login(t, email, newPassword)
}

// sierraDeGata returns the id of the Mancomunidad Integral Sierra de Gata.
func sierraDeGata(t *testing.T, env *apptest.Env) string {
	t.Helper()
	id := str(t, env, `SELECT m.entity_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = $1 AND m.role = 'operador'`, operador)
	if id == "" {
		t.Fatal("the demo operator has no mancomunidad")
	}
	return id
}

// member returns a member entity of the mancomunidad that has users.
func member(t *testing.T, env *apptest.Env, manc string) string {
	t.Helper()
	id := str(t, env, `SELECT e.id FROM mancomunidad_members mm JOIN entities e ON e.id = mm.member_id
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
	id := str(t, env, `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.entity_id = $1
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
	adhered = str(t, env, `SELECT a.service_code FROM adhesions a WHERE a.entity_id = $1 AND a.state = 'activa'
		AND EXISTS (SELECT 1 FROM service_roles r WHERE r.service_code = a.service_code) ORDER BY a.service_code LIMIT 1`, entityID)
	role = str(t, env, `SELECT role_code FROM service_roles WHERE service_code = $1 ORDER BY role_code LIMIT 1`, adhered)
	other = str(t, env, `SELECT s.code FROM services s WHERE EXISTS (SELECT 1 FROM service_roles r WHERE r.service_code = s.code)
		AND NOT EXISTS (SELECT 1 FROM adhesions a WHERE a.entity_id = $1 AND a.service_code = s.code AND a.state = 'activa')
		ORDER BY s.code LIMIT 1`, entityID)
	if adhered == "" || role == "" || other == "" {
		t.Fatalf("demo adhesions of %s: adhered %q role %q other %q", entityID, adhered, role, other)
	}
	return
}
