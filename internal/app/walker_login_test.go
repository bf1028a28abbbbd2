package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

// TestWalkerConcurrentLoginFailures fires wrong passwords for one account
// all at once: every one must count, so the account ends locked and the
// right password is refused until the lock ends.
func TestWalkerConcurrentLoginFailures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		const attempts = 12
		var wg sync.WaitGroup
		statuses := make([]int, attempts)
		start := make(chan struct{})
		for i := range attempts {
			c := env.Anonymous(t)
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				statuses[i] = c.Post("/entrar", url.Values{"usuario": {apptest.Plasencia}, "contrasena": {"no-es-la-clave"}}).Status
			}()
		}
		close(start)
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: status %d", i, s)
			}
		}
		right := url.Values{"usuario": {apptest.Plasencia}, "contrasena": {apptest.DemoPassword(apptest.Plasencia)}}
		res := env.Anonymous(t).Post("/entrar", right)
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "bloqueada temporalmente") {
			t.Fatalf("after %d parallel wrong passwords the right one got %d: the failures were not all counted", attempts, res.Status)
		}
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET locked_until = $1 WHERE email = $2`,
			time.Now().UTC().Add(-time.Second), apptest.Plasencia); err != nil {
			t.Fatal(err)
		}
		if res := env.Anonymous(t).Post("/entrar", right); res.Status != http.StatusSeeOther {
			t.Fatalf("right password once the lock ended: %d", res.Status)
		}
	})
}

// proxied is a client that reaches the platform through a reverse proxy:
// it sends X-Forwarded-For (and any other header) with every request. It
// keeps cookies and never follows redirects; it reads Location raw, as a
// browser would get it, even when Go's URL parser would refuse it.
type proxied struct {
	t       *testing.T
	base    string
	host    string
	headers map[string]string
	jar     http.CookieJar
}

func newProxied(t *testing.T, env *apptest.Env, headers map[string]string) *proxied {
	jar, _ := cookiejar.New(nil)
	return &proxied{t: t, base: env.Server.URL, headers: headers, jar: jar}
}

// do sends a request (a form for POST) and returns status, Location and body.
func (p *proxied) do(method, path string, form url.Values) (int, string, string) {
	p.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, p.base+path, body)
	if err != nil {
		p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p.host != "" {
		req.Host = p.host
	}
	for k, v := range p.headers {
		req.Header.Set(k, v)
	}
	for _, c := range p.jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	p.jar.SetCookies(req.URL, res.Cookies())
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// TestClientAddressBehindProxy: behind a trusted proxy each client has its
// own login bucket and its own address in the session, and /metrics is not
// served to an outside client through the proxy.
func TestClientAddressBehindProxy(t *testing.T) {
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	t.Setenv("CONCEJO_LOGIN_ATTEMPTS", "3")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		bad := url.Values{"usuario": {"nadie@ninguna.es"}, "contrasena": {"x"}}
		noisy := newProxied(t, env, map[string]string{"X-Forwarded-For": "198.51.100.7"})
		for range 3 {
			noisy.do("POST", "/entrar", bad)
		}
		if st, _, _ := noisy.do("POST", "/entrar", bad); st != http.StatusTooManyRequests {
			t.Fatalf("fourth attempt from one client: %d", st)
		}
		// The client cannot escape its bucket by prepending an address.
		forged := newProxied(t, env, map[string]string{"X-Forwarded-For": "203.0.113.99, 198.51.100.7"})
		if st, _, _ := forged.do("POST", "/entrar", bad); st != http.StatusTooManyRequests {
			t.Fatalf("forged X-Forwarded-For escaped the throttle: %d", st)
		}
		other := newProxied(t, env, map[string]string{"X-Forwarded-For": "198.51.100.8"})
		st, _, _ := other.do("POST", "/entrar", url.Values{"usuario": {apptest.Caceres}, "contrasena": {apptest.DemoPassword(apptest.Caceres)}})
		if st != http.StatusSeeOther {
			t.Fatalf("another client behind the same proxy was throttled: %d", st)
		}
		var ip string
		if err := env.DB.QueryRowContext(context.Background(), `SELECT s.ip FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE u.email = $1`, apptest.Caceres).Scan(&ip); err != nil || ip != "198.51.100.8" {
			t.Fatalf("session address %q (%v), want the client's", ip, err)
		}

		for _, xff := range []string{"198.51.100.7", "127.0.0.1, 198.51.100.7", "basura"} {
			if st, _, _ := newProxied(t, env, map[string]string{"X-Forwarded-For": xff}).do("GET", "/metrics", nil); st != http.StatusForbidden {
				t.Errorf("/metrics through the proxy for %q: %d", xff, st)
			}
		}
		if st, _, _ := newProxied(t, env, nil).do("GET", "/metrics", nil); st != http.StatusOK {
			t.Fatalf("/metrics from this host: %d", st)
		}
	})
}

// TestMetricsRefusedThroughUntrustedLocalProxy: with no trusted proxy set,
// a proxy on this host relaying an outside client still gets no metrics.
func TestMetricsRefusedThroughUntrustedLocalProxy(t *testing.T) {
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		if st, _, _ := newProxied(t, env, map[string]string{"X-Forwarded-For": "198.51.100.7"}).do("GET", "/metrics", nil); st != http.StatusForbidden {
			t.Fatalf("/metrics relayed for an outside client: %d", st)
		}
	})
}
