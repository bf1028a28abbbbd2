package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/web"
)

func TestRequestIDOnlyWellFormedFromTrustedProxy(t *testing.T) {
	proxies, err := auth.ParseProxies([]string{"192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, remote, id string
		kept             bool
	}{
		{"del proxy, bien formado", "192.0.2.7:4000", "9f86d081884c7d659a2feaa0c55ad015", true},
		{"del proxy, con punto y guiones", "192.0.2.7:4000", "abc.DEF_1-2", true},
		{"del cliente", "203.0.113.5:4000", "9f86d081884c7d659a2feaa0c55ad015", false},
		{"nueva línea", "192.0.2.7:4000", "abc\nlevel=ERROR msg=falso", false},
		{"comillas", "192.0.2.7:4000", `abc" user="admin`, false},
		{"espacio", "192.0.2.7:4000", "abc def", false},
		{"demasiado largo", "192.0.2.7:4000", strings.Repeat("a", 65), false},
	} {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		var seen string
		h := proxies.Middleware(web.Observe(log, nil, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = web.RequestID(r.Context())
		})))
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		r.Header["X-Request-Id"] = []string{c.id} // set raw: Header.Set would keep the new line too
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		got := w.Header().Get("X-Request-Id")
		if got != seen || got == "" {
			t.Fatalf("%s: header %q, context %q", c.name, got, seen)
		}
		if kept := got == c.id; kept != c.kept {
			t.Errorf("%s: id %q answered as %q (kept %v, want %v)", c.name, c.id, got, kept, c.kept)
		}
		if !c.kept && strings.Contains(logs.String(), c.id) {
			t.Errorf("%s: the client's id reached the log:\n%s", c.name, logs.String())
		}
		if strings.Count(logs.String(), "\n") != 1 {
			t.Errorf("%s: one request, one log line:\n%s", c.name, logs.String())
		}
	}
}

func TestPrivateCachingForSessions(t *testing.T) {
	handler := func(set string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if set != "" {
				w.Header().Set("Cache-Control", set)
			}
			w.Write([]byte("datos"))
		})
	}
	for _, c := range []struct {
		name, own, cookie string
		actor             bool
		want              string
	}{
		{"usuario identificado", "", "", true, "private, no-store"},
		{"sesión de ciudadano", "", "concejo_ciudadano", false, "private, no-store"},
		{"anónimo", "", "", false, ""},
		{"otra cookie", "", "preferencias", false, ""},
		{"el manejador elige su caché", "public, max-age=300", "", true, "public, max-age=300"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if c.cookie != "" {
			r.AddCookie(&http.Cookie{Name: c.cookie, Value: "x"})
		}
		if c.actor {
			r = r.WithContext(auth.WithActor(r.Context(), &auth.Actor{UserID: "u1"}))
		}
		w := httptest.NewRecorder()
		web.PrivateCaching(handler(c.own), "concejo_ciudadano").ServeHTTP(w, r)
		if got := w.Header().Get("Cache-Control"); got != c.want || w.Body.String() != "datos" {
			t.Errorf("%s: Cache-Control %q, want %q (body %q)", c.name, got, c.want, w.Body.String())
		}
	}
}

func TestLocalPath(t *testing.T) {
	for _, ok := range []string{"/", "/a/b?c=d#e", "/%2F%2Fx", "/ñandú"} {
		if !web.LocalPath(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "a", "//x", "/\\x", "/\tx", "/\t/x", "/x\n", "https://x", "https:x", "javascript:x",
		"/%zz", "/\u0085x", "/\xff", " /x"} {
		if web.LocalPath(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
