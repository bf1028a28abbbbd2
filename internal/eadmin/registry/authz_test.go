package registry_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable makes every registro route as every demo login:
// Cáceres's clerk reaches his book; Plasencia's clerk gets 404 for
// Cáceres's asientos, units and interchanges; Diputación staff and Abadía
// (not adhered) get 403; the Sierra de Gata operator (usuario of his
// mancomunidad's registro) reads his own empty book and nothing else.
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		unit := createUnit(t, cc, "Urbanismo")
		entry := idFrom(t, postEntry(t, cc, entryForm(unit), file{"plano.pdf", []byte("%PDF-1.4 x")}))
		sample, _ := os.ReadFile(filepath.Join(standards, "samples/sicres/ficheroIntercambio.xml"))
		res := uploadSIR(t, cc, addressedTo(sample, officeOf(t, cc)))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("import: %d", res.Status)
		}
		ic := res.Location
		E, U := "/registro/asientos/"+entry, "/registro/unidades/"+unit
		ok, seeOther, forbidden, notFound, unauth, invalid, conflict := http.StatusOK, http.StatusSeeOther, http.StatusForbidden,
			http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusConflict
		// get: a page of one's own book; post: a form on one's own book.
		get := func(pattern, path string, perm access.Permission, operator int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: ok, apptest.Plasencia: ok, apptest.Operador: operator}}
		}
		post := func(pattern, path string, perm access.Permission, form url.Values, mine, operator int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: mine, apptest.Operador: operator}}
		}
		// Cáceres's records: 404 for the other towns.
		getCC := func(pattern, path string, perm access.Permission, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		postCC := func(pattern, path string, perm access.Permission, form url.Values, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		empty := url.Values{}
		cases := []apptest.AuthzCase{
			get("/registro", "/registro", registry.PermRead, ok),
			get("/registro/exportar", "/registro/exportar?formato=csv", registry.PermRead, ok),
			get("/registro/nuevo", "/registro/nuevo", registry.PermWrite, forbidden),
			post("/registro", "/registro", registry.PermWrite, empty, invalid, forbidden),
			get("/registro/pendientes", "/registro/pendientes", registry.PermRead, ok),
			get("/registro/libros", "/registro/libros", registry.PermReadAll, forbidden),
			get("/registro/unidades", "/registro/unidades", registry.PermEnter, ok),
			post("/registro/unidades", "/registro/unidades", registry.PermConfigure, url.Values{"nombre": {""}}, invalid, forbidden),
			get("/registro/sir", "/registro/sir", registry.PermWrite, forbidden),
			post("/registro/sir", "/registro/sir", registry.PermWrite, empty, invalid, forbidden),
			get("/registro/ventanilla", "/registro/ventanilla", registry.PermWrite, forbidden),
			get("/registro/ventanilla/nueva", "/registro/ventanilla/nueva", registry.PermWrite, forbidden),
			post("/registro/ventanilla", "/registro/ventanilla", registry.PermWrite, empty, invalid, forbidden),
			getCC("/registro/asientos/{id}", E, registry.PermRead, ok),
			getCC("/registro/asientos/{id}", "/registro/asientos/NOEXISTE", registry.PermRead, notFound),
			getCC("/registro/asientos/{id}/justificante.pdf", E+"/justificante.pdf", registry.PermRead, ok),
			getCC("/registro/asientos/{id}/documentos/{pos}", E+"/documentos/1", registry.PermRead, ok),
			getCC("/registro/asientos/{id}/documentos/{pos}", E+"/documentos/9", registry.PermRead, notFound),
			postCC("/registro/asientos/{id}/anotaciones", E+"/anotaciones", registry.PermRead, url.Values{"tipo": {"nota"}}, invalid),
			postCC("/registro/asientos/{id}/distribuir", E+"/distribuir", registry.PermRead, url.Values{"unidad": {unit}}, conflict),
			postCC("/registro/asientos/{id}/aceptar", E+"/aceptar", registry.PermRead, empty, forbidden),
			postCC("/registro/asientos/{id}/rechazar", E+"/rechazar", registry.PermRead, empty, forbidden),
			postCC("/registro/asientos/{id}/reenviar", E+"/reenviar", registry.PermRead, empty, forbidden),
			postCC("/registro/asientos/{id}/sir", E+"/sir", registry.PermRead, empty, conflict),
			getCC("/registro/unidades/{id}", U, registry.PermEnter, ok),
			postCC("/registro/unidades/{id}/miembros", U+"/miembros", registry.PermEnter, url.Values{"usuario": {"nadie"}}, invalid),
			postCC("/registro/unidades/{id}/miembros/quitar", U+"/miembros/quitar", registry.PermEnter, url.Values{"usuario": {"nadie"}}, notFound),
			postCC("/registro/unidades/{id}/baja", U+"/baja", registry.PermEnter, empty, conflict),
			postCC("/registro/unidades/{id}/alta", U+"/alta", registry.PermEnter, empty, seeOther),
			getCC("/registro/sir/{id}", ic, registry.PermEnter, ok),
			getCC("/registro/sir/{id}/fichero.xml", ic+"/fichero.xml", registry.PermEnter, ok),
			getCC("/registro/sir/{id}/mensajes/{pos}", ic+"/mensajes/2", registry.PermEnter, ok),
			getCC("/registro/sir/{id}/mensajes/{pos}", ic+"/mensajes/9", registry.PermEnter, notFound),
			postCC("/registro/sir/{id}/rechazar", ic+"/rechazar", registry.PermEnter, url.Values{"motivo": {""}}, invalid),
			postCC("/registro/sir/{id}/reenviar", ic+"/reenviar", registry.PermEnter, url.Values{"destino": {""}}, invalid),
			postCC("/registro/sir/{id}/reintentar", ic+"/reintentar", registry.PermEnter, empty, conflict),
			postCC("/registro/sir/{id}/aceptar", ic+"/aceptar", registry.PermEnter, empty, apptest.Skip),
		}
		apptest.CheckAuthz(t, clients, cases)
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_annotations WHERE entry_id = $1`, entry); n != 0 {
			t.Fatalf("a refused request annotated the asiento: %d", n)
		}
		if s := env.String(t, `SELECT state FROM registry_interchanges WHERE id = $1`, strings.TrimPrefix(ic, "/registro/sir/")); s != "recibido" {
			t.Fatalf("a refused request changed the interchange: %s", s)
		}
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/registro") }) {
			if r.Perm == access.Public {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}
