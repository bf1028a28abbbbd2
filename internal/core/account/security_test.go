package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
)

// passwordStep signs in as the Diputación administrator up to the second factor.
func passwordStep(t *testing.T, env *apptest.Env) *apptest.Client {
	t.Helper()
	c := env.Anonymous(t)
	res := c.Post("/entrar", url.Values{"usuario": {apptest.DipAdmin}, "contrasena": {apptest.DemoPassword(apptest.DipAdmin)}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar/segundo-factor") {
		t.Fatalf("password step: %d %s", res.Status, res.Location)
	}
	return c
}

// wrongCode is a code that is not valid now for the demo secret.
func wrongCode(t *testing.T) string {
	t.Helper()
	now := time.Now()
	for _, c := range []string{"000000", "111111", "222222"} {
		if _, ok := auth.TOTPStep(apptest.DemoTOTPSecret, c, now); !ok {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

func TestTOTPCodeAcceptedOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		code, _ := auth.TOTPCode(apptest.DemoTOTPSecret, time.Now())
		if res := passwordStep(t, env).Post("/entrar/segundo-factor", url.Values{"codigo": {code}}); res.Status != http.StatusSeeOther {
			t.Fatalf("first use: %d", res.Status)
		}
		res := passwordStep(t, env).Post("/entrar/segundo-factor", url.Values{"codigo": {code}})
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "ya se usó") {
			t.Fatalf("the same code was accepted twice: %d", res.Status)
		}

		// Two sessions send one fresh code at the same time: one passes.
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET totp_last_step = 0, failed_totp = 0
			WHERE email = $1`, apptest.DipAdmin); err != nil {
			t.Fatal(err)
		}
		clients := []*apptest.Client{passwordStep(t, env), passwordStep(t, env), passwordStep(t, env)}
		statuses := make([]int, len(clients))
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.Post("/entrar/segundo-factor", url.Values{"codigo": {code}}).Status
			}()
		}
		wg.Wait()
		passed := 0
		for _, s := range statuses {
			if s == http.StatusSeeOther {
				passed++
			}
		}
		if passed != 1 {
			t.Fatalf("parallel uses of one code: %v", statuses)
		}
	})
}

func TestTOTPGuessingLocksTheAccount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := passwordStep(t, env)
		bad := wrongCode(t)
		for i := 1; i < 5; i++ {
			if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {bad}}); res.Status != http.StatusUnauthorized ||
				!strings.Contains(res.Body, "El código no es correcto") {
				t.Fatalf("wrong code %d: %d", i, res.Status)
			}
		}
		// A new password sign-in does not start the count again.
		c = passwordStep(t, env)
		res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {bad}})
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "bloqueada temporalmente") {
			t.Fatalf("fifth wrong code did not lock: %d\n%.500s", res.Status, apptest.Text(res.Body))
		}
		code, _ := auth.TOTPCode(apptest.DemoTOTPSecret, time.Now())
		if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {code}}); res.Status == http.StatusSeeOther {
			t.Fatal("the locked session passed the second factor")
		}
		res = env.Anonymous(t).Post("/entrar", url.Values{"usuario": {apptest.DipAdmin}, "contrasena": {apptest.DemoPassword(apptest.DipAdmin)}})
		if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "bloqueada temporalmente") {
			t.Fatalf("password accepted while locked: %d", res.Status)
		}

		// When the lock ends the right code works and clears the count.
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET locked_until = NULL WHERE email = $1`, apptest.DipAdmin); err != nil {
			t.Fatal(err)
		}
		c = passwordStep(t, env)
		if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {bad}}); res.Status != http.StatusUnauthorized {
			t.Fatalf("wrong code after the lock: %d", res.Status)
		}
		if res := c.Post("/entrar/segundo-factor", url.Values{"codigo": {code}}); res.Status != http.StatusSeeOther {
			t.Fatalf("right code after the lock: %d", res.Status)
		}
		var failed int
		env.DB.QueryRowContext(context.Background(), `SELECT failed_totp FROM users WHERE email = $1`, apptest.DipAdmin).Scan(&failed)
		if failed != 0 {
			t.Fatalf("success left %d failures counted", failed)
		}
	})
}

func TestPasswordResetSpendsTheOtherLinks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		var tokens []string
		for i := 0; i < 2; i++ {
			env.Anonymous(t).Post("/contrasena/olvido", url.Values{"usuario": {apptest.Plasencia}})
			msg, _ := env.Mail.Last()
			m := tokenRe.FindStringSubmatch(msg.Body)
			if m == nil {
				t.Fatalf("no link in mail %d", i)
			}
			tokens = append(tokens, m[1])
		}
		pw := "una frase larga y secreta"
		c := env.Anonymous(t)
		if res := c.Post("/contrasena/nueva", url.Values{"token": {tokens[1]}, "nueva": {pw}, "repetir": {pw}}); res.Status != http.StatusOK {
			t.Fatalf("reset: %d", res.Status)
		}
		if res := c.Get("/contrasena/nueva?token=" + tokens[0]); res.Status != http.StatusNotFound {
			t.Fatalf("older link still offered: %d", res.Status)
		}
		other := "otra frase larga y secreta"
		if res := c.Post("/contrasena/nueva", url.Values{"token": {tokens[0]}, "nueva": {other}, "repetir": {other}}); res.Status != http.StatusNotFound {
			t.Fatalf("older link changed the password again: %d", res.Status)
		}
		env.Login(t, apptest.Plasencia, pw)
	})
}
