package census_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
	"concejo/internal/platform/access"
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
		// mine: both towns with the padrón get status; a visitor without a session, anon.
		mine := func(anon, status int) map[string]int {
			return map[string]int{apptest.Anon: anon, apptest.Plasencia: status, apptest.Abadia: status}
		}
		emptyBaja := url.Values{"causa": {""}}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/padron", Perm: census.PermRead, Path: "/padron?q=a", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			// Plasencia's inhabitant: read only by Plasencia; Abadía's secretary gets 404
			{Method: "GET", Pattern: "/padron/habitantes/{id}", Perm: census.PermRead, Path: "/padron/habitantes/" + plI, Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/habitantes/{id}", Perm: census.PermRead, Path: "/padron/habitantes/" + abI, Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/viviendas/{id}", Perm: census.PermRead, Path: "/padron/viviendas/" + abD, Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/viviendas/{id}", Perm: census.PermRead, Path: "/padron/viviendas/" + plD, Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/habitantes/{id}/baja", Perm: census.PermChange, Path: "/padron/habitantes/" + abI + "/baja", Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/baja", Perm: census.PermChange, Path: "/padron/habitantes/" + abI + "/baja", Form: emptyBaja,
				Want: map[string]int{apptest.Anon: unauth, apptest.Abadia: invalid, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/domicilio", Perm: census.PermChange, Path: "/padron/habitantes/" + plI + "/domicilio", Form: url.Values{"vivienda": {abD}},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: invalid, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/correccion", Perm: census.PermChange, Path: "/padron/habitantes/" + plI + "/correccion", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: invalid, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/documentos", Perm: census.PermCertify, Path: "/padron/habitantes/" + plI + "/documentos", Form: url.Values{"documento": {"volante"}, "alcance": {"individual"}},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: see, apptest.Abadia: notFound}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/habitantes/{id}/renovacion", Perm: census.PermChange, Path: "/padron/habitantes/" + plI + "/renovacion", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.Plasencia: http.StatusConflict, apptest.Abadia: notFound}, Def: forbidden},
			// the search of one town never finds another's inhabitants
			{Method: "GET", Pattern: "/padron", Perm: census.PermRead, Path: "/padron?documento=" + plDoc, Want: own(apptest.Abadia, ok), Def: -1},
			{Method: "GET", Pattern: "/padron/altas/nueva", Perm: census.PermChange, Path: "/padron/altas/nueva", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "POST", Pattern: "/padron/altas", Perm: census.PermChange, Path: "/padron/altas", Form: altaForm(plD, "11111111H"),
				Want: map[string]int{apptest.Anon: unauth, apptest.Abadia: invalid, apptest.Plasencia: -1}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/cifras", Perm: census.PermRead, Path: "/padron/cifras", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/encsarp", Perm: census.PermRead, Path: "/padron/encsarp", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/ine", Perm: census.PermChange, Path: "/padron/ine", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/accesos", Perm: census.PermChange, Path: "/padron/accesos?pagina=2", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/verificacion", Perm: census.PermChange, Path: "/padron/verificacion", Want: map[string]int{apptest.Anon: see, apptest.Plasencia: ok, apptest.Abadia: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/provincia", Perm: census.PermProvince, Path: "/padron/provincia", Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/provincia", Perm: census.PermProvince, Path: "/padron/provincia?entidad=" + pl, Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok}, Def: forbidden},
			{Method: "GET", Pattern: "/api/v1/padron/verificacion", Perm: access.Public, Path: "/api/v1/padron/verificacion?documento=" + plDoc, Def: unauth},
			{Method: "POST", Pattern: "/api/v1/padron/verificacion", Perm: access.Public, Path: "/api/v1/padron/verificacion", Form: url.Values{"documento": {plDoc}}, Def: unauth},
			// the rest of the routes: Abadía's secretary passes the gate and gets as far as the data
			{Method: "GET", Pattern: "/padron/habitantes/{id}/domicilio", Perm: census.PermChange, Path: "/padron/habitantes/" + abI + "/domicilio",
				Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/habitantes/{id}/correccion", Perm: census.PermChange, Path: "/padron/habitantes/" + abI + "/correccion",
				Want: map[string]int{apptest.Anon: see, apptest.Abadia: ok, apptest.Plasencia: notFound}, Def: forbidden},
			{Method: "GET", Pattern: "/padron/documentos/{csv}", Perm: census.PermRead, Path: "/padron/documentos/NOEXISTE", Want: mine(see, notFound), Def: forbidden},
			{Method: "GET", Pattern: "/padron/justificantes/{id}", Perm: census.PermRead, Path: "/padron/justificantes/NOEXISTE", Want: mine(see, notFound), Def: forbidden},
			{Method: "GET", Pattern: "/padron/cifras/piramide.svg", Perm: census.PermRead, Path: "/padron/cifras/piramide.svg", Want: mine(see, ok), Def: forbidden},
			{Method: "POST", Pattern: "/padron/encsarp/avisos", Perm: census.PermChange, Path: "/padron/encsarp/avisos", Want: mine(unauth, see), Def: forbidden},
			{Method: "POST", Pattern: "/padron/encsarp/caducidad", Perm: census.PermChange, Path: "/padron/encsarp/caducidad", Want: mine(unauth, apptest.Skip), Def: forbidden},
			{Method: "POST", Pattern: "/padron/ine/envios", Perm: census.PermChange, Path: "/padron/ine/envios", Form: url.Values{"periodo": {""}}, Want: mine(unauth, invalid), Def: forbidden},
			{Method: "POST", Pattern: "/padron/ine/devoluciones", Perm: census.PermChange, Path: "/padron/ine/devoluciones", Form: url.Values{}, Want: mine(unauth, invalid), Def: forbidden},
			{Method: "GET", Pattern: "/padron/ine/ficheros/{id}", Perm: census.PermChange, Path: "/padron/ine/ficheros/NOEXISTE", Want: mine(see, notFound), Def: forbidden},
			{Method: "GET", Pattern: "/padron/ine/ficheros/{id}/descarga", Perm: census.PermChange, Path: "/padron/ine/ficheros/NOEXISTE/descarga", Want: mine(see, notFound), Def: forbidden},
			{Method: "POST", Pattern: "/padron/verificacion/claves", Perm: census.PermChange, Path: "/padron/verificacion/claves", Form: url.Values{"nombre": {""}}, Want: mine(unauth, bad), Def: forbidden},
			{Method: "POST", Pattern: "/padron/verificacion/claves/{id}/revocar", Perm: census.PermChange, Path: "/padron/verificacion/claves/NOEXISTE/revocar", Want: mine(unauth, notFound), Def: forbidden},
		}
		apptest.CheckAuthz(t, clients, cases)
		env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/padron") || strings.HasPrefix(p, "/api/v1/padron")
		})
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
