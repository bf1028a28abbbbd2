package refdata

import (
	"context"
	"strings"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

var wantCodes = []string{"red", "padron", "registro", "expedientes", "tributos", "nominas", "contabilidad",
	"oficina_virtual", "portal", "correo", "activos", "face", "geiser", "portafirmas", "fnmt", "inside", "gestiona"}

func TestCatalogue(t *testing.T) {
	svcs, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Service{}
	for _, s := range svcs {
		byCode[s.Code] = s
		body, err := s.ConditionsText()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Protección de datos personales", "Duración", "Efectos de la finalización", s.Name} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: conditions lack %q", s.Code, want)
			}
		}
		if s.Conditions.DataProtection == "encargado" && !strings.Contains(body, "encargada del tratamiento") {
			t.Errorf("%s: conditions do not make the Diputación encargada del tratamiento", s.Code)
		}
	}
	for _, c := range wantCodes {
		if _, ok := byCode[c]; !ok {
			t.Errorf("service %s missing", c)
		}
	}
	if len(svcs) != len(wantCodes) {
		t.Errorf("%d services, want %d", len(svcs), len(wantCodes))
	}
	if byCode["correo"].UnitLabel != "buzones" {
		t.Errorf("correo unit %q", byCode["correo"].UnitLabel)
	}
	g, r := byCode["gestiona"], byCode["registro"]
	for _, c := range []struct {
		s    Service
		kind string
		pop  int64
		want bool
	}{
		{g, KindAyuntamiento, 1999, true}, {g, KindAyuntamiento, 2000, false}, {g, KindELM, 0, true},
		{g, KindMancomunidad, 0, false}, {r, KindAyuntamiento, 2000, true}, {r, KindAyuntamiento, 1999, false},
		{r, KindMancomunidad, 0, true}, {r, KindELM, 0, false}, {byCode["red"], KindDiputacion, 0, false},
	} {
		if got := c.s.Allows(c.kind, c.pop); got != c.want {
			t.Errorf("%s.Allows(%s, %d) = %v", c.s.Code, c.kind, c.pop, got)
		}
	}
}

func TestLoadCatalogueIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := LoadCatalogue(ctx, d); err != nil {
			t.Fatal(err)
		}
		// The Diputación edits the catalogue: a new conditions text in
		// version 1 stays, and a removed eligibility rule does not come back.
		if _, err := d.ExecContext(ctx, `UPDATE service_conditions SET body = 'editado' WHERE service_code = 'red' AND version = 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM service_eligibility WHERE service_code = 'red' AND entity_kind = 'elm'`); err != nil {
			t.Fatal(err)
		}
		before := counts(t, d)
		if err := LoadCatalogue(ctx, d); err != nil {
			t.Fatal(err)
		}
		if after := counts(t, d); after != before {
			t.Fatalf("second load changed the rows: %v → %v", before, after)
		}
		var body string
		d.QueryRowContext(ctx, `SELECT body FROM service_conditions WHERE service_code = 'red' AND version = 1`).Scan(&body)
		if body != "editado" {
			t.Fatal("LoadCatalogue rewrote a conditions version")
		}
		// A role deleted (no grant uses it) comes back: roles follow the release.
		d.ExecContext(ctx, `DELETE FROM service_roles WHERE service_code = 'padron' AND role_code = 'consulta'`)
		if err := LoadCatalogue(ctx, d); err != nil {
			t.Fatal(err)
		}
		if after := counts(t, d); after != before {
			t.Fatalf("missing role not restored: %v → %v", before, after)
		}
		var min, max *int64
		if err := d.QueryRowContext(ctx, `SELECT min_population, max_population FROM service_eligibility
			WHERE service_code = 'gestiona' AND entity_kind = 'ayuntamiento'`).Scan(&min, &max); err != nil {
			t.Fatal(err)
		}
		if min != nil || max == nil || *max != 1999 {
			t.Fatalf("gestiona bounds %v %v", min, max)
		}
	})
}

func counts(t *testing.T, d *db.DB) [4]int {
	t.Helper()
	var c [4]int
	for i, table := range []string{"services", "service_conditions", "service_roles", "service_eligibility"} {
		if err := d.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&c[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}
