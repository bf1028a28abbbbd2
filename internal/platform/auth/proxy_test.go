package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"concejo/internal/platform/auth"
)

func TestClientIPBehindTrustedProxies(t *testing.T) {
	proxies, err := auth.ParseProxies([]string{"10.0.0.0/8", " 192.0.2.7 ", "", "2001:db8::/32"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, remote string
		xff          []string
		want         string
		viaProxy     bool
	}{
		{"sin proxy", "203.0.113.5:4000", nil, "203.0.113.5", false},
		{"XFF de un origen no fiable se ignora", "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5", false},
		{"proxy de confianza", "192.0.2.7:4000", []string{"198.51.100.1"}, "198.51.100.1", true},
		{"el cliente antepone una dirección falsa", "192.0.2.7:4000", []string{"127.0.0.1, 198.51.100.1"}, "198.51.100.1", true},
		{"cadena de proxies", "10.0.0.2:4000", []string{"6.6.6.6, 198.51.100.1, 10.9.9.9"}, "198.51.100.1", true},
		{"varias cabeceras", "10.0.0.2:4000", []string{"6.6.6.6", "198.51.100.1", "10.9.9.9"}, "198.51.100.1", true},
		{"con puerto", "10.0.0.2:4000", []string{"198.51.100.1:5555"}, "198.51.100.1", true},
		{"IPv6 con puerto", "10.0.0.2:4000", []string{"[2001:db9::1]:5555"}, "2001:db9::1", true},
		{"IPv6 de confianza", "[2001:db8::5]:4000", []string{"198.51.100.1"}, "198.51.100.1", true},
		{"entrada mal formada: se queda en el último salto leído", "10.0.0.2:4000", []string{"198.51.100.1, basura, 10.9.9.9"}, "10.9.9.9", true},
		{"entrada vacía tras el proxy", "10.0.0.2:4000", []string{""}, "10.0.0.2", true},
		{"todos de confianza: el de más a la izquierda", "10.0.0.2:4000", []string{"10.1.1.1, 10.2.2.2"}, "10.1.1.1", true},
		{"sin XFF", "10.0.0.2:4000", nil, "10.0.0.2", true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		var got string
		var via bool
		proxies.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, via = auth.ClientIP(r), auth.FromTrustedProxy(r)
		})).ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want || via != c.viaProxy {
			t.Errorf("%s: ClientIP %q, from proxy %v; want %q, %v", c.name, got, via, c.want, c.viaProxy)
		}
	}
	// Outside the middleware ClientIP is the peer, whatever the headers say.
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.7:4000"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	if got := auth.ClientIP(r); got != "192.0.2.7" || auth.FromTrustedProxy(r) {
		t.Errorf("without middleware: %q", got)
	}
	for _, bad := range []string{"no-es-ip", "10.0.0.0/33", "1.2.3"} {
		if _, err := auth.ParseProxies([]string{bad}); err == nil {
			t.Errorf("bad proxy %q accepted", bad)
		}
	}
}
