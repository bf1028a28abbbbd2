package decrees_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable makes every route of the libro de resoluciones
// as every demo login: Cáceres's administrator (gestor of expedientes)
// reaches his book; Plasencia's (also adhered) and the Sierra de Gata
// operator (gestor of his mancomunidad's expedientes) reach theirs and get
// 404 for Cáceres's resolutions; Abadía (not adhered) and the Diputación's
// staff get 403; a visitor is sent to sign in (401 on posts).
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		draft := newDraft(t, cc, "Concesión de licencia de obra menor")
		signed := newDraft(t, cc, "Aprobación de la relación de facturas")
		if res := cc.Post("/resoluciones/"+signed+"/firmar", signForm(today())); res.Status != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", res.Status, apptest.Text(res.Body))
		}
		ok, seeOther, forbidden, notFound, unauth, invalid, conflict := http.StatusOK, http.StatusSeeOther,
			http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusConflict
		// get and post: one's own book (Cáceres and Plasencia are adhered).
		get := func(pattern, path string, perm access.Permission) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: ok, apptest.Plasencia: ok, apptest.Operador: ok}}
		}
		post := func(pattern, path string, perm access.Permission, form url.Values, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: mine, apptest.Operador: mine}}
		}
		// Cáceres's resolutions: 404 for Plasencia.
		getCC := func(pattern, path string, perm access.Permission, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: perm, Def: forbidden,
				Want: map[string]int{apptest.Anon: seeOther, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		postCC := func(pattern, path string, perm access.Permission, form url.Values, mine int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "POST", Pattern: pattern, Path: path, Perm: perm, Form: form, Def: forbidden,
				Want: map[string]int{apptest.Anon: unauth, apptest.Caceres: mine, apptest.Plasencia: notFound, apptest.Operador: notFound}}
		}
		D, S := "/resoluciones/"+draft, "/resoluciones/"+signed
		cases := []apptest.AuthzCase{
			get("/resoluciones", "/resoluciones", decrees.PermRead),
			get("/resoluciones/indice", "/resoluciones/indice?formato=csv", decrees.PermRead),
			get("/resoluciones/libro.pdf", "/resoluciones/libro.pdf", decrees.PermRead),
			get("/resoluciones/nueva", "/resoluciones/nueva", decrees.PermDraft),
			post("/resoluciones", "/resoluciones", decrees.PermDraft, url.Values{"extracto": {""}}, invalid),
			getCC("/resoluciones/{id}", D, decrees.PermRead, ok),
			getCC("/resoluciones/{id}", S, decrees.PermRead, ok),
			getCC("/resoluciones/{id}", "/resoluciones/NOEXISTE", decrees.PermRead, notFound),
			getCC("/resoluciones/{id}/documento.pdf", S+"/documento.pdf", decrees.PermRead, ok),
			getCC("/resoluciones/{id}/documento.pdf", D+"/documento.pdf", decrees.PermRead, conflict),
			getCC("/resoluciones/{id}/editar", D+"/editar", decrees.PermDraft, ok),
			getCC("/resoluciones/{id}/editar", S+"/editar", decrees.PermDraft, conflict),
			postCC("/resoluciones/{id}/editar", D+"/editar", decrees.PermDraft, url.Values{"extracto": {""}}, invalid),
			postCC("/resoluciones/{id}/editar", S+"/editar", decrees.PermDraft, draftForm("Otro extracto"), conflict),
			postCC("/resoluciones/{id}/borrar", S+"/borrar", decrees.PermDraft, url.Values{}, conflict),
			postCC("/resoluciones/{id}/firmar", D+"/firmar", decrees.PermSign, signForm("2000-01-01"), invalid),
			postCC("/resoluciones/{id}/firmar", S+"/firmar", decrees.PermSign, signForm(today()), conflict),
		}
		apptest.CheckAuthz(t, clients, cases)
		// Nothing refused changed the draft; Cáceres may then delete it.
		if s := env.String(t, `SELECT summary FROM decrees_resolutions WHERE id = $1`, draft); s != "Concesión de licencia de obra menor" {
			t.Fatalf("a refused request changed the draft: %q", s)
		}
		if res := clients[apptest.Plasencia].Post(D+"/borrar", url.Values{}); res.Status != notFound {
			t.Fatalf("Plasencia deletes Cáceres's draft: %d", res.Status)
		}
		del := apptest.AuthzCase{Method: "POST", Pattern: "/resoluciones/{id}/borrar", Path: D + "/borrar", Perm: decrees.PermDraft,
			Def: apptest.Skip, Want: map[string]int{apptest.Caceres: seeOther}}
		cases = append(cases, del)
		apptest.CheckAuthz(t, clients, []apptest.AuthzCase{del})
		if n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE id = $1`, draft); n != 0 {
			t.Fatalf("the draft was not deleted")
		}
		for _, r := range env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/resoluciones") }) {
			if r.Perm == access.Public {
				t.Errorf("route %s %s is public", r.Method, r.Pattern)
			}
		}
	})
}

// TestRoles checks each role of the expedientes application in Cáceres: a
// consulta reads but does not draft; a usuario drafts but does not record
// signatures; a gestor (the demo's administrator) does both.
func TestRoles(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		entity := env.EntityID(t, apptest.Dir3Caceres)
		reader := env.Login(t, env.NewStaff(t, entity, decrees.Service, decrees.RoleReader, "00000001R"))
		user := env.Login(t, env.NewStaff(t, entity, decrees.Service, decrees.RoleUser, "00000003A"))
		draft := newDraft(t, user, "Concesión de ayuda de emergencia social")
		apptest.Expect(t, reader.Get("/resoluciones"), http.StatusOK, "Concesión de ayuda de emergencia social")
		apptest.Expect(t, reader.Get("/resoluciones/"+draft), http.StatusOK, "Concesión de ayuda de emergencia social")
		apptest.Expect(t, reader.Post("/resoluciones", draftForm("x")), http.StatusForbidden, "perfil de usuario, gestor o administrador")
		apptest.Expect(t, reader.Post("/resoluciones/"+draft+"/borrar", url.Values{}), http.StatusForbidden)
		apptest.Expect(t, user.Post("/resoluciones/"+draft+"/firmar", signForm(today())), http.StatusForbidden,
			"perfil de gestor o administrador")
		if strings.Contains(user.Get("/resoluciones/"+draft).Body, "Registrar la firma en papel") {
			t.Error("the signing form is offered to who may not sign")
		}
		apptest.Expect(t, env.Login(t, apptest.Caceres).Post("/resoluciones/"+draft+"/firmar", signForm(today())), http.StatusSeeOther)
	})
}
