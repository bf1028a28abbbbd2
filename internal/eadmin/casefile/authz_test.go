package casefile_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable makes every route of the tramitador as every demo
// login: Cáceres's administrator (gestor, and user administrator) works in
// his entity; Plasencia's (also adhered) gets 404 for Cáceres's
// expedientes, documents, trámites and procedures and his own empty lists;
// the Sierra de Gata operator, gestor of his mancomunidad's tramitador,
// likewise but for the catalogue (he is not its administrator); Abadía
// (not adhered) and the Diputación's staff get 403; a visitor is sent to
// sign in (401 for posts).
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		proc := procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR")
		file := openFrom(t, cc, proc, registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		doc := draftFrom(t, cc.Post("/expedientes/"+file+"/borradores", url.Values{"plantilla": {"requerimiento"}}), file)
		task := taskID(t, env, file, "informe-tecnico")
		F, D, T, P := "/expedientes/"+file, "/expedientes/"+file+"/documentos/"+doc, "/expedientes/"+file+"/tramites/"+task, "/procedimientos/"+proc

		ok, see, unauth, forbidden, notFound, invalid, conflict := http.StatusOK, http.StatusSeeOther, http.StatusUnauthorized,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusConflict
		mine := func(method, pattern, path string, perm access.Permission, form url.Values, cc, pl int) apptest.AuthzCase {
			anon := see
			if method == http.MethodPost {
				anon = unauth
			}
			op := pl
			if perm == casefile.PermConfigure {
				op = forbidden
			}
			return apptest.AuthzCase{Method: method, Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: anon, apptest.Caceres: cc, apptest.Plasencia: pl, apptest.Operador: op}}
		}
		// staff gives the Diputación's staff the status want.
		staff := func(c apptest.AuthzCase, want int) apptest.AuthzCase {
			c.Want[apptest.DipAdmin], c.Want[apptest.Tecnico] = want, want
			return c
		}
		empty := url.Values{}
		cases := []apptest.AuthzCase{
			mine("GET", "/expedientes", "/expedientes", casefile.PermRead, nil, ok, ok),
			mine("GET", "/expedientes/exportar", "/expedientes/exportar?formato=csv", casefile.PermRead, nil, ok, ok),
			mine("GET", "/expedientes/pendientes", "/expedientes/pendientes", casefile.PermRead, nil, ok, ok),
			mine("GET", "/expedientes/nuevo", "/expedientes/nuevo", casefile.PermOpen, nil, ok, ok),
			mine("POST", "/expedientes", "/expedientes", casefile.PermOpen, url.Values{"asunto": {"x"}}, invalid, invalid),
			mine("GET", "/expedientes/{id}", F, casefile.PermRead, nil, ok, notFound),
			mine("GET", "/expedientes/{id}", "/expedientes/NOEXISTE", casefile.PermRead, nil, notFound, notFound),
			mine("POST", "/expedientes/{id}/asignar", F+"/asignar", casefile.PermOpen, url.Values{"usuario": {"nadie"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/interesados", F+"/interesados", casefile.PermWork, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/relacionados", F+"/relacionados", casefile.PermWork, url.Values{"relacionado": {"x"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/suspender", F+"/suspender", casefile.PermWork, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/levantar", F+"/levantar", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/concluir", F+"/concluir", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/reabrir", F+"/reabrir", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/ampliar", F+"/ampliar", casefile.PermOpen, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/archivar", F+"/archivar", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/contrato", F+"/contrato", casefile.PermWork, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/tramites/{task}/iniciar", T+"/iniciar", casefile.PermWork, url.Values{"fecha": {"x"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/tramites/{task}/terminar", T+"/terminar", casefile.PermWork, url.Values{"no_procede": {"si"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/tramites/{task}/asignar", T+"/asignar", casefile.PermWork, url.Values{"usuario": {"nadie"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/tramites/{task}/iniciar", F+"/tramites/NOEXISTE/iniciar", casefile.PermWork, empty, notFound, notFound),
			mine("POST", "/expedientes/{id}/documentos", F+"/documentos", casefile.PermWork, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/resolucion", F+"/resolucion", casefile.PermWork, url.Values{"plantilla_resolucion": {"no"}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/borradores", F+"/borradores", casefile.PermWork, url.Values{"plantilla": {"no"}}, invalid, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}", D, casefile.PermRead, nil, ok, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}/editar", D+"/editar", casefile.PermWork, nil, ok, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}/eni.xml", D+"/eni.xml", casefile.PermRead, nil, conflict, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}/ficha", D+"/ficha", casefile.PermRead, nil, ok, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}/visualizacion.pdf", D+"/visualizacion.pdf", casefile.PermRead, nil, conflict, notFound),
			mine("GET", "/expedientes/{id}/documentos/{doc}/odt", D+"/odt", casefile.PermWork, nil, ok, notFound),
			mine("POST", "/expedientes/{id}/documentos/{doc}/odt", D+"/odt", casefile.PermWork, empty, invalid, notFound),
			mine("POST", "/expedientes/{id}/documentos/{doc}", D, casefile.PermWork, url.Values{"texto": {""}}, invalid, notFound),
			mine("POST", "/expedientes/{id}/documentos/{doc}/emitir", D+"/emitir", casefile.PermWork, empty, apptest.Skip, notFound),
			mine("POST", "/expedientes/{id}/documentos/{doc}/notificar", D+"/notificar", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/documentos/{doc}/publicar", D+"/publicar", casefile.PermWork, empty, conflict, notFound),
			mine("POST", "/expedientes/{id}/notificaciones/{n}/resultado", F+"/notificaciones/NOEXISTE/resultado", casefile.PermWork, url.Values{"resultado": {"entregada"}}, notFound, notFound),
			mine("GET", "/expedientes/{id}/eni.xml", F+"/eni.xml", casefile.PermRead, nil, ok, notFound),
			mine("GET", "/expedientes/{id}/remisiones", F+"/remisiones", casefile.PermRead, nil, ok, notFound),
			mine("POST", "/expedientes/{id}/remisiones", F+"/remisiones", casefile.PermWork, url.Values{"destino": {""}}, invalid, notFound),
			mine("GET", "/expedientes/{id}/remisiones/{rem}/paquete.zip", F+"/remisiones/NOEXISTE/paquete.zip", casefile.PermRead, nil, notFound, notFound),
			mine("POST", "/expedientes/{id}/remisiones/{rem}/enviar", F+"/remisiones/NOEXISTE/enviar", casefile.PermWork, empty, notFound, notFound),
			mine("POST", "/expedientes/{id}/remisiones/{rem}/error", F+"/remisiones/NOEXISTE/error", casefile.PermWork, url.Values{"error": {"x"}}, notFound, notFound),
			{Method: "GET", Pattern: "/remision/{token}", Path: "/remision/NOEXISTE", Perm: access.Public, Def: notFound},
			{Method: "GET", Pattern: "/remision/{token}/paquete.zip", Path: "/remision/NOEXISTE/paquete.zip", Perm: access.Public, Def: notFound},
			mine("GET", "/procedimientos", "/procedimientos", casefile.PermRead, nil, ok, ok),
			mine("POST", "/procedimientos", "/procedimientos", casefile.PermConfigure, url.Values{"modelo": {"NOEXISTE"}}, http.StatusBadRequest, http.StatusBadRequest),
			mine("GET", "/procedimientos/{id}", P, casefile.PermRead, nil, ok, notFound),
			mine("POST", "/procedimientos/{id}", P, casefile.PermConfigure, url.Values{"nombre": {""}}, invalid, notFound),
			staff(mine("GET", "/procedimientos/modelos/{code}", "/procedimientos/modelos/OBRA-MENOR", casefile.PermModels, nil, ok, ok), ok),
			staff(mine("GET", "/procedimientos/modelos/{code}", "/procedimientos/modelos/NOEXISTE", casefile.PermModels, nil, notFound, notFound), notFound),
			{Method: "GET", Pattern: "/expedientes/provincia", Path: "/expedientes/provincia", Perm: casefile.PermProvince, Def: forbidden,
				Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok}},
		}
		before := env.Count(t, `SELECT COUNT(*) FROM casefile_files`)
		apptest.CheckAuthz(t, clients, cases)
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_files`); n != before {
			t.Fatalf("%d expedientes after the refused requests", n)
		}
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, file); s != "tramitacion" {
			t.Fatalf("a refused request changed the state: %s", s)
		}
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/expedientes") || strings.HasPrefix(p, "/procedimientos") || strings.HasPrefix(p, "/remision/")
		}) {
			if r.Perm == access.Public && !strings.HasPrefix(r.Pattern, "/remision/") {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}
