package census_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
)

func TestFiguresAndProvince(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		active := env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE entity_id = $1 AND active`, pl)
		f, err := census.EntityFigures(context.Background(), env.DB, pl, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, g := range f.Groups {
			sum += g.Total()
		}
		nuc := 0
		for _, n := range f.Nuclei {
			nuc += n.Total()
		}
		if f.Total.Total() != active || sum != active || nuc != active || len(f.Sections) == 0 || len(f.Nationality) == 0 {
			t.Fatalf("figures %d (groups %d, nuclei %d) for %d active", f.Total.Total(), sum, nuc, active)
		}
		// at a past date: the leavers were still there, the newest were not
		past, err := census.EntityFigures(context.Background(), env.DB, pl, time.Now().AddDate(-4, 0, 0))
		if err != nil || past.Total.Total() == 0 || past.Total.Total() == active {
			t.Fatalf("past figures %d: %v", past.Total.Total(), err)
		}
		c := env.Login(t, apptest.Plasencia)
		page := c.Get("/padron/cifras")
		apptest.Expect(t, page, http.StatusOK, "Pirámide de población", "<svg", "role=\"img\"", "Por sección censal")
		apptest.Expect(t, c.Get("/padron/cifras?fecha=no"), http.StatusBadRequest)
		for _, tb := range []string{"edad", "grupos", "nacionalidad", "nacimiento", "nucleo", "seccion"} {
			for _, fm := range []string{"csv", "ods", "xlsx"} {
				res := c.Get("/padron/cifras?tabla=" + tb + "&formato=" + fm)
				if res.Status != 200 || len(res.Body) == 0 {
					t.Fatalf("%s %s: %d", tb, fm, res.Status)
				}
			}
		}
		apptest.Expect(t, c.Get("/padron/cifras?formato=pdf"), http.StatusBadRequest)
		apptest.Expect(t, c.Get("/padron/cifras/piramide.svg"), http.StatusOK, "<title")
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, dip.Get("/padron/provincia"), http.StatusOK, "Población por municipio", "Ayuntamiento de Plasencia")
		apptest.Expect(t, dip.Get("/padron/provincia?formato=xlsx"), http.StatusOK)
		apptest.Expect(t, dip.Get("/padron/provincia?entidad=nada"), http.StatusNotFound)
	})
}

var (
	keyField    = regexp.MustCompile(`<code id="clave-id">([^<]+)</code>`)
	secretField = regexp.MustCompile(`<code id="clave-secreto">([^<]+)</code>`)
)

func TestVerify(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		id := inscription(t, env, pl)
		doc := env.String(t, `SELECT doc_number FROM census_inscriptions WHERE id = $1`, id)
		ctx := context.Background()
		v, err := census.Verify(ctx, env.DB, pl, strings.ToLower(doc[:4]+"-"+doc[4:]), time.Now())
		if err != nil || !v.Registered || len(v.District) != 2 || v.AgeBand == "" {
			t.Fatalf("%+v %v", v, err)
		}
		if v, _ := census.Verify(ctx, env.DB, env.EntityID(t, apptest.Dir3Abadia), doc, time.Now()); v.Registered {
			t.Fatal("registered in another municipality")
		}
		if v, _ := census.Verify(ctx, env.DB, pl, doc, time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)); v.Registered {
			t.Fatal("registered before the alta")
		}
		// the JSON endpoint with a key created by the gestor
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/padron/verificacion/claves", url.Values{"nombre": {"Decidim municipal"}})
		apptest.Expect(t, res, http.StatusOK)
		keyM, secretM := keyField.FindStringSubmatch(res.Body), secretField.FindStringSubmatch(res.Body)
		if keyM == nil || secretM == nil {
			t.Fatalf("key not shown:\n%.2000s", apptest.Text(res.Body))
		}
		keyID, secret := keyM[1], secretM[1]
		if page := c.Get("/padron/verificacion").Body; strings.Contains(page, secret) {
			t.Error("the secret is shown again")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM sessions WHERE flash LIKE $1`, "%"+secret+"%"); n != 0 {
			t.Error("the secret lingers in the session's flash message")
		}
		anon := env.Anonymous(t)
		call := func(user, pass, document string) apptest.Response {
			req, _ := http.NewRequest("POST", env.Server.URL+"/api/v1/padron/verificacion", strings.NewReader(url.Values{"documento": {document}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(user, pass)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Body.Close()
			var b strings.Builder
			buf := make([]byte, 4096)
			n, _ := r.Body.Read(buf)
			b.Write(buf[:n])
			return apptest.Response{Status: r.StatusCode, Body: b.String()}
		}
		_ = anon
		apptest.Expect(t, call(keyID, "mal", doc), http.StatusUnauthorized)
		ok := call(keyID, secret, doc)
		apptest.Expect(t, ok, http.StatusOK)
		var ans map[string]any
		if err := json.Unmarshal([]byte(ok.Body), &ans); err != nil || ans["empadronado"] != true || ans["tramo_edad"] == nil {
			t.Fatalf("%s %v", ok.Body, err)
		}
		if strings.Contains(ok.Body, doc) || strings.Contains(ok.Body, "nombre") {
			t.Fatal("the answer exposes the record")
		}
		no := call(keyID, secret, "00000001R")
		apptest.Expect(t, no, http.StatusOK, `"empadronado":false`)
		apptest.Expect(t, call(keyID, secret, ""), http.StatusBadRequest)
		if env.Count(t, `SELECT COUNT(*) FROM census_access_log WHERE entity_id = $1 AND action = 'verificacion'`, pl) != 2 {
			t.Fatal("verifications not logged")
		}
		apptest.Expect(t, c.Post("/padron/verificacion/claves/"+keyID+"/revocar", nil), http.StatusSeeOther)
		apptest.Expect(t, call(keyID, secret, doc), http.StatusUnauthorized)
	})
}

// TestFiguresFollowEveryChange: the cifras count an alta at once, a
// cambio de domicilio moves nobody in or out, and a baja takes the person
// away again (every breakdown adds up to the total each time).
func TestFiguresFollowEveryChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		total := func(want int) {
			t.Helper()
			f, err := census.EntityFigures(context.Background(), env.DB, pl, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			sums := map[string]int{}
			for name, list := range map[string][]census.Labelled{"nacionalidad": f.Nationality, "nacimiento": f.BirthPlace,
				"núcleo": f.Nuclei, "sección": f.Sections} {
				for _, l := range list {
					sums[name] += l.Total()
				}
			}
			groups := 0
			for _, g := range f.Groups {
				groups += g.Total()
			}
			sums["edad"] = groups
			if f.Total.Total() != want {
				t.Fatalf("total %d, want %d", f.Total.Total(), want)
			}
			for name, n := range sums {
				if n != want {
					t.Fatalf("by %s %d, want %d", name, n, want)
				}
			}
		}
		active := env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE entity_id = $1 AND active`, pl)
		total(active)
		alta := altaForm(dwelling(t, env, pl, 4), "11223344B")
		alta.Set("fecha", time.Now().AddDate(0, 0, -2).Format("02/01/2006"))
		res := c.Post("/padron/altas", alta)
		apptest.Expect(t, res, http.StatusSeeOther)
		id := strings.TrimPrefix(res.Location, "/padron/habitantes/")
		total(active + 1)
		mv := url.Values{"personas": {id}, "vivienda": {dwelling(t, env, pl, 5)}, "fecha": {time.Now().AddDate(0, 0, -1).Format("02/01/2006")},
			"justificante": {"escritura"}}
		apptest.Expect(t, c.PostFiles(t, "/padron/habitantes/"+id+"/domicilio", mv, "justificante_fichero", pdfFile), http.StatusSeeOther)
		total(active + 1)
		apptest.Expect(t, c.Post("/padron/habitantes/"+id+"/baja", url.Values{"causa": {"BC"}, "fecha": {time.Now().Format("02/01/2006")},
			"documento_acreditativo": {"Comunicación"}, "destino": {"06"}, "destino_municipio": {"015"}}), http.StatusSeeOther)
		total(active)
	})
}
