package entities_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/entities"
)

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := "/entidades/" + env.EntityID(t, apptest.Dir3Caceres)
		pl := "/entidades/" + env.EntityID(t, apptest.Dir3Plasencia)
		ald := "/entidades/" + env.EntityID(t, dir3Aldeanuev)
		mancID := sierraDeGata(t, env)
		manc := "/entidades/" + mancID
		mem := "/entidades/" + member(t, env, mancID)
		dip := "/entidades/" + env.String(t, `SELECT id FROM entities WHERE kind = 'diputacion' ORDER BY id LIMIT 1`)
		if dip == "/entidades/" {
			t.Fatal("no Diputación entity in the demo")
		}
		unknown := "/entidades/00000000000000000000000000"
		ok, seeOther, forbidden, notFound, conflict, unauth, invalid := http.StatusOK, http.StatusSeeOther,
			http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnauthorized, http.StatusUnprocessableEntity
		bad := url.Values{"nombre": {""}, "email": {"no-es-correo"}}
		noMember := url.Values{"miembro": {""}}

		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/entidades", Perm: entities.PermRead, Path: "/entidades", Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/entidades.csv", Perm: entities.PermRead, Path: "/entidades.csv", Want: map[string]int{apptest.Anon: seeOther}, Def: ok},
			{Method: "GET", Pattern: "/entidades/nueva", Perm: entities.PermManage, Path: "/entidades/nueva",
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok}, Def: forbidden},
			{Method: "POST", Pattern: "/entidades", Perm: entities.PermManage, Path: "/entidades", Form: url.Values{},
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid}, Def: forbidden},

			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: cc,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Caceres: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: pl,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Plasencia: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: ald,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Abadia: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: mem,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Operador: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: manc,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Operador: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: dip,
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: unknown, Want: map[string]int{apptest.Anon: seeOther}, Def: notFound},

			{Method: "GET", Pattern: "/entidades/{id}/editar", Perm: entities.PermRead, Path: cc + "/editar",
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Caceres: ok}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}/editar", Perm: entities.PermRead, Path: ald + "/editar",
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Abadia: forbidden}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}/editar", Perm: entities.PermRead, Path: mem + "/editar",
				Want: map[string]int{apptest.Anon: seeOther, apptest.DipAdmin: ok, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: notFound},
			{Method: "GET", Pattern: "/entidades/{id}/editar", Perm: entities.PermRead, Path: unknown + "/editar",
				Want: map[string]int{apptest.Anon: seeOther}, Def: notFound},

			{Method: "POST", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: cc, Form: bad,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid, apptest.Tecnico: forbidden, apptest.Caceres: invalid}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: pl, Form: bad,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid, apptest.Tecnico: forbidden, apptest.Plasencia: invalid}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: ald, Form: bad,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid, apptest.Tecnico: forbidden, apptest.Abadia: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}", Perm: entities.PermRead, Path: mem, Form: bad,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: notFound},

			{Method: "POST", Pattern: "/entidades/{id}/miembros", Perm: entities.PermRead, Path: manc + "/miembros", Form: noMember,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: invalid, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/miembros", Perm: entities.PermRead, Path: cc + "/miembros", Form: noMember,
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Caceres: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/miembros/{miembro}/quitar", Perm: entities.PermRead, Path: manc + "/miembros/" + strings.TrimPrefix(pl, "/entidades/") + "/quitar",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: notFound, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/miembros/{miembro}/quitar", Perm: entities.PermRead, Path: cc + "/miembros/" + strings.TrimPrefix(mem, "/entidades/") + "/quitar",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Caceres: forbidden}, Def: notFound},

			{Method: "POST", Pattern: "/entidades/{id}/alta", Perm: entities.PermRead, Path: cc + "/alta",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Caceres: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/alta", Perm: entities.PermRead, Path: mem + "/alta",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/baja", Perm: entities.PermRead, Path: dip + "/baja",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: conflict, apptest.Tecnico: forbidden}, Def: notFound},
			{Method: "POST", Pattern: "/entidades/{id}/baja", Perm: entities.PermRead, Path: pl + "/baja",
				Want: map[string]int{apptest.Anon: unauth, apptest.DipAdmin: apptest.Skip, apptest.Tecnico: forbidden, apptest.Plasencia: forbidden}, Def: notFound},
		}
		before := env.Count(t, `SELECT COUNT(*) FROM audit_log`)
		apptest.CheckAuthz(t, clients, cases)
		if after := env.Count(t, `SELECT COUNT(*) FROM audit_log`); after != before {
			t.Fatalf("refused requests wrote %d audit rows", after-before)
		}
		// Only the Diputación administrator deactivates an entity.
		apptest.Expect(t, clients[apptest.DipAdmin].Post(pl+"/baja", nil), seeOther)
		mine := func(p string) bool {
			return p == "/entidades" || p == "/entidades.csv" || strings.HasPrefix(p, "/entidades/")
		}
		env.CheckRoutes(t, cases, mine)
	})
}
