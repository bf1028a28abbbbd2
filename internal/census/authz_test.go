package census_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestAuthorizationTable: only the staff of a town with the padrón reach
// its inhabitants; another town's inhabitant is a 404 for every route (find,
// read, certify, change); the Diputación sees aggregated figures only; the
// mancomunidad operator reaches nothing.
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ab := adhereAbadia(t, env)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		clients := env.Clients(t)
		plI, abI := inscription(t, env, pl), inscription(t, env, ab)
		plD, abD := dwelling(t, env, pl, 0), dwelling(t, env, ab, 0)
		plDoc := env.String(t, `SELECT doc_number FROM census_inscriptions WHERE id = $1`, plI)

		ok, see, bad, forbidden, notFound, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusBadRequest,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity
		_ = bad
		// who works with each town's padrón: Plasencia's admin, Abadía's secretary.
		own := func(town string, status int) map[string]int {
			w := map[string]int{apptest.Anon: see}
			w[town] = status
			return w
		}
		posts := func(town string, status int) map[string]int {
			w := map[string]int{apptest.Anon: unauth}
			w[town] = status
			return w
		}
		_ = posts
		emptyBaja := url.Values{"causa": {""}}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/padron", Path: "/padron?q=a", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			// Plasencia's inhabitant: read only by Plasencia; Abadía's secretary gets 404
			{Method: "GET", Pattern: "/padron/habitantes/{id}", Path: "/padron/habitantes/" + plI, Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/habitantes/{id}", Path: "/padron/habitantes/" + abI, Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/viviendas/{id}", Path: "/padron/viviendas/" + abD, Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/viviendas/{id}", Path: "/padron/viviendas/" + plD, Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/habitantes/{id}/baja", Path: "/padron/habitantes/" + abI + "/baja", Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/baja", Path: "/padron/habitantes/" + abI + "/baja", Form: emptyBaja,
				Want: map[string]int{apptest.Anon: unauth, apptest.Abadia: invalid, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/domicilio", Path: "/padron/habitantes/" + plI + "/domicilio", Form: url.Values{"vivienda": {abD}},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: invalid, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/correccion", Path: "/padron/habitantes/" + plI + "/correccion", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: invalid, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/documentos", Path: "/padron/habitantes/" + plI + "/documentos", Form: url.Values{"tipo": {"volante-individual"}},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: see, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/renovacion", Path: "/padron/habitantes/" + plI + "/renovacion", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: http.StatusConflict, apptest.Abadia: notFound}, Def: forbidden},
			// the search of one town never finds another's inhabitants
			{Method: "GET", Pattern: "/padron", Path: "/padron?documento=" + plDoc, Want: own(apptest.Abadia, ok), Def: -1},
			{Method: "GET", Pattern: "/padron/altas/nueva", Path: "/padron/altas/nueva", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/altas", Path: "/padron/altas", Form: altaForm(plD, "11111111H"),
				Want: map[string]int{apptest.Anon: unauth, apptest.Abadia: invalid, apptest.Plasencia: -1}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/cifras", Path: "/padron/cifras", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/encsarp", Path: "/padron/encsarp", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/ine", Path: "/padron/ine", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/accesos", Path: "/padron/accesos?pagina=2", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/verificacion", Path: "/padron/verificacion", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/provincia", Path: "/padron/provincia", Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/provincia", Path: "/padron/provincia?entidad=" + pl, Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/api/v1/padron/verificacion", Path: "/api/v1/padron/verificacion?documento=" + plDoc, Def: unauth},
		}
		apptest.CheckAuthz(t, clients, cases)
		// the Diputación's province page shows figures, never a person
		res := clients[apptest.DipAdmin].Get("/padron/provincia?entidad=" + pl)
		name := env.String(t, `SELECT surname1 FROM census_inscriptions WHERE id = $1`, plI)
		if strings.Contains(res.Body, plDoc) || strings.Contains(res.Body, "/padron/habitantes/") {
			t.Fatalf("personal data on the province page (%s)", name)
		}
		// a clerk of Abadía searching Plasencia's document finds nobody
		apptest.Expect(t, clients[apptest.Abadia].Get("/padron?documento="+plDoc), http.StatusOK, "No hay nadie inscrito")
		_ = forbidden
	})
}
