package census_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/territory"
	"concejo/internal/demo"
	"concejo/internal/platform/db"
	"concejo/internal/refdata"
)

// smallDemo loads the small demo province and its callejero (no padrón yet)
// into d and returns the options it used.
func smallDemo(tb testing.TB, d *db.DB) demo.Options {
	tb.Helper()
	ctx := context.Background()
	opts := demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC()}
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		tb.Fatal(err)
	}
	if _, err := demo.Load(ctx, d, opts); err != nil {
		tb.Fatal(err)
	}
	if err := territory.LoadDemo(ctx, d, opts.Modules()); err != nil {
		tb.Fatal(err)
	}
	return opts
}

// adhereAbadia gives Abadía an active padrón adhesion (a copy of
// Plasencia's), so that two towns use the padrón in the tests.
func adhereAbadia(t *testing.T, env *apptest.Env) string {
	t.Helper()
	ab, pl := env.EntityID(t, apptest.Dir3Abadia), env.EntityID(t, apptest.Dir3Plasencia)
	_, err := env.DB.ExecContext(context.Background(), `INSERT INTO adhesions (entity_id, id, number, service_code, conditions_version,
		state, quantity, requested_at, requested_by, csv, signed_at, signed_by, decided_at, decided_by)
		SELECT $1, 'TESTADHABADIAPADRON0000000', number || '-AB', service_code, conditions_version, state, quantity, requested_at,
		requested_by, csv || 'AB', signed_at, signed_by, decided_at, decided_by FROM adhesions
		WHERE entity_id = $2 AND service_code = 'padron' AND state = 'activa'`, ab, pl)
	if err != nil {
		t.Fatal(err)
	}
	return ab
}

// dwelling returns some dwelling of the entity.
func dwelling(t *testing.T, env *apptest.Env, entityID string, skip int) string {
	t.Helper()
	return env.String(t, `SELECT id FROM dwellings WHERE entity_id = $1 AND active ORDER BY id LIMIT 1 OFFSET $2`, entityID, skip)
}

// inscription returns some active inscription of the entity.
func inscription(t *testing.T, env *apptest.Env, entityID string) string {
	t.Helper()
	return env.String(t, `SELECT id FROM census_inscriptions WHERE entity_id = $1 AND active AND doc_type = 'dni' ORDER BY number LIMIT 1`, entityID)
}

func altaForm(dwellingID, dni string) url.Values {
	return url.Values{"vivienda": {dwellingID}, "causa": {"AC"}, "fecha": {"02/03/2026"}, "documento_acreditativo": {"Contrato de alquiler"},
		"procedencia_provincia": {"28"}, "procedencia_municipio": {"079"},
		"nombre": {"Ángela"}, "apellido1": {"Núñez"}, "apellido2": {"de la Peña"}, "sexo": {"M"}, "nacimiento": {"14/02/1985"},
		"nac_provincia": {"28"}, "nac_municipio": {"079"}, "nacionalidad": {"108"}, "documento_tipo": {"dni"},
		"documento": {dni}, "estudios": {"46"}}
}
