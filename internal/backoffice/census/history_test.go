package census_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/refdata"
)

// TestVariationsKeepOnlyTheirChanges: an alta stores nothing, a corrección
// only the fields it changed, and the INE file still carries the whole
// person as she was at each variation (the alta with the first name, the
// corrección keyed by the old name, the baja with the new one).
func TestVariationsKeepOnlyTheirChanges(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/padron/altas", altaForm(dwelling(t, env, pl, 3), "87654321X"))
		apptest.Expect(t, res, http.StatusSeeOther)
		id := strings.TrimPrefix(res.Location, "/padron/habitantes/")
		corr := altaForm("", "87654321X")
		corr.Set("nombre", "Ángeles")
		corr.Set("documento_acreditativo", "DNI")
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/correccion", corr), http.StatusSeeOther)
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/baja", url.Values{"causa": {"BC"}, "fecha": {"20/03/2026"},
			"documento_acreditativo": {"Comunicación"}, "destino": {"06"}, "destino_municipio": {"015"}}), http.StatusSeeOther)

		if n := env.Count(t, `SELECT COUNT(*) FROM census_variations WHERE inscription_id = $1 AND kind = 'A'
			AND before_data = '' AND after_data = ''`, id); n != 1 {
			t.Fatalf("the alta stores a snapshot (%d)", n)
		}
		if got := env.String(t, `SELECT before_data || ' → ' || after_data FROM census_variations WHERE inscription_id = $1 AND kind = 'M'`, id); got != `{"nombre":"Ángela"} → {"nombre":"Ángeles"}` {
			t.Fatalf("corrección stores %s", got)
		}
		if got := env.String(t, `SELECT after_data FROM census_variations WHERE inscription_id = $1 AND kind = 'B'`, id); got != `{"activa":false}` {
			t.Fatalf("baja stores %s", got)
		}

		ctx := context.Background()
		vs, err := census.MonthVariations(ctx, env.DB, pl, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := census.WriteVariations(ctx, env.DB, pl, vs, &buf); err != nil {
			t.Fatal(err)
		}
		lines, err := inefile.Read(&buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, l := range lines {
			if l.Err != nil {
				t.Fatal(l.Err)
			}
			r := l.Record
			if r.Data.DocNumber == "87654321" {
				got[r.Variation] = refdata.Fold(r.Key.Name) + " → " + refdata.Fold(r.Data.Name)
			}
		}
		want := map[string]string{"A": "angela → angela", "M": "angela → angeles", "B": "angeles → angeles"}
		for k, v := range want {
			if strings.TrimSpace(got[k]) != v {
				t.Errorf("record %s: %q, want %q", k, got[k], v)
			}
		}
	})
}
