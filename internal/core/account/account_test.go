package account_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
)

func TestLoginWithPasswordAndTOTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		if res := c.Get("/"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar") {
			t.Fatalf("anonymous home: %d %s", res.Status, res.Location)
		}
		res := c.Post("/entrar", url.Values{"usuario": {"ADMIN@dipcaceres.es"}, "contrasena": {"concejo-demo-admin"}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar/segundo-factor") {
			t.Fatalf("password step: %d %s", res.Status, res.Location)
		}
		if res := c.Get("/"); res.Status != http.StatusSeeOther || res.Location != "/entrar/segundo-factor" {
			t.Fatalf("home before TOTP must send to the second factor: %d %s", res.Status, res.Location)
		}
		if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {"000000"}}); res.Status != http.StatusUnauthorized ||
			!strings.Contains(res.Body, "El código no es correcto") {
			t.Fatalf("wrong code: %d", res.Status)
		}
		code, _ := auth.TOTPCode(apptest.DemoTOTPSecret, time.Now())
		if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {code}}); res.Status != http.StatusSeeOther {
			t.Fatalf("right code: %d %s", res.Status, res.Body)
		}
		home := c.Get("/")
		if home.Status != http.StatusOK || !strings.Contains(home.Body, "Diputación Provincial de Cáceres") {
			t.Fatalf("home: %d", home.Status)
		}
	})
}

func TestLoginByNIFAndWrongPassword(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		var nif string
		env.DB.QueryRowContext(context.Background(), `SELECT nif FROM users WHERE email = 'admin@caceres.es'`).Scan(&nif)
		c := env.Anonymous(t)
		res := c.Post("/entrar", url.Values{"usuario": {strings.ToLower(nif)}, "contrasena": {"concejo-demo-2026"}})
		if res.Status != http.StatusSeeOther || res.Location != "/" {
			t.Fatalf("login by NIF: %d %s", res.Status, res.Location)
		}
		bad := env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"admin@caceres.es"}, "contrasena": {"otra-cosa-mal"}})
		if bad.Status != http.StatusUnauthorized || !strings.Contains(bad.Body, "El usuario o la contraseña no son correctos.") {
			t.Fatalf("wrong password: %d", bad.Status)
		}
		unknown := env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"nadie@nada.es"}, "contrasena": {"x"}})
		if unknown.Status != http.StatusUnauthorized || !strings.Contains(unknown.Body, "El usuario o la contraseña no son correctos.") {
			t.Fatalf("unknown user must get the same answer: %d", unknown.Status)
		}
		empty := env.Anonymous(t).Post("/entrar", url.Values{})
		if empty.Status != http.StatusUnprocessableEntity || !strings.Contains(empty.Body, "Escriba su contraseña.") {
			t.Fatalf("empty form: %d", empty.Status)
		}
	})
}

func TestAccountLocksAfterRepeatedFailures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		for i := 0; i < 5; i++ {
			env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"admin@plasencia.es"}, "contrasena": {"mala-mala-mala"}})
		}
		res := env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"admin@plasencia.es"}, "contrasena": {"concejo-demo-2026"}})
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "bloqueada temporalmente") {
			t.Fatalf("locked account accepted the right password: %d", res.Status)
		}
	})
}

func TestSwitchEntityOnlyToOwnEntities(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, "secretaria@abadia.es")
		aldeanueva := env.EntityID(t, "L01100152")
		res := c.Post("/entidad-actual", url.Values{"entidad": {aldeanueva}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("switch to own second entity: %d", res.Status)
		}
		if home := c.Get("/"); !strings.Contains(home.Body, "Ahora trabaja para el Ayuntamiento de Aldeanueva del Camino") {
			t.Fatalf("flash after switching missing:\n%s", apptest.Text(home.Body))
		}
		caceres := env.EntityID(t, "L01100377")
		if res := c.Post("/entidad-actual", url.Values{"entidad": {caceres}}); res.Status != http.StatusNotFound {
			t.Fatalf("switch to a foreign entity: %d", res.Status)
		}
	})
}

var tokenRe = regexp.MustCompile(`token=([A-Z0-9]+)`)

func TestPasswordResetByEmailLink(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		other := env.Login(t, "admin@plasencia.es")
		c := env.Anonymous(t)
		if res := c.Post("/contrasena/olvido", url.Values{"usuario": {"admin@plasencia.es"}}); res.Status != http.StatusOK {
			t.Fatalf("forgot: %d", res.Status)
		}
		msg, ok := env.Mail.Last()
		if !ok || msg.To != "admin@plasencia.es" {
			t.Fatalf("no mail sent: %+v", msg)
		}
		m := tokenRe.FindStringSubmatch(msg.Body)
		if m == nil {
			t.Fatalf("no link in mail: %s", msg.Body)
		}
		token := m[1]
		if res := c.Post("/contrasena/nueva", url.Values{"token": {token}, "nueva": {"corta"}, "repetir": {"corta"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "al menos 12 caracteres") {
			t.Fatalf("weak password accepted: %d", res.Status)
		}
		pw := "una frase larga y secreta"
		if res := c.Post("/contrasena/nueva", url.Values{"token": {token}, "nueva": {pw}, "repetir": {pw}}); res.Status != http.StatusOK {
			t.Fatalf("reset: %d %s", res.Status, res.Body)
		}
		if res := c.Post("/contrasena/nueva", url.Values{"token": {token}, "nueva": {pw}, "repetir": {pw}}); res.Status != http.StatusNotFound {
			t.Fatalf("link reused: %d", res.Status)
		}
		if res := other.Get("/"); res.Status != http.StatusSeeOther {
			t.Fatalf("old session survived the password change: %d", res.Status)
		}
		env.Login(t, "admin@plasencia.es", pw)
		sent := len(env.Mail.Sent)
		env.Anonymous(t).Post("/contrasena/olvido", url.Values{"usuario": {"nadie@ninguna.es"}})
		if len(env.Mail.Sent) != sent {
			t.Fatal("a mail was sent for an unknown account")
		}
	})
}

func TestLogoutEndsSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, "admin@caceres.es")
		if res := c.Post("/salir", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.Status)
		}
		if res := c.Get("/cuenta"); res.Status != http.StatusSeeOther {
			t.Fatalf("account after logout: %d", res.Status)
		}
	})
}

func TestSecurityHeadersAndCrossOriginPost(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, "admin@caceres.es")
		res := c.Get("/cuenta")
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Fatalf("CSP: %q", csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatal("nosniff missing")
		}
		req, _ := http.NewRequest("POST", env.Server.URL+"/cuenta/sesiones/cerrar", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site POST: %d", r.StatusCode)
		}
	})
}

var secretRe = regexp.MustCompile(`<code class="codigo">([A-Z2-7]+)</code>`)

func TestDiputacionAdminMustEnrolTOTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		if _, err := env.DB.ExecContext(context.Background(),
			`UPDATE users SET global_role = 'dip_admin' WHERE email = 'tecnico@dipcaceres.es'`); err != nil {
			t.Fatal(err)
		}
		c := env.Login(t, "tecnico@dipcaceres.es")
		if res := c.Get("/entidades"); res.Status != http.StatusSeeOther || res.Location != "/cuenta/segundo-factor" {
			t.Fatalf("admin without TOTP reached a page: %d %s", res.Status, res.Location)
		}
		page := c.Get("/cuenta/segundo-factor")
		m := secretRe.FindStringSubmatch(page.Body)
		if page.Status != http.StatusOK || m == nil || !strings.Contains(page.Body, "data:image/png;base64,") {
			t.Fatalf("enrolment page: %d", page.Status)
		}
		if res := c.Post("/cuenta/segundo-factor", url.Values{"codigo": {"123456"}}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong enrolment code: %d", res.Status)
		}
		code, _ := auth.TOTPCode(m[1], time.Now())
		if res := c.Post("/cuenta/segundo-factor", url.Values{"codigo": {code}}); res.Status != http.StatusSeeOther {
			t.Fatalf("enrolment: %d", res.Status)
		}
		if res := c.Get("/entidades"); res.Status != http.StatusOK {
			t.Fatalf("after enrolment: %d", res.Status)
		}
		var n int
		env.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'usuario.activar_segundo_factor'`).Scan(&n)
		if n != 1 {
			t.Fatalf("enrolment not audited: %d", n)
		}
	})
}
