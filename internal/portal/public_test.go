package portal_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

func TestPublicSite(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		res := c.Get("/e/" + ineAldeanueva + "/")
		apptest.Expect(t, res, http.StatusOK, "Ayuntamiento de Aldeanueva del Camino", "Puerta del Valle del Ambroz",
			"Tablón de anuncios", "Diputación de Cáceres: Aviso", `property="og:title"`, "Compartir")
		if strings.Contains(res.Body, "<script") || strings.Contains(res.Body, "style=") {
			t.Error("public pages must have no inline script or style (CSP)")
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
		etag := res.Header.Get("ETag")
		if etag == "" || res.Header.Get("Last-Modified") == "" {
			t.Fatal("public pages carry ETag and Last-Modified")
		}
		req, _ := http.NewRequest("GET", env.Server.URL+"/e/"+ineAldeanueva+"/", nil)
		req.Header.Set("If-None-Match", etag)
		if r2, err := http.DefaultClient.Do(req); err != nil || r2.StatusCode != http.StatusNotModified {
			t.Fatalf("conditional GET: %v %v", err, r2)
		}

		apptest.Expect(t, c.Get("/e/"+inePlasencia+"/"), http.StatusOK, "Ayuntamiento de Plasencia")
		// No active portal adhesion (Abadía, Cáceres) or no such code: no site.
		for _, p := range []string{"/e/" + ineAbadia + "/", "/e/" + ineCaceres + "/", "/e/99999/", "/e/x/", "/e/" + ineAldeanueva + "/noticias/nada"} {
			if res := c.Get(p); res.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, res.Status)
			}
		}
		news := c.Get("/e/" + ineAldeanueva + "/noticias")
		apptest.Expect(t, news, http.StatusOK, "Nuevo servicio de recogida de enseres a domicilio")
		apptest.Expect(t, c.Get("/e/"+ineAldeanueva+"/noticias/nuevo-servicio-de-recogida-de-enseres-a-domicilio"),
			http.StatusOK, "último jueves de cada mes", "facebook.com/sharer")
		apptest.Expect(t, c.Get("/e/"+ineAldeanueva+"/paginas/tramites"), http.StatusOK, "Empadronamiento")
		apptest.Expect(t, c.Get("/e/"+ineAldeanueva+"/agenda"), http.StatusOK, "Pleno ordinario")

		rss := c.Get("/e/" + ineAldeanueva + "/noticias.rss")
		var feed struct {
			Items []struct{ Title, Link string } `xml:"channel>item"`
		}
		if err := xml.Unmarshal([]byte(rss.Body), &feed); err != nil || len(feed.Items) != 4 {
			t.Fatalf("rss: %v %d\n%s", err, len(feed.Items), rss.Body)
		}
		apptest.Expect(t, c.Get("/e/"+ineAldeanueva+"/noticias.atom"), http.StatusOK, "<feed", "Obras de mejora")
		sm := c.Get("/e/" + ineAldeanueva + "/sitemap.xml")
		apptest.Expect(t, sm, http.StatusOK, "/e/10015/noticias/obras-de-mejora", "<urlset")
	})
}

func TestHostRouter(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		dip := env.Login(t, apptest.DipAdmin)
		eid := env.EntityID(t, dir3Aldeanueva)
		res := dip.Post("/portal/sitios/"+eid+"/dominios", map[string][]string{"dominio": {"www.AldeanuevadelCamino.es"},
			"dominio_sede": {"sede.aldeanuevadelcamino.es"}})
		apptest.Expect(t, res, http.StatusSeeOther)
		rec := serveHost(env, "www.aldeanuevadelcamino.es:443", "/noticias")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Obras de mejora") {
			t.Fatalf("by host: %d", rec.Code)
		}
		if strings.Contains(rec.Body.String(), `href="/e/10015/`) {
			t.Error("links of a site served by its own host must not carry /e/{code}")
		}
		if rec := serveHost(env, "www.aldeanuevadelcamino.es", "/static/portal/portal.css"); rec.Code != http.StatusOK {
			t.Errorf("static by host: %d", rec.Code)
		}
		// The sede host goes to /e/{code}/sede (the eoffice module's).
		if rec := serveHost(env, "sede.aldeanuevadelcamino.es", "/"); rec.Code == http.StatusInternalServerError {
			t.Errorf("sede host: %d", rec.Code)
		}
		// Another entity cannot take the same host.
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		res = dip.Post("/portal/sitios/"+pl+"/dominios", map[string][]string{"dominio": {"www.aldeanuevadelcamino.es"}})
		apptest.Expect(t, res, http.StatusConflict)
		res = dip.Post("/portal/sitios/"+pl+"/dominios", map[string][]string{"dominio": {"no valido"}})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "nombre de dominio")
		// The platform's own host (CONCEJO_BASE_URL's), localhost and IP
		// addresses would lock everyone out: refused with a message.
		for field, host := range map[string]string{"dominio": "Concejo.test", "dominio_sede": "concejo.test:443"} {
			res = dip.Post("/portal/sitios/"+pl+"/dominios", map[string][]string{field: {host}})
			apptest.Expect(t, res, http.StatusUnprocessableEntity, "dominio de la propia plataforma")
		}
		for _, host := range []string{"localhost", "127.0.0.1", "[::1]", "192.168.1.10"} {
			res = dip.Post("/portal/sitios/"+pl+"/dominios", map[string][]string{"dominio": {host}})
			apptest.Expect(t, res, http.StatusUnprocessableEntity, "no una dirección IP ni «localhost»")
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_sites WHERE host IS NOT NULL OR sede_host IS NOT NULL`); n != 1 {
			t.Errorf("sites with host names: %d, want Aldeanueva's only", n)
		}
		// An unknown host is the platform itself.
		if rec := serveHost(env, "concejo.test", "/e/10015/"); rec.Code != http.StatusOK {
			t.Errorf("platform host: %d", rec.Code)
		}
	})
}
