package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/access"
	"concejo/internal/portal"
)

func mine(p string) bool {
	return strings.HasPrefix(p, "/portal") || strings.HasPrefix(p, "/datos/") ||
		(strings.HasPrefix(p, "/e/{code}") && !strings.Contains(p, "/sede"))
}

func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		ald := env.EntityID(t, dir3Aldeanueva)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		one := func(q string) string { return env.String(t, q, ald) }
		aItem := one(`SELECT id FROM portal_items WHERE entity_id = $1 AND kind = 'noticia' ORDER BY title LIMIT 1`)
		aEdict := one(`SELECT id FROM portal_edicts WHERE entity_id = $1 ORDER BY number LIMIT 1`)
		aTender := one(`SELECT id FROM portal_tenders WHERE entity_id = $1 ORDER BY folder_id LIMIT 1`)
		aSurvey := one(`SELECT id FROM portal_surveys WHERE entity_id = $1 LIMIT 1`)
		aPlace := one(`SELECT id FROM portal_pois WHERE entity_id = $1 ORDER BY name LIMIT 1`)
		pItem := env.String(t, `SELECT id FROM portal_items WHERE entity_id = $1 AND kind = 'noticia' ORDER BY title LIMIT 1`, pl)
		pEdict := env.String(t, `SELECT id FROM portal_edicts WHERE entity_id = $1 ORDER BY number LIMIT 1`, pl)
		pTender := env.String(t, `SELECT id FROM portal_tenders WHERE entity_id = $1 ORDER BY folder_id LIMIT 1`, pl)
		pSurvey := env.String(t, `SELECT id FROM portal_surveys WHERE entity_id = $1 LIMIT 1`, pl)
		pPlace := env.String(t, `SELECT id FROM portal_pois WHERE entity_id = $1 ORDER BY name LIMIT 1`, pl)

		ok, see, bad, forbidden, notFound, conflict, unauth, invalid := http.StatusOK, http.StatusSeeOther, http.StatusBadRequest,
			http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnauthorized, http.StatusUnprocessableEntity
		_ = bad
		empty := url.Values{"titulo": {""}}
		// Editors' pages: only Plasencia's editor (the others are not portal editors of their current entity).
		get := func(extra map[string]int) map[string]int {
			w := map[string]int{apptest.Anon: see, apptest.Plasencia: ok}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}
		post := func(extra map[string]int) map[string]int {
			w := map[string]int{apptest.Anon: unauth}
			for k, v := range extra {
				w[k] = v
			}
			return w
		}
		dip := map[string]int{apptest.DipAdmin: ok, apptest.Tecnico: ok}
		cases := []apptest.AuthzCase{
			{Method: "GET", Pattern: "/portal", Perm: portal.PermRead, Path: "/portal", Want: get(dip), Def: forbidden},
			{Method: "GET", Pattern: "/portal/sitio", Perm: portal.PermDraft, Path: "/portal/sitio", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/sitio", Perm: portal.PermEdit, Path: "/portal/sitio", Form: url.Values{"latitud": {"x"}},
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/sitio/escudo", Perm: portal.PermEdit, Path: "/portal/sitio/escudo", Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/contenidos", Perm: portal.PermDraft, Path: "/portal/contenidos", Want: get(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/contenidos/nuevo", Perm: portal.PermDraft, Path: "/portal/contenidos/nuevo", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/contenidos", Perm: portal.PermDraft, Path: "/portal/contenidos", Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/contenidos/{id}", Perm: portal.PermDraft, Path: "/portal/contenidos/" + pItem, Want: get(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/contenidos/{id}", Perm: portal.PermDraft, Path: "/portal/contenidos/" + aItem,
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/contenidos/{id}", Perm: portal.PermDraft, Path: "/portal/contenidos/" + pItem, Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/contenidos/{id}", Perm: portal.PermDraft, Path: "/portal/contenidos/" + aItem, Form: url.Values{"titulo": {"Tomado"}},
				Want: post(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/contenidos/{id}/retirar", Perm: portal.PermDraft, Path: "/portal/contenidos/" + aItem + "/retirar",
				Want: post(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/tablon", Perm: portal.PermDraft, Path: "/portal/tablon", Want: get(nil), Def: forbidden},
			// Plasencia's editor is not a publisher: no edicts.
			{Method: "POST", Pattern: "/portal/tablon", Perm: portal.PermOfficial, Path: "/portal/tablon", Form: empty, Want: post(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/tablon/{id}", Perm: portal.PermDraft, Path: "/portal/tablon/" + pEdict, Want: get(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/tablon/{id}", Perm: portal.PermDraft, Path: "/portal/tablon/" + aEdict,
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/tablon/{id}/diligencia", Perm: portal.PermDraft, Path: "/portal/tablon/" + pEdict + "/diligencia",
				Want: post(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/tablon/{id}/diligencia", Perm: portal.PermDraft, Path: "/portal/tablon/" + aEdict + "/diligencia",
				Want: post(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/tablon/{id}/diligencia.pdf", Perm: portal.PermDraft, Path: "/portal/tablon/" + pEdict + "/diligencia.pdf",
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/avisos", Perm: portal.PermOversee, Path: "/portal/avisos", Want: get(map[string]int{apptest.DipAdmin: ok,
				apptest.Tecnico: ok, apptest.Plasencia: forbidden}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/avisos", Perm: portal.PermOversee, Path: "/portal/avisos", Form: empty,
				Want: post(map[string]int{apptest.DipAdmin: invalid, apptest.Tecnico: invalid}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/sitios", Perm: portal.PermOversee, Path: "/portal/sitios", Want: get(map[string]int{apptest.DipAdmin: ok,
				apptest.Tecnico: ok, apptest.Plasencia: forbidden}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/sitios/{entity}/dominios", Perm: portal.PermOversee, Path: "/portal/sitios/" + pl + "/dominios",
				Form: url.Values{"dominio": {"-mal-"}}, Want: post(map[string]int{apptest.DipAdmin: invalid}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/sitios/{entity}/dominios", Perm: portal.PermOversee, Path: "/portal/sitios/nada/dominios",
				Want: post(map[string]int{apptest.DipAdmin: notFound, apptest.Tecnico: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/transparencia", Perm: portal.PermDraft, Path: "/portal/transparencia", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/transparencia/{item}", Perm: portal.PermDraft, Path: "/portal/transparencia/normativa",
				Form: url.Values{"url": {"https://plasencia.example/normativa"}}, Want: post(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/perfil", Perm: portal.PermDraft, Path: "/portal/perfil", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/perfil", Perm: portal.PermOfficial, Path: "/portal/perfil", Form: empty, Want: post(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/perfil/importar", Perm: portal.PermOfficial, Path: "/portal/perfil/importar", Want: post(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/perfil/{id}", Perm: portal.PermDraft, Path: "/portal/perfil/" + pTender, Want: get(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/perfil/{id}", Perm: portal.PermDraft, Path: "/portal/perfil/" + aTender,
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/perfil/{id}/estado", Perm: portal.PermDraft, Path: "/portal/perfil/" + pTender + "/estado",
				Form: url.Values{"estado": {"anulada"}}, Want: post(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/perfil/{id}/estado", Perm: portal.PermDraft, Path: "/portal/perfil/" + aTender + "/estado",
				Form: url.Values{"estado": {"anulada"}}, Want: post(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/datos", Perm: portal.PermDraft, Path: "/portal/datos", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/datos", Perm: portal.PermEdit, Path: "/portal/datos", Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/encuestas", Perm: portal.PermDraft, Path: "/portal/encuestas", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/encuestas", Perm: portal.PermEdit, Path: "/portal/encuestas", Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/encuestas/{id}", Perm: portal.PermDraft, Path: "/portal/encuestas/" + pSurvey, Want: get(nil), Def: forbidden},
			{Method: "GET", Pattern: "/portal/encuestas/{id}", Perm: portal.PermDraft, Path: "/portal/encuestas/" + aSurvey,
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/encuestas/{id}/respuestas", Perm: portal.PermDraft, Path: "/portal/encuestas/" + aSurvey + "/respuestas",
				Want: get(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "GET", Pattern: "/portal/lugares", Perm: portal.PermDraft, Path: "/portal/lugares", Want: get(nil), Def: forbidden},
			{Method: "POST", Pattern: "/portal/lugares", Perm: portal.PermEdit, Path: "/portal/lugares", Form: empty,
				Want: post(map[string]int{apptest.Plasencia: invalid}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/lugares/{id}/borrar", Perm: portal.PermDraft, Path: "/portal/lugares/" + aPlace + "/borrar",
				Want: post(map[string]int{apptest.Plasencia: notFound}), Def: forbidden},
			{Method: "POST", Pattern: "/portal/lugares/{id}/borrar", Perm: portal.PermDraft, Path: "/portal/lugares/" + pPlace + "/borrar",
				Want: post(map[string]int{apptest.Plasencia: apptest.Skip}), Def: forbidden},
		}
		// Public pages: everyone, signed in or not, the same.
		e := "/e/" + ineAldeanueva
		for _, p := range []struct{ pattern, path string }{
			{"/e/{code}/{$}", e + "/"}, {"/e/{code}/noticias", e + "/noticias"}, {"/e/{code}/agenda", e + "/agenda"},
			{"/e/{code}/paginas/{slug}", e + "/paginas/tramites"}, {"/e/{code}/noticias.rss", e + "/noticias.rss"},
			{"/e/{code}/noticias.atom", e + "/noticias.atom"}, {"/e/{code}/sitemap.xml", e + "/sitemap.xml"},
			{"/e/{code}/tablon", e + "/tablon"}, {"/e/{code}/tablon/archivo", e + "/tablon/archivo"},
			{"/e/{code}/tablon/{id}", e + "/tablon/" + aEdict}, {"/e/{code}/transparencia", e + "/transparencia"},
			{"/e/{code}/perfil", e + "/perfil"}, {"/e/{code}/perfil/{id}", e + "/perfil/" + aTender},
			{"/e/{code}/datos", e + "/datos"}, {"/e/{code}/datos/catalogo.ttl", e + "/datos/catalogo.ttl"},
			{"/e/{code}/datos/catalogo.jsonld", e + "/datos/catalogo.jsonld"}, {"/e/{code}/datos/{slug}", e + "/datos/poblacion"},
			{"/e/{code}/datos/{slug}/{format}", e + "/datos/poblacion/csv"}, {"/e/{code}/encuestas", e + "/encuestas"},
			{"/e/{code}/encuestas/{id}", e + "/encuestas/" + aSurvey}, {"/e/{code}/encuestas/{id}/resultados", e + "/encuestas/" + aSurvey + "/resultados"},
			{"/e/{code}/lugares", e + "/lugares"}, {"/e/{code}/lugares.geojson", e + "/lugares.geojson"},
			{"/e/{code}/identidad.css", e + "/identidad.css"},
			{"/datos/catalogo.ttl", "/datos/catalogo.ttl"}, {"/datos/catalogo.jsonld", "/datos/catalogo.jsonld"},
		} {
			cases = append(cases, apptest.AuthzCase{Method: "GET", Pattern: p.pattern, Perm: access.Public, Path: p.path, Def: ok})
		}
		cases = append(cases,
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}", Perm: access.Public, Path: e, Def: http.StatusMovedPermanently},
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/noticias/{slug}", Perm: access.Public, Path: e + "/noticias/no-existe", Def: notFound},
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/agenda/{slug}", Perm: access.Public, Path: e + "/agenda/no-existe", Def: notFound},
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/escudo.png", Perm: access.Public, Path: e + "/escudo.png", Def: notFound},
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/tablon/{id}/diligencia.pdf", Perm: access.Public, Path: e + "/tablon/" + aEdict + "/diligencia.pdf", Def: notFound},
			// Another town's record under this town's address does not exist.
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/tablon/{id}", Perm: access.Public, Path: e + "/tablon/" + pEdict, Def: notFound},
			// The answer page of an open survey is the survey itself; a
			// restricted one's sends to the sede's identification.
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/encuestas/{id}/responder", Perm: access.Public, Path: e + "/encuestas/" + aSurvey + "/responder",
				Def: http.StatusSeeOther},
			apptest.AuthzCase{Method: "GET", Pattern: "/e/{code}/encuestas/{id}/responder", Perm: access.Public, Path: e + "/encuestas/" + pSurvey + "/responder",
				Def: notFound},
			apptest.AuthzCase{Method: "POST", Pattern: "/e/{code}/encuestas/{id}", Perm: access.Public, Path: e + "/encuestas/" + aSurvey,
				Form: url.Values{"documento": {""}}, Def: invalid},
			apptest.AuthzCase{Method: "POST", Pattern: "/e/{code}/encuestas/{id}", Perm: access.Public, Path: e + "/encuestas/" + pSurvey,
				Form: url.Values{"documento": {""}}, Def: notFound},
		)
		_ = conflict
		apptest.CheckAuthz(t, clients, cases)
		env.CheckRoutes(t, cases, mine)
	})
}

// TestTenancy: an editor (and publisher) of one town cannot touch another
// town's site, whatever id he sends.
func TestTenancy(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RoleEditor)
		grant(t, env, apptest.Abadia, dir3Aldeanueva, portal.RolePublisher)
		ab := env.Login(t, apptest.Abadia)
		switchTo(t, env, ab, dir3Aldeanueva)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		pItem := env.String(t, `SELECT id FROM portal_items WHERE entity_id = $1 AND kind = 'noticia' ORDER BY title LIMIT 1`, pl)
		pTender := env.String(t, `SELECT id FROM portal_tenders WHERE entity_id = $1 ORDER BY folder_id LIMIT 1`, pl)
		pPlace := env.String(t, `SELECT id FROM portal_pois WHERE entity_id = $1 ORDER BY name LIMIT 1`, pl)
		pEdict := env.String(t, `SELECT id FROM portal_edicts WHERE entity_id = $1 ORDER BY number LIMIT 1`, pl)
		before := env.Count(t, `SELECT COUNT(*) FROM audit_log`)
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{"/portal/contenidos/" + pItem, url.Values{"titulo": {"Tomado"}, "publicar": {"1"}}},
			{"/portal/contenidos/" + pItem + "/retirar", nil},
			{"/portal/perfil/" + pTender + "/estado", url.Values{"estado": {"anulada"}}},
			{"/portal/lugares/" + pPlace + "/borrar", nil},
			{"/portal/tablon/" + pEdict + "/diligencia", nil},
		} {
			if res := ab.Post(c.path, c.form); res.Status != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", c.path, res.Status)
			}
		}
		for _, p := range []string{"/portal/contenidos/" + pItem, "/portal/perfil/" + pTender, "/portal/tablon/" + pEdict} {
			if res := ab.Get(p); res.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, res.Status)
			}
		}
		// A form field naming another entity is ignored: the site is the current entity's.
		res := ab.Post("/portal/sitio", url.Values{"lema": {"Lema de Aldeanueva"}, "entidad": {pl}, "entity_id": {pl}})
		apptest.Expect(t, res, http.StatusSeeOther)
		if env.String(t, `SELECT tagline FROM portal_sites WHERE entity_id = $1`, pl) == "Lema de Aldeanueva" {
			t.Fatal("the other town's site changed")
		}
		if env.Count(t, `SELECT COUNT(*) FROM audit_log`) != before+1 {
			t.Error("only the own site's change is written")
		}
		// Plasencia's editor cannot reach Aldeanueva's items either, and his own site is his.
		plc := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, plc.Get("/portal/sitio"), http.StatusOK, "Ayuntamiento de Plasencia")
	})
}
