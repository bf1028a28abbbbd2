package entities_test

import (
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/validate"
)

// Demo entities by DIR3 (the others are apptest's).
const dir3Aldeanuev = "L01100152" // Aldeanueva del Camino (INE 10015-2)

// sierraDeGata returns the id of the Mancomunidad Sierra de Gata.
func sierraDeGata(t *testing.T, env *apptest.Env) string {
	t.Helper()
	id := env.String(t, `SELECT id FROM entities WHERE kind = 'mancomunidad' AND search_text LIKE '%sierra de gata%' ORDER BY id LIMIT 1`)
	if id == "" {
		t.Fatal("no Mancomunidad Sierra de Gata in the demo")
	}
	return id
}

// member returns a member of the mancomunidad, preferring the town of Hoyos (INE 10100).
func member(t *testing.T, env *apptest.Env, manc string) string {
	t.Helper()
	id := env.String(t, `SELECT e.id FROM mancomunidad_members mm JOIN entities e ON e.id = mm.member_id
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
	return [2]int{env.Count(t, `SELECT COUNT(*) FROM entities`), env.Count(t, `SELECT COUNT(*) FROM audit_log`)}
}
