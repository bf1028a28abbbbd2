package users_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/users"
)

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc, pl := env.EntityID(t, apptest.Dir3Caceres), env.EntityID(t, apptest.Dir3Plasencia)
		manc := sierraDeGata(t, env)
		mem := member(t, env, manc)
		ald := env.String(t, `SELECT e.id FROM memberships m JOIN users u ON u.id = m.user_id JOIN entities e ON e.id = m.entity_id
			WHERE u.email = $1 AND m.role = 'personal'`, apptest.Abadia)
		ccUser := "/usuarios/" + someUser(t, env, cc, apptest.Caceres)
		plUser := "/usuarios/" + someUser(t, env, pl, apptest.Plasencia)
		memUser := "/usuarios/" + someUser(t, env, mem)
		aldUser := "/usuarios/" + someUser(t, env, ald, apptest.Abadia)
		abUser := "/usuarios/" + someUser(t, env, env.EntityID(t, apptest.Dir3Abadia), apptest.Abadia)
		blocked := someUser(t, env, cc, apptest.Caceres, strings.TrimPrefix(ccUser, "/usuarios/"))
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET state = 'bloqueado' WHERE id = $1`, blocked); err != nil {
			t.Fatal(err)
		}
		ccBlocked := "/usuarios/" + blocked
		unknown := "/usuarios/00000000000000000000000000"
		// A pending invitation of Cáceres to a Plasencia user (none of the logins).
		invitee := someUser(t, env, pl, apptest.Plasencia)
		apptest.Expect(t, clients[apptest.Caceres].Post("/usuarios", person(env.String(t, `SELECT nif FROM users WHERE id = $1`, invitee), "")),
			http.StatusSeeOther)
		ccInv := env.String(t, `SELECT id FROM invitations WHERE user_id = $1 AND state = 'pendiente'`, invitee)
		noInv := "/00000000000000000000000000"
		_, _, notAdhered := services(t, env, cc)

		ok, see, bad, forbidden, notFound, conflict, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusBadRequest,
			http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnauthorized, http.StatusUnprocessableEntity
		empty := url.Values{"nombre": {""}}
		grantBad := url.Values{"servicio": {notAdhered}, "rol": {"x"}}
		noGrant := url.Values{"servicio": {notAdhered}, "rol": {"x"}}
		// readers: who reads each target (the rest get 404; the technician 403).
		reads := func(extra map[string]int) map[string]int {
			w := map[string]int{apptest.Anon: see, apptest.Tecnico: forbidden, apptest.DipAdmin: ok}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}
		posts := func(extra map[string]int) map[string]int {
			w := map[string]int{apptest.Anon: unauth, apptest.Tecnico: forbidden}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}

		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios",
				Want: map[string]int{apptest.Anon: see, apptest.Tecnico: forbidden}, Def: ok},
			{Method: "GET", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios?entidad=" + cc,
				Want: reads(map[string]int{apptest.Caceres: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios?entidad=" + pl,
				Want: reads(map[string]int{apptest.Plasencia: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios?entidad=" + mem,
				Want: reads(map[string]int{apptest.Operador: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios?entidad=" + ald, Want: reads(nil), Def: notFound},
			{Method: "GET", Pattern: "/usuarios.csv", Perm: users.PermRead, Path: "/usuarios.csv",
				Want: map[string]int{apptest.Anon: see, apptest.Tecnico: forbidden, apptest.Operador: bad}, Def: ok},
			{Method: "GET", Pattern: "/usuarios.csv", Perm: users.PermRead, Path: "/usuarios.csv?entidad=" + pl,
				Want: reads(map[string]int{apptest.Plasencia: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/nuevo", Perm: users.PermRead, Path: "/usuarios/nuevo",
				Want: map[string]int{apptest.Anon: see, apptest.Tecnico: forbidden, apptest.Operador: forbidden}, Def: ok},
			{Method: "GET", Pattern: "/usuarios/nuevo", Perm: users.PermRead, Path: "/usuarios/nuevo?entidad=" + mem,
				Want: reads(map[string]int{apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios", Form: empty,
				Want: posts(map[string]int{apptest.Operador: forbidden}), Def: invalid},
			{Method: "POST", Pattern: "/usuarios", Perm: users.PermRead, Path: "/usuarios?entidad=" + cc, Form: empty,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Caceres: invalid}), Def: notFound},

			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: ccUser, Want: reads(map[string]int{apptest.Caceres: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: ccUser + "?entidad=" + pl,
				Want: reads(map[string]int{apptest.DipAdmin: notFound}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: plUser, Want: reads(map[string]int{apptest.Plasencia: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: memUser, Want: reads(map[string]int{apptest.Operador: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: aldUser, Want: reads(nil), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: abUser, Want: reads(map[string]int{apptest.Abadia: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: unknown,
				Want: reads(map[string]int{apptest.DipAdmin: notFound}), Def: notFound},

			{Method: "GET", Pattern: "/usuarios/{id}/editar", Perm: users.PermRead, Path: ccUser + "/editar",
				Want: reads(map[string]int{apptest.Caceres: ok}), Def: notFound},
			{Method: "GET", Pattern: "/usuarios/{id}/editar", Perm: users.PermRead, Path: memUser + "/editar",
				Want: reads(map[string]int{apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: ccUser, Form: empty,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Caceres: invalid}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: plUser, Form: empty,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Plasencia: invalid}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}", Perm: users.PermRead, Path: memUser, Form: empty,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Operador: forbidden}), Def: notFound},

			{Method: "POST", Pattern: "/usuarios/{id}/bloquear", Perm: users.PermRead, Path: ccBlocked + "/bloquear",
				Want: posts(map[string]int{apptest.DipAdmin: conflict, apptest.Caceres: conflict}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/bloquear", Perm: users.PermRead, Path: memUser + "/bloquear",
				Want: posts(map[string]int{apptest.DipAdmin: apptest.Skip, apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/desbloquear", Perm: users.PermRead, Path: ccUser + "/desbloquear",
				Want: posts(map[string]int{apptest.DipAdmin: conflict, apptest.Caceres: conflict}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/desbloquear", Perm: users.PermRead, Path: ccBlocked + "/desbloquear",
				Want: posts(map[string]int{apptest.DipAdmin: apptest.Skip, apptest.Caceres: apptest.Skip}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/baja", Perm: users.PermRead, Path: ccUser + "/baja",
				Want: posts(map[string]int{apptest.DipAdmin: apptest.Skip, apptest.Caceres: apptest.Skip}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/baja", Perm: users.PermRead, Path: memUser + "/baja",
				Want: posts(map[string]int{apptest.DipAdmin: apptest.Skip, apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/permisos", Perm: users.PermRead, Path: ccUser + "/permisos", Form: grantBad,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Caceres: invalid}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/permisos", Perm: users.PermRead, Path: plUser + "/permisos", Form: grantBad,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Plasencia: invalid}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/permisos", Perm: users.PermRead, Path: memUser + "/permisos", Form: grantBad,
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/permisos/quitar", Perm: users.PermRead, Path: ccUser + "/permisos/quitar", Form: noGrant,
				Want: posts(map[string]int{apptest.Caceres: notFound}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/permisos/quitar", Perm: users.PermRead, Path: memUser + "/permisos/quitar", Form: noGrant,
				Want: posts(map[string]int{apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/sesiones/cerrar", Perm: users.PermRead, Path: ccUser + "/sesiones/cerrar",
				Want: posts(map[string]int{apptest.DipAdmin: see, apptest.Caceres: see}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/sesiones/cerrar", Perm: users.PermRead, Path: memUser + "/sesiones/cerrar",
				Want: posts(map[string]int{apptest.DipAdmin: see, apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/enlace-contrasena", Perm: users.PermRead, Path: plUser + "/enlace-contrasena",
				Want: posts(map[string]int{apptest.DipAdmin: see, apptest.Plasencia: see}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/enlace-contrasena", Perm: users.PermRead, Path: memUser + "/enlace-contrasena",
				Want: posts(map[string]int{apptest.DipAdmin: see, apptest.Operador: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/rol-global", Perm: users.PermRead, Path: ccUser + "/rol-global", Form: url.Values{"rol_global": {"x"}},
				Want: posts(map[string]int{apptest.DipAdmin: invalid, apptest.Caceres: forbidden}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/{id}/rol-global", Perm: users.PermRead, Path: unknown + "/rol-global", Form: url.Values{"rol_global": {"x"}},
				Want: posts(nil), Def: notFound},

			// Invitations: the entity's user administrators cancel them; only the invited person answers.
			{Method: "POST", Pattern: "/usuarios/invitaciones/{id}/cancelar", Perm: users.PermRead, Path: "/usuarios/invitaciones/" + ccInv + "/cancelar",
				Want: posts(map[string]int{apptest.DipAdmin: apptest.Skip, apptest.Caceres: apptest.Skip}), Def: notFound},
			{Method: "POST", Pattern: "/usuarios/invitaciones/{id}/cancelar", Perm: users.PermRead, Path: "/usuarios/invitaciones" + noInv + "/cancelar",
				Want: posts(nil), Def: notFound},
			{Method: "GET", Pattern: "/invitaciones", Perm: users.PermInvitations, Path: "/invitaciones", Want: map[string]int{apptest.Anon: see}, Def: ok},
			{Method: "POST", Pattern: "/invitaciones/{id}/aceptar", Perm: users.PermInvitations, Path: "/invitaciones/" + ccInv + "/aceptar",
				Want: map[string]int{apptest.Anon: unauth}, Def: notFound},
			{Method: "POST", Pattern: "/invitaciones/{id}/aceptar", Perm: users.PermInvitations, Path: "/invitaciones" + noInv + "/aceptar",
				Want: map[string]int{apptest.Anon: unauth}, Def: notFound},
			{Method: "POST", Pattern: "/invitaciones/{id}/rechazar", Perm: users.PermInvitations, Path: "/invitaciones/" + ccInv + "/rechazar",
				Want: map[string]int{apptest.Anon: unauth}, Def: notFound},
		}

		// Every route of the module is in the table.
		env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/usuarios") || strings.HasPrefix(p, "/invitaciones")
		})

		apptest.CheckAuthz(t, clients, cases)
	})
}
