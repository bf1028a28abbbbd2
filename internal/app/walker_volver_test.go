package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/auth/certtest"
)

// hostileReturns are "volver" values that would take the browser to another
// site if echoed: browsers drop tabs and new lines, read "\" as "/", and
// take "//host" and "scheme:" as absolute.
var hostileReturns = []string{
	"/\t/evil.example/x", "/\n/evil.example", "/\r/evil.example", "/\r\n/evil.example", "\t//evil.example",
	"//evil.example", "///evil.example", "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "\\/evil.example",
	"https://evil.example/", "https:evil.example", "http:/\\evil.example", "HTTPS://evil.example", "javascript:alert(1)",
	"JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example@concejo.example",
	"/%09/evil.example", "/%2F/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%0d%0a/evil.example",
	"/\u0000/evil.example", "/\u0085/evil.example", "\u3000//evil.example", "/\u2028/evil.example", "／／evil.example",
	"/\xff/evil.example", " //evil.example", "/.//evil.example", "/../evil.example", "/salir",
	"/e/10015/sede/\t/evil.example", "/e/10015/sede//evil.example", strings.Repeat("/", 600),
}

// sameOriginPath reports whether a browser on https://concejo.example/
// following Location: loc stays on concejo.example.
func sameOriginPath(loc string) bool {
	if !strings.HasPrefix(loc, "/") {
		return false
	}
	base, _ := url.Parse("https://concejo.example/")
	u, err := base.Parse(strings.NewReplacer("\t", "", "\r", "", "\n", "", "\\", "/").Replace(loc))
	return err == nil && u.Host == "concejo.example" && u.User == nil
}

// TestWalkerVolverFuzzing sends every hostile "volver" to every route that
// takes one (staff sign-in with password, second factor and certificate;
// citizen sign-in at the sede, by path and by its own host name) and, as a
// sweep, to every GET route as "volver" and "next"; every Location answered
// must be a path of this site.
func TestWalkerVolverFuzzing(t *testing.T) {
	if testing.Short() {
		t.Skip("volver walk is long; run without -short")
	}
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	t.Setenv("CONCEJO_LOGIN_ATTEMPTS", "100000")
	ca := certtest.NewCA(t, "AC de pruebas")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		// The sede of a town with a portal gets its own host name.
		var town string
		if err := env.DB.QueryRowContext(ctx, `SELECT MIN(code) FROM portal_sites`).Scan(&town); err != nil {
			t.Fatal(err)
		}
		if _, err := env.DB.ExecContext(ctx, `UPDATE portal_sites SET sede_host = 'sede.walker.test' WHERE code = $1`, town); err != nil {
			t.Fatal(err)
		}
		sede := "/e/" + town + "/sede"
		var staffNIF string
		if err := env.DB.QueryRowContext(ctx, `SELECT nif FROM users WHERE email = $1`, apptest.Caceres).Scan(&staffNIF); err != nil {
			t.Fatal(err)
		}
		certHeaders := func(serial string) map[string]string {
			return map[string]string{"X-SSL-Client-Cert": certtest.Escaped(ca.Client(certtest.Subject(serial, ""))),
				"X-SSL-Client-Verify": "SUCCESS"}
		}
		checked := 0
		check := func(what, v string, status int, loc string) {
			t.Helper()
			checked++
			if status >= 500 {
				t.Errorf("%s, volver %q: status %d", what, v, status)
			}
			if loc != "" && !sameOriginPath(loc) {
				t.Errorf("%s, volver %q: Location %q leaves the site", what, v, loc)
			}
		}
		q := func(v string) string { return "?volver=" + url.QueryEscape(v) }
		admin := apptest.DipAdmin
		for _, v := range hostileReturns {
			// Staff sign-in with password, and the second factor.
			c := newProxied(t, env, nil)
			st, loc, _ := c.do("POST", "/entrar", url.Values{"usuario": {apptest.Plasencia},
				"contrasena": {apptest.DemoPassword(apptest.Plasencia)}, "volver": {v}})
			check("POST /entrar", v, st, loc)
			st, loc, _ = c.do("GET", "/entrar"+q(v), nil)
			check("GET /entrar con sesión", v, st, loc)
			st, loc, _ = newProxied(t, env, nil).do("GET", "/entrar"+q(v), nil)
			check("GET /entrar", v, st, loc)

			if _, err := env.DB.ExecContext(ctx, `UPDATE users SET totp_last_step = 0 WHERE email = $1`, admin); err != nil {
				t.Fatal(err)
			}
			c = newProxied(t, env, nil)
			st, loc, _ = c.do("POST", "/entrar", url.Values{"usuario": {admin}, "contrasena": {apptest.DemoPassword(admin)}, "volver": {v}})
			check("POST /entrar con segundo factor", v, st, loc)
			st, loc, _ = c.do("GET", "/entrar/segundo-factor"+q(v), nil)
			check("GET /entrar/segundo-factor", v, st, loc)
			code, _ := auth.TOTPCode(apptest.DemoTOTPSecret, time.Now())
			st, loc, _ = c.do("POST", "/entrar/segundo-factor", url.Values{"codigo": {code}, "volver": {v}})
			if st != http.StatusSeeOther {
				t.Fatalf("second factor with volver %q: %d", v, st)
			}
			check("POST /entrar/segundo-factor", v, st, loc)

			// Certificate sign-in: staff, and citizens at the sede by path and by host.
			st, loc, _ = newProxied(t, env, certHeaders("IDCES-"+staffNIF)).do("GET", "/entrar/certificado"+q(v), nil)
			check("GET /entrar/certificado", v, st, loc)
			st, loc, _ = newProxied(t, env, certHeaders("IDCES-87654321X")).do("GET", sede+"/entrar/certificado"+q(v), nil)
			check("GET "+sede+"/entrar/certificado", v, st, loc)
			citizen := newProxied(t, env, certHeaders("IDCES-87654321X"))
			citizen.host = "sede.walker.test"
			st, loc, body := citizen.do("GET", "/entrar/certificado"+q(v), nil)
			if st != http.StatusSeeOther {
				t.Fatalf("citizen certificate sign-in by host name, volver %q: %d %s", v, st, apptest.Text(body))
			}
			check("GET sede.walker.test/entrar/certificado", v, st, loc)
			st, loc, _ = citizen.do("GET", "/entrar"+q(v), nil)
			check("GET sede.walker.test/entrar con sesión de ciudadano", v, st, loc)
			citizen.host = ""
			st, loc, _ = citizen.do("GET", sede+"/entrar"+q(v), nil)
			check("GET "+sede+"/entrar con sesión de ciudadano", v, st, loc)
		}

		// Sweep: every GET route without path parameters (and the sede's,
		// for the town above) with hostile "volver" and "next", anonymous and signed in.
		staff := newProxied(t, env, nil)
		if st, _, _ := staff.do("POST", "/entrar", url.Values{"usuario": {apptest.Caceres},
			"contrasena": {apptest.DemoPassword(apptest.Caceres)}}); st != http.StatusSeeOther {
			t.Fatalf("sign-in for the sweep: %d", st)
		}
		routes := 0
		for _, rt := range env.App.Kit.Router.Routes() {
			path := strings.ReplaceAll(strings.TrimSuffix(rt.Pattern, "{$}"), "{sede}", town)
			if rt.Method != http.MethodGet || strings.Contains(path, "{") || path == "/entrar/certificado" ||
				strings.HasPrefix(path, sede+"/entrar/clave") { // answers with the Cl@ve IdP's address, by design
				continue
			}
			routes++
			for _, v := range hostileReturns[:12] {
				query := "?volver=" + url.QueryEscape(v) + "&next=" + url.QueryEscape(v)
				for who, c := range map[string]*proxied{"anónimo": newProxied(t, env, nil), "admin Cáceres": staff} {
					st, loc, _ := c.do("GET", path+query, nil)
					check("GET "+path+" como "+who, v, st, loc)
				}
			}
		}
		t.Logf("volver walker: %d checks, %d GET routes swept", checked, routes)
	})
}
