package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/web"
)

// serve runs h on a GET of target with the given request headers.
func serve(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// handler adapts a module handler for tests.
func handler(t *testing.T, h web.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			t.Errorf("%s: %v", r.URL, err)
		}
	})
}

// TestProvinceCatalogueCached: the provincial DCAT catalogue (megabytes,
// seconds to build over every site) is built once, then served from the
// cache and revalidated by ETag, until a site changes.
func TestProvinceCatalogueCached(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		oneSite(t, d)
		if _, err := d.ExecContext(context.Background(), `INSERT INTO entities (id, kind, name, search_text, dir3, created_at, updated_at)
			VALUES ('dip', 'diputacion', 'Diputación de Prueba', 'diputacion', 'L02000010', $1, $1)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		m := testModule(d)
		ttl, jsonld := handler(t, m.provinceTurtle), handler(t, m.provinceJSONLD)
		first := serve(t, ttl, "/datos/catalogo.ttl")
		if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), "dcat:Catalog") || m.cache.builds.Load() != 1 {
			t.Fatalf("first request: %d, %d builds", first.Code, m.cache.builds.Load())
		}
		second := serve(t, ttl, "/datos/catalogo.ttl")
		if second.Body.String() != first.Body.String() || m.cache.builds.Load() != 1 || m.cache.hits.Load() != 1 {
			t.Fatalf("second request: %d builds, %d hits", m.cache.builds.Load(), m.cache.hits.Load())
		}
		etag := second.Header().Get("ETag")
		if res := serve(t, ttl, "/datos/catalogo.ttl", "If-None-Match", etag); res.Code != http.StatusNotModified || res.Body.Len() != 0 {
			t.Fatalf("If-None-Match: %d", res.Code)
		}
		if res := serve(t, jsonld, "/datos/catalogo.jsonld"); !strings.Contains(res.Header().Get("Content-Type"), "ld+json") ||
			!strings.Contains(res.Body.String(), `"dcat:Catalog"`) || m.cache.builds.Load() != 2 {
			t.Fatalf("JSON-LD: %q, %d builds", res.Header().Get("Content-Type"), m.cache.builds.Load())
		}
		// Any site's change rebuilds it.
		m.changed("e1")
		serve(t, ttl, "/datos/catalogo.ttl")
		if m.cache.builds.Load() != 3 {
			t.Fatalf("after a change: %d builds, want 3", m.cache.builds.Load())
		}
	})
}

// TestJunkQueriesShareTheCachedPage: query strings no page reads do not
// make new cache entries, so 20,000 of them neither grow the cache nor
// evict the page (they used to fill it to its limit and empty it).
func TestJunkQueriesShareTheCachedPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		oneSite(t, d)
		m := testModule(d)
		var err error
		if m.public, err = newPublicRenderer(); err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /e/{code}/noticias", handler(t, m.page("Noticias", m.itemsView("noticia"))))
		h := m.HostRouter(mux)
		const page = "/e/10999/noticias"
		if res := serve(t, h, page); res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "Ayuntamiento de Prueba") {
			t.Fatalf("page: %d", res.Code)
		}
		for i := range 20000 {
			if res := serve(t, h, fmt.Sprintf("%s?x%d=%d&gracias=%d", page, i, i, i+2)); res.Code != http.StatusOK {
				t.Fatalf("junk %d: %d", i, res.Code)
			}
		}
		if n, b, hits := m.cache.size(), m.cache.builds.Load(), m.cache.hits.Load(); n != 1 || b != 1 || hits != 20000 {
			t.Fatalf("after junk: %d entries, %d builds, %d hits; want 1, 1, 20000", n, b, hits)
		}
		// The one parameter a page reads keys its own entry.
		serve(t, h, page+"?gracias=1&utm_source=x")
		serve(t, h, page+"?utm_source=y&gracias=1")
		if n := m.cache.size(); n != 2 {
			t.Fatalf("entries with gracias=1: %d, want 2", n)
		}
		var metrics strings.Builder
		m.WriteMetrics(&metrics)
		for _, want := range []string{"concejo_portal_cache_entries 2\n", "concejo_portal_cache_builds_total 2\n", "concejo_portal_cache_hits_total 20001\n"} {
			if !strings.Contains(metrics.String(), want) {
				t.Errorf("metrics lack %q:\n%s", want, metrics.String())
			}
		}
	})
}

// TestPlatformHostNeverRouted: even if portal_sites names the platform's
// own host (as the form used to allow), that host keeps serving the
// platform.
func TestPlatformHostNeverRouted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		oneSite(t, d)
		m := testModule(d)
		m.kit.Config.BaseURL = "https://concejo.dipcaceres.es"
		if _, err := d.ExecContext(context.Background(), `INSERT INTO portal_sites (entity_id, code, host, updated_at, updated_by)
			VALUES ('e1', '10999', 'concejo.dipcaceres.es', $1, 'u1')`, m.kit.Now()); err != nil {
			t.Fatal(err)
		}
		var got string
		h := m.HostRouter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.URL.Path }))
		r := httptest.NewRequest(http.MethodGet, "https://concejo.dipcaceres.es/entrar", nil)
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != "/entrar" {
			t.Fatalf("the platform's host was routed to %q", got)
		}
	})
}

func TestHostProblem(t *testing.T) {
	m := testModule(nil)
	m.kit.Config.BaseURL = "https://concejo.dipcaceres.es/"
	r := httptest.NewRequest(http.MethodPost, "https://admin.dipcaceres.es:8443/portal/sitios/e1/dominios", nil)
	for h, want := range map[string]string{
		"":                           "",
		"www.aldeanuevadelcamino.es": "",
		"concejo.dipcaceres.es":      "dominio de la propia plataforma",
		"admin.dipcaceres.es":        "dominio de la propia plataforma",
		"localhost":                  "no una dirección IP ni «localhost»",
		"portal.localhost":           "no una dirección IP ni «localhost»",
		"127.0.0.1":                  "no una dirección IP ni «localhost»",
		"127.0.0.2":                  "no una dirección IP ni «localhost»",
		"10.1.2.3":                   "no una dirección IP ni «localhost»",
		"::1":                        "no una dirección IP ni «localhost»",
		"[::1]":                      "no una dirección IP ni «localhost»",
		"fe80::1":                    "no una dirección IP ni «localhost»",
		"127.1":                      "nombre de dominio válido",
		"0x7f.1":                     "nombre de dominio válido",
		"intranet":                   "nombre de dominio válido",
		"-mal.es":                    "nombre de dominio válido",
		"mal_dominio.es":             "nombre de dominio válido",
		"a..es":                      "nombre de dominio válido",
	} {
		got := m.hostProblem(r, normalizeHost(h), "www.aldeanuevadelcamino.es")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("hostProblem(%q) = %q, want %q", h, got, want)
		}
	}
}
