package entities_test

import (
	"context"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/validate"
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
	dir3Aldeanuev = "L01100152" // Aldeanueva del Camino (INE 10015-2)
)

var everyone = []string{anon, dipAdmin, tecnico, caceres, plasencia, abadia, operador}

// contains checks a response's status and that its visible text has every want.
func contains(t *testing.T, res apptest.Response, status int, want ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d\n%.600s", res.Status, status, apptest.Text(res.Body))
	}
	text := apptest.Text(res.Body)
	for _, w := range want {
		if !strings.Contains(text, w) && !strings.Contains(res.Body, w) {
			t.Fatalf("%q not in\n%.3000s", w, text)
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

// sierraDeGata returns the id of the Mancomunidad Sierra de Gata.
func sierraDeGata(t *testing.T, env *apptest.Env) string {
	t.Helper()
	id := str(t, env, `SELECT id FROM entities WHERE kind = 'mancomunidad' AND search_text LIKE '%sierra de gata%' ORDER BY id LIMIT 1`)
	if id == "" {
		t.Fatal("no Mancomunidad Sierra de Gata in the demo")
	}
	return id
}

// member returns a member of the mancomunidad, preferring the town of Hoyos (INE 10100).
func member(t *testing.T, env *apptest.Env, manc string) string {
	t.Helper()
	id := str(t, env, `SELECT e.id FROM mancomunidad_members mm JOIN entities e ON e.id = mm.member_id
		WHERE mm.mancomunidad_id = $1 ORDER BY CASE WHEN e.ine_code = '10100' THEN 0 ELSE 1 END, e.name LIMIT 1`, manc)
	if id == "" {
		t.Fatal("the mancomunidad has no members in the demo")
	}
	return id
}

// localNIF returns a valid NIF of a local corporation with the given 7 digits.
func localNIF(t *testing.T, digits string) string {
	t.Helper()
	for _, c := range "ABCDEFGHIJ0123456789" {
		if n, err := validate.LocalEntityNIF("P" + digits + string(c)); err == nil {
			return n
		}
	}
	t.Fatalf("no control character for P%s", digits)
	return ""
}

// written counts every entity and audit row, to prove nothing was written.
func written(t *testing.T, env *apptest.Env) [2]int {
	return [2]int{count(t, env, `SELECT COUNT(*) FROM entities`), count(t, env, `SELECT COUNT(*) FROM audit_log`)}
}
