package eoffice_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/eoffice"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable: every route of the module × every demo login.
// Staff routes work on the actor's current entity only, so a foreign
// entity's procedure is a 404; public routes are the same for everybody,
// and a staff session never counts as an identified citizen.
func TestAuthorizationTable(t *testing.T) {
	idp := newTestIdP(t)
	t.Setenv("CONCEJO_CLAVE_METADATA", idp.metadataFile(t))
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		idp.env = env
		clients := env.Clients(t)
		cc := env.EntityID(t, apptest.Dir3Caceres)
		proc := env.String(t, `SELECT id FROM eoffice_procedures WHERE entity_id = $1 ORDER BY code LIMIT 1`, cc)
		a := signInClave(t, env, idp, "10037", ana)
		res := present(t, a, "10037", map[string]string{"asunto": "A", "expone": "x", "solicita": "y"})
		sub := strings.TrimPrefix(res.Location, "/e/10037/sede/mis-registros?nuevo=")
		if sub == "" || sub == res.Location {
			t.Fatalf("submission: %d %q", res.Status, res.Location)
		}

		res = submitForm(t, a, "10037", map[string]string{"asunto": "B", "expone": "x", "solicita": "y"})
		draft := strings.TrimPrefix(res.Location, "/e/10037/sede/solicitud/")

		ok, see, unauth, forbidden, notFound, invalid := http.StatusOK, http.StatusSeeOther, http.StatusUnauthorized,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity
		empty := url.Values{"x": {""}}
		// Who may edit the current entity's sede: its admin and the Diputación admin.
		edit := func(def int) map[string]int {
			return map[string]int{apptest.Anon: see, apptest.Tecnico: forbidden, apptest.Operador: forbidden, apptest.DipAdmin: def,
				apptest.Caceres: def, apptest.Plasencia: def, apptest.Abadia: def}
		}
		post := func(def int) map[string]int {
			w := edit(def)
			w[apptest.Anon] = unauth
			return w
		}
		public := func(method, pattern, path string, status int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: method, Pattern: pattern, Path: path, Perm: access.Public, Form: empty, Def: status}
		}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/sede-electronica", Path: "/sede-electronica", Perm: eoffice.PermRead, Want: map[string]int{apptest.Anon: see}, Def: ok},
			{Method: "GET", Pattern: "/sede-electronica/datos", Path: "/sede-electronica/datos", Perm: eoffice.PermChange, Want: edit(ok)},
			{Method: "POST", Pattern: "/sede-electronica/datos", Path: "/sede-electronica/datos", Perm: eoffice.PermChange, Form: empty, Want: post(invalid)},
			{Method: "GET", Pattern: "/sede-electronica/procedimientos/nuevo", Path: "/sede-electronica/procedimientos/nuevo", Perm: eoffice.PermChange, Want: edit(ok)},
			{Method: "POST", Pattern: "/sede-electronica/procedimientos", Path: "/sede-electronica/procedimientos", Perm: eoffice.PermChange, Form: empty, Want: post(invalid)},
			{Method: "GET", Pattern: "/sede-electronica/procedimientos/{id}", Path: "/sede-electronica/procedimientos/" + proc, Perm: eoffice.PermRead,
				Want: map[string]int{apptest.Anon: see, apptest.Caceres: ok}, Def: notFound},
			{Method: "POST", Pattern: "/sede-electronica/procedimientos/{id}", Path: "/sede-electronica/procedimientos/" + proc, Perm: eoffice.PermRead, Form: empty,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: invalid}, Def: notFound},
			{Method: "GET", Pattern: "/sede-electronica/procedimientos/{id}", Path: "/sede-electronica/procedimientos/nada", Perm: eoffice.PermRead,
				Want: map[string]int{apptest.Anon: see}, Def: notFound},

			public("GET", "/e/{sede}/sede", "/e/10037/sede", ok),
			public("GET", "/e/{sede}/sede", "/e/00000/sede", notFound),
			public("GET", "/e/{sede}/sede/procedimientos", "/e/10037/sede/procedimientos", ok),
			public("GET", "/e/{sede}/sede/procedimientos/{codigo}", "/e/10037/sede/procedimientos/BONIF-IBI", ok),
			public("GET", "/e/{sede}/sede/procedimientos/{codigo}", "/e/10037/sede/procedimientos/NADA", notFound),
			public("GET", "/e/{sede}/sede/identidad.css", "/e/10037/sede/identidad.css", ok),
			public("GET", "/e/{sede}/sede/calendario", "/e/10037/sede/calendario", ok),
			public("GET", "/e/{sede}/sede/accesibilidad", "/e/10037/sede/accesibilidad", ok),
			public("GET", "/e/{sede}/sede/aviso-legal", "/e/10037/sede/aviso-legal", ok),
			public("GET", "/e/{sede}/sede/registro", "/e/10037/sede/registro", ok),
			public("GET", "/e/{sede}/sede/entrar", "/e/10037/sede/entrar", ok),
			public("GET", "/e/{sede}/sede/entrar/clave", "/e/10037/sede/entrar/clave", see),
			public("GET", "/e/{sede}/sede/entrar/certificado", "/e/10037/sede/entrar/certificado", notFound),
			public("POST", "/e/{sede}/sede/salir", "/e/10037/sede/salir", see),
			public("GET", "/e/{sede}/sede/saml/metadata", "/e/10037/sede/saml/metadata", ok),
			public("POST", "/e/{sede}/sede/saml/acs", "/e/10037/sede/saml/acs", forbidden),
			// Staff sessions are not citizens: identification is asked of everybody.
			public("GET", "/e/{sede}/sede/solicitud", "/e/10037/sede/solicitud", see),
			public("POST", "/e/{sede}/sede/solicitud", "/e/10037/sede/solicitud", unauth),
			public("GET", "/e/{sede}/sede/solicitud/{borrador}", "/e/10037/sede/solicitud/"+draft, see),
			public("POST", "/e/{sede}/sede/solicitud/{borrador}", "/e/10037/sede/solicitud/"+draft, unauth),
			public("GET", "/e/{sede}/sede/mis-registros", "/e/10037/sede/mis-registros", see),
			public("GET", "/e/{sede}/sede/mis-registros/{id}/justificante", "/e/10037/sede/mis-registros/"+sub+"/justificante", see),
			public("GET", "/e/{sede}/sede/empadronamiento", "/e/10037/sede/empadronamiento", see),
			public("POST", "/e/{sede}/sede/empadronamiento/volante", "/e/10037/sede/empadronamiento/volante", unauth),
			// The Cl@ve de pruebas is off unless configured (CONCEJO_LOCAL_CLAVE=1).
			public("GET", "/clave-pruebas/metadata", "/clave-pruebas/metadata", notFound),
			public("GET", "/clave-pruebas/sso", "/clave-pruebas/sso", notFound),
			public("POST", "/clave-pruebas/sso", "/clave-pruebas/sso", notFound),
			// The citizen's expedientes and notifications: identification first.
			public("GET", "/e/{sede}/sede/expedientes", "/e/10037/sede/expedientes", see),
			public("GET", "/e/{sede}/sede/expedientes/{id}", "/e/10037/sede/expedientes/X", see),
			public("GET", "/e/{sede}/sede/expedientes/{id}/documentos/{doc}", "/e/10037/sede/expedientes/X/documentos/Y", see),
			public("GET", "/e/{sede}/sede/notificaciones", "/e/10037/sede/notificaciones", see),
			public("GET", "/e/{sede}/sede/notificaciones/{id}", "/e/10037/sede/notificaciones/X", see),
			public("POST", "/e/{sede}/sede/notificaciones/{id}", "/e/10037/sede/notificaciones/X", unauth),
			public("GET", "/e/{sede}/sede/notificaciones/{id}/documento", "/e/10037/sede/notificaciones/X/documento", see),
			public("GET", "/e/{sede}/sede/notificaciones/{id}/acuse", "/e/10037/sede/notificaciones/X/acuse", see),
		}
		apptest.CheckAuthz(t, clients, cases)
		env.CheckRoutes(t, cases, func(p string) bool {
			return strings.HasPrefix(p, "/sede-electronica") || strings.HasPrefix(p, "/e/{sede}/sede") || strings.HasPrefix(p, "/clave-pruebas")
		})
		// The identified owner does get his justificante.
		if res := a.Get("/e/10037/sede/mis-registros/" + sub + "/justificante"); res.Status != ok {
			t.Fatalf("owner's justificante: %d", res.Status)
		}
	})
}
