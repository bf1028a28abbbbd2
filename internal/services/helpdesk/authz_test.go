package helpdesk_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/services/helpdesk"
)

// Status shorthands.
const (
	ok      = http.StatusOK
	see     = http.StatusSeeOther
	unauth  = http.StatusUnauthorized
	forbid  = http.StatusForbidden
	missing = http.StatusNotFound
	invalid = http.StatusUnprocessableEntity
	clash   = http.StatusConflict
)

const (
	A  = apptest.Anon
	DA = apptest.DipAdmin
	TE = apptest.Tecnico
	CC = apptest.Caceres
	PL = apptest.Plasencia
	AB = apptest.Abadia
	OP = apptest.Operador
	RQ = Requester
	EU = EntityUser
	OO = OtherOp
)

func w(kv ...any) map[string]int {
	m := map[string]int{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(int)
	}
	return m
}

// TestAuthorization walks every route of the support desk as the
// requester, another user of his entity, the entity's administrator, the
// administrators of other towns, the TIC operator of a member and of a
// non-member mancomunidad, a Diputación technician (teams: padrón, registro,
// expedientes, correo, tributos and the general queue) and the administrator.
func TestAuthorization(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		tk := func(n string) string { return "/soporte/incidencias/" + n }
		plasencia := env.EntityID(t, apptest.Dir3Plasencia)
		caceres := env.EntityID(t, apptest.Dir3Caceres)
		sol := env.String(t, `SELECT id FROM helpdesk_solutions ORDER BY title LIMIT 1`)
		// Who sees each demo ticket (everyone else: 404; anonymous: to the login).
		seeReq := w(A, see, DA, ok, TE, ok, CC, ok, RQ, ok)
		seeNom := w(A, see, DA, ok, CC, ok)
		seeMem := w(A, see, DA, ok, OP, ok)
		seePl := w(A, see, DA, ok, TE, ok, PL, ok)
		// Who may act on a ticket (the form is invalid: nothing changes).
		anySide := w(A, unauth, DA, invalid, TE, invalid, CC, invalid, RQ, invalid)
		supportOnly := w(A, unauth, DA, invalid, TE, invalid, CC, forbid, RQ, forbid)
		operator := w(A, unauth, DA, invalid, OP, invalid)
		// act is a POST of one field to an action of ticket n.
		act := func(n, action, field, value string, want map[string]int) tcase {
			return tcase{Method: "POST", Pattern: "/soporte/incidencias/{numero}/" + action, Perm: helpdesk.PermUse, Path: tk(n) + "/" + action,
				Form: form(field, value), Want: want, Def: missing}
		}
		cases := []tcase{
			{Method: "GET", Pattern: "/soporte", Perm: helpdesk.PermUse, Path: "/soporte", Want: w(A, see), Def: ok},
			{Method: "GET", Pattern: "/soporte/exportar", Perm: helpdesk.PermUse, Path: "/soporte/exportar?formato=csv", Want: w(A, see), Def: ok},
			{Method: "GET", Pattern: "/soporte/nueva", Perm: helpdesk.PermUse, Path: "/soporte/nueva", Want: w(A, see), Def: ok},
			{Method: "POST", Pattern: "/soporte/nueva", Perm: helpdesk.PermUse, Path: "/soporte/nueva", Form: form(), Want: w(A, unauth), Def: invalid},
			{Method: "POST", Pattern: "/soporte/nueva", Perm: helpdesk.PermUse, Path: "/soporte/nueva", Form: form("entidad", plasencia),
				Want: w(A, unauth, DA, invalid, TE, invalid, PL, invalid), Def: missing},
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}", Perm: helpdesk.PermUse, Path: tk(x.req), Want: seeReq, Def: missing},
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}", Perm: helpdesk.PermUse, Path: tk(x.nominas), Want: seeNom, Def: missing},
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}", Perm: helpdesk.PermUse, Path: tk(x.member), Want: seeMem, Def: missing},
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}", Perm: helpdesk.PermUse, Path: tk(x.pl), Want: seePl, Def: missing},
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}", Perm: helpdesk.PermUse, Path: tk("INC-1999-000001"), Want: w(A, see), Def: missing},
			act(x.req, "responder", "texto", "", anySide),
			act(x.member, "responder", "texto", "", operator),
			act(x.req, "nota", "nota", "", supportOnly),
			act(x.member, "nota", "nota", "", operator),
			act(x.req, "estado", "estado", "", anySide),
			act(x.req, "asignar", "tecnico", "nadie", supportOnly),
			act(x.member, "asignar", "tecnico", "nadie", operator),
			act(x.req, "escalar", "motivo", "", supportOnly),
			act(x.req, "clasificar", "categoria", "", supportOnly),
			act(x.req, "valorar", "valoracion", "", w(A, unauth, DA, forbid, TE, forbid, CC, forbid, RQ, clash)),
			act(x.abadia, "valorar", "valoracion", "", w(A, unauth, DA, forbid, TE, forbid, AB, invalid)),
			{Method: "GET", Pattern: "/soporte/incidencias/{numero}/adjuntos/{adjunto}", Perm: helpdesk.PermUse, Path: tk(x.req) + "/adjuntos/NADA",
				Want: w(A, see), Def: missing},
			{Method: "GET", Pattern: "/soporte/llamadas", Perm: helpdesk.PermSupport, Path: "/soporte/llamadas",
				Want: w(A, see, DA, ok, TE, ok, OP, ok, OO, ok), Def: forbid},
			{Method: "POST", Pattern: "/soporte/llamadas", Perm: helpdesk.PermSupport, Path: "/soporte/llamadas", Form: form(),
				Want: w(A, unauth, DA, invalid, TE, invalid, OP, invalid, OO, invalid), Def: forbid},
			{Method: "POST", Pattern: "/soporte/llamadas", Perm: helpdesk.PermSupport, Path: "/soporte/llamadas", Form: form("entidad", caceres),
				Want: w(A, unauth, DA, invalid, TE, invalid, OP, missing, OO, missing), Def: forbid},
			{Method: "GET", Pattern: "/soporte/soluciones", Perm: helpdesk.PermUse, Path: "/soporte/soluciones?q=correo", Want: w(A, see), Def: ok},
			{Method: "GET", Pattern: "/soporte/soluciones/nueva", Perm: helpdesk.PermSecondLevel, Path: "/soporte/soluciones/nueva", Want: w(A, see, DA, ok, TE, ok), Def: forbid},
			{Method: "POST", Pattern: "/soporte/soluciones/nueva", Perm: helpdesk.PermSecondLevel, Path: "/soporte/soluciones/nueva", Form: form(),
				Want: w(A, unauth, DA, invalid, TE, invalid), Def: forbid},
			{Method: "GET", Pattern: "/soporte/soluciones/{id}", Perm: helpdesk.PermUse, Path: "/soporte/soluciones/" + sol, Want: w(A, see), Def: ok},
			{Method: "GET", Pattern: "/soporte/soluciones/{id}", Perm: helpdesk.PermUse, Path: "/soporte/soluciones/NOEXISTE", Want: w(A, see), Def: missing},
			{Method: "GET", Pattern: "/soporte/soluciones/{id}/editar", Perm: helpdesk.PermSecondLevel, Path: "/soporte/soluciones/" + sol + "/editar",
				Want: w(A, see, DA, ok, TE, ok), Def: forbid},
			{Method: "POST", Pattern: "/soporte/soluciones/{id}/editar", Perm: helpdesk.PermSecondLevel, Path: "/soporte/soluciones/" + sol + "/editar", Form: form(),
				Want: w(A, unauth, DA, invalid, TE, invalid), Def: forbid},
			{Method: "GET", Pattern: "/soporte/estadisticas", Perm: helpdesk.PermUse, Path: "/soporte/estadisticas",
				Want: w(A, see, RQ, forbid, EU, forbid), Def: ok},
			{Method: "GET", Pattern: "/soporte/estadisticas/exportar", Perm: helpdesk.PermUse, Path: "/soporte/estadisticas/exportar?tabla=anios&formato=csv",
				Want: w(A, see, RQ, forbid, EU, forbid), Def: ok},
			{Method: "GET", Pattern: "/soporte/acuerdos", Perm: helpdesk.PermUse, Path: "/soporte/acuerdos", Want: w(A, see), Def: ok},
			{Method: "POST", Pattern: "/soporte/acuerdos", Perm: helpdesk.PermConfigure, Path: "/soporte/acuerdos", Form: form(), Want: w(A, unauth, DA, invalid), Def: forbid},
			{Method: "GET", Pattern: "/soporte/equipos", Perm: helpdesk.PermSecondLevel, Path: "/soporte/equipos", Want: w(A, see, DA, ok, TE, ok), Def: forbid},
			{Method: "POST", Pattern: "/soporte/equipos", Perm: helpdesk.PermConfigure, Path: "/soporte/equipos", Form: form(), Want: w(A, unauth, DA, invalid), Def: forbid},
			{Method: "GET", Pattern: "/soporte/gestores", Perm: helpdesk.PermUse, Path: "/soporte/gestores",
				Want: w(A, see, DA, ok, CC, ok, PL, ok, AB, ok), Def: forbid},
			{Method: "GET", Pattern: "/soporte/gestores", Perm: helpdesk.PermUse, Path: "/soporte/gestores?entidad=" + plasencia,
				Want: w(A, see, DA, ok, PL, ok, CC, missing, AB, missing, RQ, missing, EU, missing), Def: apptest.Skip},
			{Method: "POST", Pattern: "/soporte/gestores", Perm: helpdesk.PermUse, Path: "/soporte/gestores", Form: form(),
				Want: w(A, unauth, DA, invalid, CC, invalid, PL, invalid, AB, invalid), Def: forbid},
			{Method: "POST", Pattern: "/soporte/gestores", Perm: helpdesk.PermUse, Path: "/soporte/gestores", Form: form("entidad", plasencia, "usuario", x.emails[EU], "accion", "dar"),
				Want: w(A, unauth, CC, missing, AB, missing, RQ, missing, EU, missing), Def: apptest.Skip},
			{Method: "GET", Pattern: "/soporte/calendario", Perm: helpdesk.PermUse, Path: "/soporte/calendario?anio=2026", Want: w(A, see), Def: ok},
		}
		x.check(t, cases)
		var ac []apptest.AuthzCase
		for _, c := range cases {
			ac = append(ac, apptest.AuthzCase{Method: c.Method, Pattern: c.Pattern, Perm: c.Perm})
		}
		env.CheckRoutes(t, ac, func(p string) bool { return strings.HasPrefix(p, "/soporte") })
	})
}
