package entities_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

// authzCase is one route checked for every user.
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
		cc := "/entidades/" + env.EntityID(t, dir3Caceres)
		pl := "/entidades/" + env.EntityID(t, dir3Plasencia)
		ald := "/entidades/" + env.EntityID(t, dir3Aldeanuev)
		mancID := sierraDeGata(t, env)
		manc := "/entidades/" + mancID
		mem := "/entidades/" + member(t, env, mancID)
		dip := "/entidades/" + str(t, env, `SELECT id FROM entities WHERE kind = 'diputacion' ORDER BY id LIMIT 1`)
		if dip == "/entidades/" {
			t.Fatal("no Diputación entity in the demo")
		}
		unknown := "/entidades/00000000000000000000000000"
		ok, seeOther, forbidden, notFound, conflict, unauth, invalid := http.StatusOK, http.StatusSeeOther,
			http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnauthorized, http.StatusUnprocessableEntity
		bad := url.Values{"nombre": {""}, "email": {"no-es-correo"}}
		noMember := url.Values{"miembro": {""}}

		cases := []authzCase{
			{"GET", "/entidades", "/entidades", nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/entidades.csv", "/entidades.csv", nil, map[string]int{anon: seeOther}, ok},
			{"GET", "/entidades/nueva", "/entidades/nueva", nil, map[string]int{anon: seeOther, dipAdmin: ok}, forbidden},
			{"POST", "/entidades", "/entidades", url.Values{}, map[string]int{anon: unauth, dipAdmin: invalid}, forbidden},

			{"GET", "/entidades/{id}", cc, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, caceres: ok}, notFound},
			{"GET", "/entidades/{id}", pl, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, plasencia: ok}, notFound},
			{"GET", "/entidades/{id}", ald, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, abadia: ok}, notFound},
			{"GET", "/entidades/{id}", mem, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, operador: ok}, notFound},
			{"GET", "/entidades/{id}", manc, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok, operador: ok}, notFound},
			{"GET", "/entidades/{id}", dip, nil, map[string]int{anon: seeOther, dipAdmin: ok, tecnico: ok}, notFound},
			{"GET", "/entidades/{id}", unknown, nil, map[string]int{anon: seeOther}, notFound},

			{"GET", "/entidades/{id}/editar", cc + "/editar", nil,
				map[string]int{anon: seeOther, dipAdmin: ok, tecnico: forbidden, caceres: ok}, notFound},
			{"GET", "/entidades/{id}/editar", ald + "/editar", nil,
				map[string]int{anon: seeOther, dipAdmin: ok, tecnico: forbidden, abadia: forbidden}, notFound},
			{"GET", "/entidades/{id}/editar", mem + "/editar", nil,
				map[string]int{anon: seeOther, dipAdmin: ok, tecnico: forbidden, operador: forbidden}, notFound},
			{"GET", "/entidades/{id}/editar", unknown + "/editar", nil, map[string]int{anon: seeOther}, notFound},

			{"POST", "/entidades/{id}", cc, bad, map[string]int{anon: unauth, dipAdmin: invalid, tecnico: forbidden, caceres: invalid}, notFound},
			{"POST", "/entidades/{id}", pl, bad, map[string]int{anon: unauth, dipAdmin: invalid, tecnico: forbidden, plasencia: invalid}, notFound},
			{"POST", "/entidades/{id}", ald, bad, map[string]int{anon: unauth, dipAdmin: invalid, tecnico: forbidden, abadia: forbidden}, notFound},
			{"POST", "/entidades/{id}", mem, bad, map[string]int{anon: unauth, dipAdmin: invalid, tecnico: forbidden, operador: forbidden}, notFound},

			{"POST", "/entidades/{id}/miembros", manc + "/miembros", noMember,
				map[string]int{anon: unauth, dipAdmin: invalid, tecnico: forbidden, operador: forbidden}, notFound},
			{"POST", "/entidades/{id}/miembros", cc + "/miembros", noMember,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, caceres: forbidden}, notFound},
			{"POST", "/entidades/{id}/miembros/{miembro}/quitar", manc + "/miembros/" + strings.TrimPrefix(pl, "/entidades/") + "/quitar", nil,
				map[string]int{anon: unauth, dipAdmin: notFound, tecnico: forbidden, operador: forbidden}, notFound},
			{"POST", "/entidades/{id}/miembros/{miembro}/quitar", cc + "/miembros/" + strings.TrimPrefix(mem, "/entidades/") + "/quitar", nil,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, caceres: forbidden}, notFound},

			{"POST", "/entidades/{id}/alta", cc + "/alta", nil,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, caceres: forbidden}, notFound},
			{"POST", "/entidades/{id}/alta", mem + "/alta", nil,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden, operador: forbidden}, notFound},
			{"POST", "/entidades/{id}/baja", dip + "/baja", nil,
				map[string]int{anon: unauth, dipAdmin: conflict, tecnico: forbidden}, notFound},
			{"POST", "/entidades/{id}/baja", pl + "/baja", nil,
				map[string]int{anon: unauth, dipAdmin: -1, tecnico: forbidden, plasencia: forbidden}, notFound},
		}
		before := count(t, env, `SELECT COUNT(*) FROM audit_log`)
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.method+" "+c.pattern] = true
			for _, u := range everyone {
				want, found := c.want[u]
				if !found {
					want = c.def
				}
				if want < 0 {
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
		if after := count(t, env, `SELECT COUNT(*) FROM audit_log`); after != before {
			t.Fatalf("refused requests wrote %d audit rows", after-before)
		}
		// Only the Diputación administrator deactivates an entity.
		contains(t, clients[dipAdmin].Post(pl+"/baja", nil), seeOther)
		for _, r := range env.App.Kit.Router.Routes() {
			mine := r.Pattern == "/entidades" || r.Pattern == "/entidades.csv" || strings.HasPrefix(r.Pattern, "/entidades/")
			if mine && !covered[r.Method+" "+r.Pattern] {
				t.Errorf("route %s %s is not in the authorization table", r.Method, r.Pattern)
			}
			if mine && r.Access != web.SignedIn {
				t.Errorf("route %s %s is not for signed-in users only", r.Method, r.Pattern)
			}
		}
	})
}
