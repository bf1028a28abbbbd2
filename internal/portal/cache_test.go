package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestCacheInvalidatedOnPublish: cached public pages keep the security
// headers and show a publication at once.
func TestCacheInvalidatedOnPublish(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pub := env.Anonymous(t)
		list := "/e/" + inePlasencia + "/noticias"
		first := pub.Get(list)
		second := pub.Get(list) // from the cache
		if first.Body != second.Body || second.Header.Get("ETag") != first.Header.Get("ETag") {
			t.Fatal("the second request must be the cached page")
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if second.Header.Get(h) == "" {
				t.Errorf("cached page without %s", h)
			}
		}
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/portal/contenidos", url.Values{"tipo": {"noticia"}, "titulo": {"Corte de agua en el barrio de San Juan"},
			"resumen": {"Mañana de 9 a 13 h."}, "cuerpo": {"<b>Aviso</b> [mapa](javascript:x)"}, "publicar": {"1"}})
		apptest.Expect(t, res, http.StatusSeeOther)
		after := pub.Get(list)
		apptest.Expect(t, after, http.StatusOK, "Corte de agua en el barrio de San Juan")
		if after.Header.Get("ETag") == first.Header.Get("ETag") {
			t.Error("a publication changes the page's ETag")
		}
		item := pub.Get(list + "/corte-de-agua-en-el-barrio-de-san-juan")
		apptest.Expect(t, item, http.StatusOK, "&lt;b&gt;Aviso&lt;/b&gt;")
		if strings.Contains(item.Body, "javascript:") || strings.Contains(item.Body, "<b>Aviso") {
			t.Error("rich text must be sanitised")
		}
		// A draft is not public; the revision history grows with each save.
		id := strings.TrimPrefix(res.Location, "/portal/contenidos/")
		apptest.Expect(t, c.Post(res.Location, url.Values{"titulo": {"Corte de agua (borrador)"}}), http.StatusSeeOther)
		apptest.Expect(t, pub.Get(list+"/corte-de-agua-en-el-barrio-de-san-juan"), http.StatusNotFound)
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_item_revisions WHERE item_id = $1`, id); n != 2 {
			t.Errorf("revisions: %d", n)
		}
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "Historial de versiones", "Corte de agua (borrador)")
	})
}
