package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"concejo/internal/platform/access"
)

// newTestRouter is a router with the real layout and error page and one
// route, GET /hola.
func newTestRouter(t *testing.T) *Router {
	t.Helper()
	rd := NewRenderer()
	if err := rd.AddPages("web", PagesFS, "pages"); err != nil {
		t.Fatal(err)
	}
	rt := NewRouter(rd, slog.New(slog.NewTextHandler(io.Discard, nil)))
	rt.Mux.HandleFunc("GET /hola", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hola") })
	rt.Mux.Handle("GET /static/", Static(rt.NotFound))
	return rt
}

// TestUnmatchedRequestsGetTheSpanishErrorPage: an unknown address, a missing
// static file, the static folder itself and a known address with another
// method answer with the styled Spanish page, never the mux's English text.
func TestUnmatchedRequestsGetTheSpanishErrorPage(t *testing.T) {
	rt := newTestRouter(t)
	for _, c := range []struct {
		method, path string
		status       int
		title        string
	}{
		{"GET", "/no-existe", http.StatusNotFound, "No se encuentra la página"},
		{"GET", "/static/no-existe.css", http.StatusNotFound, "No se encuentra la página"},
		{"GET", "/static/", http.StatusNotFound, "No se encuentra la página"},
		{"HEAD", "/no-existe", http.StatusNotFound, ""},
		{"DELETE", "/hola", http.StatusMethodNotAllowed, "Esta dirección no admite esa operación"},
	} {
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, httptest.NewRequest(c.method, c.path, nil))
		body := w.Body.String()
		if w.Code != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, w.Code, c.status)
		}
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s %s: Content-Type %q", c.method, c.path, w.Header().Get("Content-Type"))
		}
		if c.title != "" && (!strings.Contains(body, `<html lang="es">`) || !strings.Contains(body, "<h1>"+c.title+"</h1>") ||
			!strings.Contains(body, "/static/concejo.css")) {
			t.Errorf("%s %s: not the styled Spanish page:\n%s", c.method, c.path, body)
		}
		if strings.Contains(strings.ToLower(body), "not found") || strings.Contains(strings.ToLower(body), "not allowed") {
			t.Errorf("%s %s: English text: %s", c.method, c.path, body)
		}
	}
	w := httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("DELETE", "/hola", nil))
	if got := w.Header().Get("Allow"); !strings.Contains(got, "GET") {
		t.Errorf("405 without its Allow header: %q", got)
	}
}

// TestMatchedRequestsReachTheirRoute: the router still serves its routes,
// with their path values, and the static files with their caching.
func TestMatchedRequestsReachTheirRoute(t *testing.T) {
	rt := newTestRouter(t)
	rt.Mux.HandleFunc("GET /eco/{palabra}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.PathValue("palabra")) })
	for path, want := range map[string]string{"/hola": "hola", "/eco/concejo": "concejo"} {
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK || w.Body.String() != want {
			t.Errorf("GET %s: %d %q, want 200 %q", path, w.Code, w.Body.String(), want)
		}
	}
	w := httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("GET", "/static/concejo.js", nil))
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "public, max-age=86400" || !strings.Contains(w.Body.String(), "apilable") {
		t.Errorf("GET /static/concejo.js: %d %q", w.Code, w.Header().Get("Cache-Control"))
	}
}

// TestInternalErrorPage: a failing handler's 500 reads in Spanish, with the
// request's id to quote to support and without the error's detail.
func TestInternalErrorPage(t *testing.T) {
	rt := newTestRouter(t)
	rt.Handle("GET", "/falla", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		return io.ErrUnexpectedEOF
	})
	h := Observe(rt.Log, nil, rt.Fail, rt)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/falla", nil))
	body := w.Body.String()
	if w.Code != http.StatusInternalServerError || !strings.Contains(body, "<h1>Se ha producido un error</h1>") ||
		!strings.Contains(body, w.Header().Get("X-Request-Id")) || strings.Contains(body, "unexpected EOF") {
		t.Errorf("500 page: %d\n%s", w.Code, body)
	}
}

// TestFilesUnderAPrefix: another module's files served with Files under a
// prefix answer a missing file or the folder with the styled 404, not a
// listing.
func TestFilesUnderAPrefix(t *testing.T) {
	rt := newTestRouter(t)
	files := fstest.MapFS{"sitio.css": {Data: []byte("body{}")}, "img/escudo.svg": {Data: []byte("<svg/>")}}
	rt.Mux.Handle("GET /static/sitio/", http.StripPrefix("/static/sitio/", Files(files, rt.NotFound)))
	for path, status := range map[string]int{"/static/sitio/sitio.css": 200, "/static/sitio/img/escudo.svg": 200,
		"/static/sitio/": 404, "/static/sitio/img/": 404, "/static/sitio/no.css": 404} {
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != status || status == 404 && !strings.Contains(w.Body.String(), "<h1>No se encuentra la página</h1>") {
			t.Errorf("GET %s: %d, want %d\n%s", path, w.Code, status, w.Body.String())
		}
	}
}

// TestClientGoneIsNotAServerError: a handler failing because its client
// disconnected mid-request (the request's context canceled) is logged as
// «cliente desconectado» with status 499, not as an internal error; the
// same error with the client still there stays a 500.
func TestClientGoneIsNotAServerError(t *testing.T) {
	var log strings.Builder
	rt := NewRouter(NewRenderer(), slog.New(slog.NewTextHandler(&log, nil)))
	rt.Handle("GET", "/lento", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("listar: %w", context.Canceled)
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("GET", "/lento", nil).WithContext(ctx))
	if w.Code != StatusClientClosed || !strings.Contains(log.String(), "cliente desconectado") ||
		strings.Contains(log.String(), "error interno") {
		t.Errorf("disconnected client: %d, log %q", w.Code, log.String())
	}
	log.Reset()
	w = httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("GET", "/lento", nil))
	if w.Code != http.StatusInternalServerError || !strings.Contains(log.String(), "error interno") {
		t.Errorf("canceled work with the client there: %d, log %q", w.Code, log.String())
	}
}
