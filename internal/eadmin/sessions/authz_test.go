package sessions_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/sessions"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable makes every route of the órganos colegiados as
// every demo login, on the demo's sessions of Cáceres (one with its acta
// approved, one held with its acta in draft, one convened for the coming
// days): Cáceres's administrator (gestor of expedientes) works in his own;
// Plasencia's (also adhered) and the Sierra de Gata operator (gestor of
// his mancomunidad's expedientes) work in their own and get 404 for
// Cáceres's; Abadía (not adhered) and the Diputación's staff get 403; a
// visitor is sent to sign in (401 on posts).
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		organ := pleno(t, env, cc, apptest.Dir3Caceres)
		entity := env.EntityID(t, apptest.Dir3Caceres)
		one := func(state string) string {
			return env.String(t, `SELECT id FROM sessions_sessions WHERE entity_id = $1 AND state = $2 ORDER BY starts_at LIMIT 1`, entity, state)
		}
		approved, held, convened := one("acta_aprobada"), one("celebrada"), one("convocada")
		item := env.String(t, `SELECT id FROM sessions_items WHERE session_id = $1 AND pos = 1`, held)
		president := env.String(t, `SELECT id FROM sessions_members WHERE organ_id = $1 AND role = 'presidente'`, organ)
		before := env.String(t, `SELECT acta FROM sessions_sessions WHERE id = $1`, approved)

		ok, seeOther, forbidden, notFound, unauth, invalid, conflict := http.StatusOK, http.StatusSeeOther,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusConflict
		get := func(pattern, path string, perm access.Permission) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: ok, apptest.Plasencia: ok, apptest.Operador: ok}}
		}
		post := func(pattern, path string, perm access.Permission, form url.Values, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: mine, apptest.Operador: mine}}
		}
		getCC := func(pattern, path string, perm access.Permission, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		postCC := func(pattern, path string, perm access.Permission, form url.Values, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		O, A, H, C := "/organos/"+organ, "/sesiones/"+approved, "/sesiones/"+held, "/sesiones/"+convened
		empty := url.Values{}
		cases := []apptest.AuthzCase{
			get("/organos", "/organos", sessions.PermRead),
			post("/organos", "/organos", sessions.PermManage, empty, seeOther),
			getCC("/organos/{id}", O, sessions.PermRead, ok),
			getCC("/organos/{id}", "/organos/NOEXISTE", sessions.PermRead, notFound),
			postCC("/organos/{id}", O, sessions.PermManage, url.Values{"nombre": {""}, "miembros": {"25"}}, invalid),
			postCC("/organos/{id}/miembros", O+"/miembros", sessions.PermManage, url.Values{"papel": {"miembro"}}, invalid),
			postCC("/organos/{id}/miembros/{member}", O+"/miembros/"+president, sessions.PermManage, url.Values{"papel": {"presidente"}}, invalid),
			postCC("/organos/{id}/miembros/{member}/baja", O+"/miembros/"+president+"/baja", sessions.PermManage, empty, conflict),
			get("/sesiones", "/sesiones", sessions.PermRead),
			get("/sesiones/libro.pdf", "/sesiones/libro.pdf?anio=2026", sessions.PermRead),
			get("/sesiones/nueva", "/sesiones/nueva", sessions.PermManage),
			post("/sesiones", "/sesiones", sessions.PermManage, url.Values{"clase": {"ordinaria"}}, invalid),
			getCC("/sesiones/{id}", A, sessions.PermRead, ok),
			getCC("/sesiones/{id}", H, sessions.PermRead, ok),
			getCC("/sesiones/{id}", C, sessions.PermRead, ok),
			getCC("/sesiones/{id}", "/sesiones/NOEXISTE", sessions.PermRead, notFound),
			getCC("/sesiones/{id}/convocatoria.pdf", C+"/convocatoria.pdf", sessions.PermRead, ok),
			getCC("/sesiones/{id}/acta.pdf", A+"/acta.pdf", sessions.PermRead, ok),
			getCC("/sesiones/{id}/acta.pdf", H+"/acta.pdf", sessions.PermRead, ok),
			getCC("/sesiones/{id}/acta.pdf", C+"/acta.pdf", sessions.PermRead, conflict),
			postCC("/sesiones/{id}/acta", A+"/acta", sessions.PermManage, url.Values{"acta": {"Otro texto"}}, conflict),
			postCC("/sesiones/{id}/acta", H+"/acta", sessions.PermManage, url.Values{"acta": {""}}, invalid),
			postCC("/sesiones/{id}/asistencia", C+"/asistencia", sessions.PermManage, empty, conflict),
			postCC("/sesiones/{id}/cerrar", H+"/cerrar", sessions.PermManage, empty, conflict),
			postCC("/sesiones/{id}/certificados", C+"/certificados", sessions.PermManage, empty, conflict),
			postCC("/sesiones/{id}/puntos/{item}", H+"/puntos/"+item, sessions.PermManage, counts(10, 0, 0), conflict),
			getCC("/sesiones/{id}/puntos/{item}/certificado.pdf", H+"/puntos/"+item+"/certificado.pdf", sessions.PermRead, conflict),
		}
		apptest.CheckAuthz(t, clients, cases)
		if after := env.String(t, `SELECT acta FROM sessions_sessions WHERE id = $1`, approved); after != before {
			t.Fatal("a refused request changed an approved acta")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM sessions_members WHERE organ_id = $1 AND role = 'presidente' AND active = TRUE`, organ); n != 1 {
			t.Fatalf("%d presidents", n)
		}
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/sesiones") || strings.HasPrefix(p, "/organos")
		}) {
			if r.Perm == access.Public {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}

// TestRoles checks the roles of the expedientes application in Cáceres: a
// consulta reads the sessions but does not convene nor record; a gestor
// does both.
func TestRoles(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		entity := env.EntityID(t, apptest.Dir3Caceres)
		reader := env.Login(t, env.NewStaff(t, entity, sessions.Service, sessions.RoleReader, "00000001R"))
		user := env.Login(t, env.NewStaff(t, entity, sessions.Service, sessions.RoleUser, "00000003A"))
		held := env.String(t, `SELECT id FROM sessions_sessions WHERE entity_id = $1 AND state = 'celebrada'`, entity)
		year := strconv.Itoa(env.Count(t, `SELECT year FROM sessions_sessions WHERE id = $1`, held))
		for _, c := range []*apptest.Client{reader, user} {
			apptest.Expect(t, c.Get("/sesiones?anio="+year), http.StatusOK, "Celebrada (acta en borrador)")
			body := c.Get("/sesiones/" + held).Body
			if strings.Contains(body, "Guardar el acta") || strings.Contains(body, "Convocar una sesión") {
				t.Error("the forms of sessions:manage are offered to who may not use them")
			}
			apptest.Expect(t, c.Post("/sesiones/"+held+"/acta", url.Values{"acta": {"x"}}), http.StatusForbidden, "perfil de gestor o administrador")
		}
		apptest.Expect(t, env.Login(t, apptest.Caceres).Get("/sesiones/"+held), http.StatusOK, "Guardar el acta")
	})
}
