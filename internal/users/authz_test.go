package users_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// skip marks a user not checked in a row (the success is tested elsewhere
// and would change the data the next rows rely on).
const skip = -1

// authzCase is one request checked for every user.
type authzCase struct {
	method, pattern, path string
	form                  url.Values
	want                  map[string]int // user → status; missing users expect def
	def                   int
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := map[string]*apptest.Client{anon: env.Anonymous(t)}
		for _, u := range everyone[1:] {
			clients[u] = env.Login(t, u)
		}
		cc, pl := env.EntityID(t, dir3Caceres), env.EntityID(t, dir3Plasencia)
		manc := sierraDeGata(t, env)
		mem := member(t, env, manc)
		ald := str(t, env, `SELECT e.id FROM memberships m JOIN users u ON u.id = m.user_id JOIN entities e ON e.id = m.entity_id
			WHERE u.email = $1 AND m.role = 'personal'`, abadia)
		ccUser := "/usuarios/" + someUser(t, env, cc, caceres)
		plUser := "/usuarios/" + someUser(t, env, pl, plasencia)
		memUser := "/usuarios/" + someUser(t, env, mem)
		aldUser := "/usuarios/" + someUser(t, env, ald, abadia)
		abUser := "/usuarios/" + someUser(t, env, env.EntityID(t, dir3Abadia), abadia)
		blocked := someUser(t, env, cc, caceres, strings.TrimPrefix(ccUser, "/usuarios/"))
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET state = 'bloqueado' WHERE id = $1`, blocked); err != nil {
			t.Fatal(err)
		}
		ccBlocked := "/usuarios/" + blocked
		unknown := "/usuarios/00000000000000000000000000"
		_, _, notAdhered := services(t, env, cc)

		ok, see, bad, forbidden, notFound, conflict, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusBadRequest,
			http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnauthorized, http.StatusUnprocessableEntity
		empty := url.Values{"nombre": {""}}
		grantBad := url.Values{"servicio": {notAdhered}, "rol": {"x"}}
		noGrant := url.Values{"servicio": {notAdhered}, "rol": {"x"}}
		// readers: who reads each target (the rest get 404; the technician 403).
		reads := func(extra map[string]int) map[string]int {
			w := map[string]int{anon: see, tecnico: forbidden, dipAdmin: ok}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}
		posts := func(extra map[string]int) map[string]int {
			w := map[string]int{anon: unauth, tecnico: forbidden}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}

		cases := []authzCase{
			{"GET", "/usuarios", "/usuarios", nil, map[string]int{anon: see, tecnico: forbidden}, ok},
			{"GET", "/usuarios", "/usuarios?entidad=" + cc, nil, reads(map[string]int{caceres: ok}), notFound},
			{"GET", "/usuarios", "/usuarios?entidad=" + pl, nil, reads(map[string]int{plasencia: ok}), notFound},
			{"GET", "/usuarios", "/usuarios?entidad=" + mem, nil, reads(map[string]int{operador: ok}), notFound},
			{"GET", "/usuarios", "/usuarios?entidad=" + ald, nil, reads(nil), notFound},
			{"GET", "/usuarios.csv", "/usuarios.csv", nil, map[string]int{anon: see, tecnico: forbidden, operador: bad}, ok},
			{"GET", "/usuarios.csv", "/usuarios.csv?entidad=" + pl, nil, reads(map[string]int{plasencia: ok}), notFound},
			{"GET", "/usuarios/nuevo", "/usuarios/nuevo", nil, map[string]int{anon: see, tecnico: forbidden, operador: forbidden}, ok},
			{"GET", "/usuarios/nuevo", "/usuarios/nuevo?entidad=" + mem, nil, reads(map[string]int{operador: forbidden}), notFound},
			{"POST", "/usuarios", "/usuarios", empty, posts(map[string]int{operador: forbidden}), invalid},
			{"POST", "/usuarios", "/usuarios?entidad=" + cc, empty, posts(map[string]int{dipAdmin: invalid, caceres: invalid}), notFound},

			{"GET", "/usuarios/{id}", ccUser, nil, reads(map[string]int{caceres: ok}), notFound},
			{"GET", "/usuarios/{id}", ccUser + "?entidad=" + pl, nil, reads(map[string]int{dipAdmin: notFound}), notFound},
			{"GET", "/usuarios/{id}", plUser, nil, reads(map[string]int{plasencia: ok}), notFound},
			{"GET", "/usuarios/{id}", memUser, nil, reads(map[string]int{operador: ok}), notFound},
			{"GET", "/usuarios/{id}", aldUser, nil, reads(nil), notFound},
			{"GET", "/usuarios/{id}", abUser, nil, reads(map[string]int{abadia: ok}), notFound},
			{"GET", "/usuarios/{id}", unknown, nil, reads(map[string]int{dipAdmin: notFound}), notFound},

			{"GET", "/usuarios/{id}/editar", ccUser + "/editar", nil, reads(map[string]int{caceres: ok}), notFound},
			{"GET", "/usuarios/{id}/editar", memUser + "/editar", nil, reads(map[string]int{operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}", ccUser, empty, posts(map[string]int{dipAdmin: invalid, caceres: invalid}), notFound},
			{"POST", "/usuarios/{id}", plUser, empty, posts(map[string]int{dipAdmin: invalid, plasencia: invalid}), notFound},
			{"POST", "/usuarios/{id}", memUser, empty, posts(map[string]int{dipAdmin: invalid, operador: forbidden}), notFound},

			{"POST", "/usuarios/{id}/bloquear", ccBlocked + "/bloquear", nil, posts(map[string]int{dipAdmin: conflict, caceres: conflict}), notFound},
			{"POST", "/usuarios/{id}/bloquear", memUser + "/bloquear", nil, posts(map[string]int{dipAdmin: skip, operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/desbloquear", ccUser + "/desbloquear", nil, posts(map[string]int{dipAdmin: conflict, caceres: conflict}), notFound},
			{"POST", "/usuarios/{id}/desbloquear", ccBlocked + "/desbloquear", nil, posts(map[string]int{dipAdmin: skip, caceres: skip}), notFound},
			{"POST", "/usuarios/{id}/baja", ccUser + "/baja", nil, posts(map[string]int{dipAdmin: skip, caceres: skip}), notFound},
			{"POST", "/usuarios/{id}/baja", memUser + "/baja", nil, posts(map[string]int{dipAdmin: skip, operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/permisos", ccUser + "/permisos", grantBad, posts(map[string]int{dipAdmin: invalid, caceres: invalid}), notFound},
			{"POST", "/usuarios/{id}/permisos", plUser + "/permisos", grantBad, posts(map[string]int{dipAdmin: invalid, plasencia: invalid}), notFound},
			{"POST", "/usuarios/{id}/permisos", memUser + "/permisos", grantBad, posts(map[string]int{dipAdmin: invalid, operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/permisos/quitar", ccUser + "/permisos/quitar", noGrant, posts(map[string]int{caceres: notFound}), notFound},
			{"POST", "/usuarios/{id}/permisos/quitar", memUser + "/permisos/quitar", noGrant, posts(map[string]int{operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/sesiones/cerrar", ccUser + "/sesiones/cerrar", nil, posts(map[string]int{dipAdmin: see, caceres: see}), notFound},
			{"POST", "/usuarios/{id}/sesiones/cerrar", memUser + "/sesiones/cerrar", nil, posts(map[string]int{dipAdmin: see, operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/enlace-contrasena", plUser + "/enlace-contrasena", nil, posts(map[string]int{dipAdmin: see, plasencia: see}), notFound},
			{"POST", "/usuarios/{id}/enlace-contrasena", memUser + "/enlace-contrasena", nil, posts(map[string]int{dipAdmin: see, operador: forbidden}), notFound},
			{"POST", "/usuarios/{id}/rol-global", ccUser + "/rol-global", url.Values{"rol_global": {"x"}},
				posts(map[string]int{dipAdmin: invalid, caceres: forbidden}), notFound},
			{"POST", "/usuarios/{id}/rol-global", unknown + "/rol-global", url.Values{"rol_global": {"x"}}, posts(nil), notFound},
		}

		// Every route of the module is in the table.
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.method+" "+c.pattern] = true
		}
		for _, r := range env.App.Kit.Router.Routes() {
			if (r.Pattern == "/usuarios" || strings.HasPrefix(r.Pattern, "/usuarios/") || r.Pattern == "/usuarios.csv") &&
				!covered[r.Method+" "+r.Pattern] {
				t.Errorf("route %s %s is not in the authorization table", r.Method, r.Pattern)
			}
			if strings.HasPrefix(r.Pattern, "/usuarios") && r.Access != web.SignedIn {
				t.Errorf("route %s %s is not for signed-in users only", r.Method, r.Pattern)
			}
		}

		for _, c := range cases {
			for _, u := range everyone {
				want, ok := c.want[u]
				if !ok {
					want = c.def
				}
				if want == skip {
					continue
				}
				var res apptest.Response
				if c.method == "GET" {
					res = clients[u].Get(c.path)
				} else {
					res = clients[u].Post(c.path, c.form)
				}
				if res.Status != want {
					t.Errorf("%s %s as %s: %d, want %d\n%.300s", c.method, c.path, u, res.Status, want, apptest.Text(res.Body))
				}
			}
		}
	})
}
