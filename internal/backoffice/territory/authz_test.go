package territory_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/territory"
)

// padronUser adds to entityID a staff member with the padrón role, who
// signs in with the demo password, and returns his e-mail.
func padronUser(t *testing.T, env *apptest.Env, entityID, role string) string {
	nif := map[string]string{"consulta": "00000001R", "gestor": "00000002W", "usuario": "00000003A"}[role]
	return env.NewStaff(t, entityID, "padron", role, nif)
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		member := env.String(t, `SELECT mm.member_id FROM mancomunidad_members mm JOIN memberships m ON m.entity_id = mm.mancomunidad_id
			JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY mm.member_id LIMIT 1`, apptest.Operador)
		street := env.String(t, `SELECT id FROM streets WHERE entity_id = $1 ORDER BY ine_code LIMIT 1`, cc)
		portal := env.String(t, `SELECT id FROM addresses WHERE entity_id = $1 AND street_id = $2 LIMIT 1`, cc, street)
		q := "?entidad=" + cc
		ok, see, forbidden, notFound, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusForbidden,
			http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity
		// reads of Cáceres: Diputación staff and its administrator; nobody else.
		reads := map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Caceres: ok}
		// writes (invalid forms, so nothing changes): only Cáceres' administrator gets as far as validation.
		writes := map[string]int{apptest.Anon: unauth, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Caceres: invalid}
		bad := url.Values{"x": {"1"}}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/callejero", Perm: territory.PermOpen, Path: "/callejero", Def: ok, Want: map[string]int{apptest.Anon: see, apptest.Operador: forbidden}},
			{Method: "GET", Pattern: "/callejero", Perm: territory.PermOpen, Path: "/callejero" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/callejero", Perm: territory.PermOpen, Path: "/callejero?entidad=" + member, Def: notFound,
				Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: ok, apptest.Tecnico: ok, apptest.Operador: forbidden}},
			{Method: "POST", Pattern: "/callejero/nucleos", Perm: territory.PermOpen, Path: "/callejero/nucleos" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "POST", Pattern: "/callejero/secciones", Perm: territory.PermOpen, Path: "/callejero/secciones" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/callejero/vias", Perm: territory.PermOpen, Path: "/callejero/vias" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/callejero/vias.csv", Perm: territory.PermOpen, Path: "/callejero/vias.csv" + q, Def: notFound, Want: reads},
			{Method: "GET", Pattern: "/callejero/vias/nueva", Perm: territory.PermOpen, Path: "/callejero/vias/nueva" + q, Def: notFound,
				Want: map[string]int{apptest.Anon: see, apptest.DipAdmin: forbidden, apptest.Tecnico: forbidden, apptest.Caceres: ok}},
			{Method: "POST", Pattern: "/callejero/vias", Perm: territory.PermOpen, Path: "/callejero/vias" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/callejero/vias/{id}", Perm: territory.PermOpen, Path: "/callejero/vias/" + street + q, Def: notFound, Want: reads},
			// Without ?entidad= the street is looked up in one's own entity: elsewhere it does not exist.
			{Method: "GET", Pattern: "/callejero/vias/{id}", Perm: territory.PermOpen, Path: "/callejero/vias/" + street, Def: notFound,
				Want: map[string]int{apptest.Anon: see, apptest.Caceres: ok, apptest.Operador: forbidden}},
			{Method: "POST", Pattern: "/callejero/vias/{id}/renombrar", Perm: territory.PermOpen, Path: "/callejero/vias/" + street + "/renombrar" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "POST", Pattern: "/callejero/vias/{id}/portales", Perm: territory.PermOpen, Path: "/callejero/vias/" + street + "/portales" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/callejero/portales/{id}", Perm: territory.PermOpen, Path: "/callejero/portales/" + portal + q, Def: notFound, Want: reads},
			{Method: "POST", Pattern: "/callejero/portales/{id}/viviendas", Perm: territory.PermOpen, Path: "/callejero/portales/" + portal + "/viviendas" + q, Form: bad, Def: notFound, Want: writes},
			{Method: "GET", Pattern: "/callejero/viviendas", Perm: territory.PermOpen, Path: "/callejero/viviendas" + q + "&q=plaza", Def: notFound, Want: reads},
		}
		apptest.CheckAuthz(t, clients, cases)
		apptest.Expect(t, clients[apptest.Operador].Get("/callejero"), forbidden, "No tiene permiso para consultar estos datos")
		env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/callejero") })

		// Padrón roles (Plasencia has an active padrón adhesion): consulta
		// reads only; gestor changes; neither reaches Cáceres.
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		plStreet := env.String(t, `SELECT id FROM streets WHERE entity_id = $1 ORDER BY ine_code LIMIT 1`, pl)
		consulta := env.Login(t, padronUser(t, env, pl, "consulta"))
		apptest.Expect(t, consulta.Get("/callejero"), ok, "Callejero del Ayuntamiento de Plasencia")
		apptest.Expect(t, consulta.Get("/callejero/vias/"+plStreet), ok)
		apptest.Expect(t, consulta.Post("/callejero/vias", url.Values{"tipo": {"CALLE"}, "nombre": {"Nueva"}}), forbidden, "Solo puede consultar estos datos")
		apptest.Expect(t, consulta.Get("/callejero/vias/nueva"), forbidden)
		apptest.Expect(t, consulta.Get("/callejero/vias/"+street), notFound)
		gestor := env.Login(t, padronUser(t, env, pl, "gestor"))
		apptest.Expect(t, gestor.Post("/callejero/vias", url.Values{"tipo": {"CALLE"}, "nombre": {"Nueva"}}), see)
		apptest.Expect(t, gestor.Get("/callejero"+q), notFound)
		apptest.Expect(t, gestor.Post("/callejero/vias"+q, url.Values{"tipo": {"CALLE"}, "nombre": {"Nueva"}}), notFound)
	})
}
