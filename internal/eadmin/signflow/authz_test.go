package signflow_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable makes every route of the portafirmas as every
// demo login: Cáceres's and Plasencia's administrators (redactores of
// their adhered portafirmas) and the Sierra de Gata operator (who holds a
// role in his mancomunidad's) reach their own and get 404 for Cáceres's
// requests; the others get 403; a visitor is sent to sign in (401 on
// posts); only the local authority's certificate is public.
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc, mayor := clients[apptest.Caceres], env.Login(t, alcaldia)
		id := submit(t, cc, twoSteps(env, t), samplePDF(t, "Decreto"))
		gone := submit(t, cc, twoSteps(env, t), samplePDF(t, "Decreto retirado"))
		done := submit(t, cc, url.Values{"titulo": {"Firmado"}, "tipo": {"otro"}, "paso1_accion": {"firma"},
			"paso1_personas": {env.UserID(t, alcaldia)}}, samplePDF(t, "Firmado"))
		mustStatus(t, mayor.Post("/portafirmas/"+done+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}), http.StatusSeeOther, "sign")

		ok, seeOther, forbidden, notFound, unauth, invalid, conflict := http.StatusOK, http.StatusSeeOther, http.StatusForbidden,
			http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusConflict
		get := func(pattern, path string, perm access.Permission, cc, pl int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: cc, apptest.Plasencia: pl, apptest.Operador: pl}}
		}
		post := func(pattern, path string, perm access.Permission, form url.Values, cc, pl int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: cc, apptest.Plasencia: pl, apptest.Operador: pl}}
		}
		R, G := "/portafirmas/"+id, "/portafirmas/"+gone
		pw := url.Values{"contrasena": {apptest.DemoPassword(apptest.Caceres)}}
		cases := []apptest.AuthzCase{
			get("/portafirmas", "/portafirmas", signflow.PermSign, ok, ok),
			post("/portafirmas/lote", "/portafirmas/lote", signflow.PermSign, url.Values{}, seeOther, seeOther),
			get("/portafirmas/enviados", "/portafirmas/enviados", signflow.PermSend, ok, ok),
			get("/portafirmas/entidad", "/portafirmas/entidad", signflow.PermAdmin, forbidden, forbidden),
			get("/portafirmas/nueva", "/portafirmas/nueva", signflow.PermSend, ok, ok),
			post("/portafirmas", "/portafirmas", signflow.PermSend, url.Values{"titulo": {""}}, invalid, invalid),
			get("/portafirmas/delegaciones", "/portafirmas/delegaciones", signflow.PermSign, ok, ok),
			post("/portafirmas/delegaciones", "/portafirmas/delegaciones", signflow.PermSign, url.Values{}, forbidden, forbidden),
			post("/portafirmas/delegaciones/{id}/revocar", "/portafirmas/delegaciones/NOEXISTE/revocar", signflow.PermSign, nil, notFound, notFound),
			get("/portafirmas/certificados", "/portafirmas/certificados", signflow.PermSign, ok, ok),
			post("/portafirmas/certificados", "/portafirmas/certificados", signflow.PermSign, url.Values{"clase": {"sello"}}, forbidden, forbidden),
			get("/portafirmas/{id}", R, signflow.PermSign, ok, notFound),
			get("/portafirmas/{id}", "/portafirmas/NOEXISTE", signflow.PermSign, notFound, notFound),
			get("/portafirmas/{id}/documento", R, signflow.PermSign, notFound, notFound),
			get("/portafirmas/{id}/documento", R+"/documento", signflow.PermSign, ok, notFound),
			get("/portafirmas/{id}/firmas/{version}/{seq}", "/portafirmas/"+done+"/firmas/1/1", signflow.PermSign, notFound, notFound),
			post("/portafirmas/{id}/firmar", R+"/firmar", signflow.PermSign, pw, forbidden, notFound),
			post("/portafirmas/{id}/visto-bueno", R+"/visto-bueno", signflow.PermSign, nil, forbidden, notFound),
			post("/portafirmas/{id}/rechazar", R+"/rechazar", signflow.PermSign, url.Values{"motivo": {"No"}}, forbidden, notFound),
			post("/portafirmas/{id}/corregir", R+"/corregir", signflow.PermSend, nil, invalid, notFound),
			post("/portafirmas/{id}/retirar", G+"/retirar", signflow.PermSend, nil, apptest.Skip, notFound),
			{Method: "GET", Pattern: "/firma/ac-pruebas.pem", Path: "/firma/ac-pruebas.pem", Perm: access.Public, Def: ok},
			post("/portafirmas/autofirma", "/portafirmas/autofirma", signflow.PermSign, url.Values{"peticion": {id}}, conflict, notFound),
			post("/portafirmas/autofirma/{session}/resultado", "/portafirmas/autofirma/NOEXISTE/resultado", signflow.PermSign, nil, notFound, notFound),
			{Method: "GET", Pattern: "/afirma/StorageService", Path: "/afirma/StorageService?op=check", Perm: access.Public, Def: ok},
			{Method: "POST", Pattern: "/afirma/StorageService", Path: "/afirma/StorageService", Perm: access.Public, Def: ok},
			{Method: "GET", Pattern: "/afirma/RetrieveService", Path: "/afirma/RetrieveService?op=get&v=1_0&id=NOEXISTE", Perm: access.Public, Def: ok},
			{Method: "POST", Pattern: "/afirma/RetrieveService", Path: "/afirma/RetrieveService", Perm: access.Public, Def: ok},
			{Method: "POST", Pattern: "/afirma/lote/prefirma", Path: "/afirma/lote/prefirma", Perm: access.Public, Def: http.StatusBadRequest},
			{Method: "POST", Pattern: "/afirma/lote/postfirma", Path: "/afirma/lote/postfirma", Perm: access.Public, Def: http.StatusBadRequest},
		}
		cases[13].Path = R + "/documento?ver" // the inline view, same route
		cases[13].Want[apptest.Caceres] = ok
		apptest.CheckAuthz(t, clients, cases)
		if s := state(t, env, id); s != "en_circulacion" {
			t.Fatalf("a refused request changed the circuit: %s", s)
		}
		withdraw := apptest.AuthzCase{Method: "POST", Pattern: "/portafirmas/{id}/retirar", Path: G + "/retirar", Perm: signflow.PermSend,
			Def: apptest.Skip, Want: map[string]int{apptest.Caceres: seeOther}}
		apptest.CheckAuthz(t, clients, []apptest.AuthzCase{withdraw})
		cases = append(cases, withdraw)
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/portafirmas") || strings.HasPrefix(p, "/firma/") || strings.HasPrefix(p, "/afirma/")
		}) {
			if r.Perm == access.Public && r.Pattern != "/firma/ac-pruebas.pem" && !strings.HasPrefix(r.Pattern, "/afirma/") {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}
