package account_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
)

const busyMessage = "Hay muchos inicios de sesión a la vez; vuelva a intentarlo en unos segundos."

// fillLogins occupies every turn of the sign-in queue until the returned
// function is called.
func fillLogins(t *testing.T) (release func()) {
	t.Helper()
	// A request whose browser has already gone is refused when the queue
	// is full and otherwise gives up at once: a probe of the queue.
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	stop := make(chan struct{})
	for auth.Logins.Do(cancelled, func() {}) != auth.ErrBusy {
		go auth.Logins.Do(context.Background(), func() { <-stop })
	}
	return func() {
		close(stop)
		for errors.Is(auth.Logins.Do(cancelled, func() {}), auth.ErrBusy) {
			runtime.Gosched()
		}
	}
}

// wantBusy checks a refusal of the full queue: 503 with Retry-After, the
// form again with the reason.
func wantBusy(t *testing.T, what string, res apptest.Response, form string) {
	t.Helper()
	if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "5" ||
		!strings.Contains(res.Body, busyMessage) || !strings.Contains(res.Body, form) {
		t.Fatalf("%s with the queue full: %d Retry-After %q", what, res.Status, res.Header.Get("Retry-After"))
	}
}

func TestPasswordWorkWaitsItsTurnOrIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		signedIn := env.Login(t, "admin@plasencia.es")
		env.Anonymous(t).Post("/contrasena/olvido", url.Values{"usuario": {"admin@plasencia.es"}})
		msg, _ := env.Mail.Last()
		m := tokenRe.FindStringSubmatch(msg.Body)
		if m == nil {
			t.Fatalf("no link in mail: %s", msg.Body)
		}
		pw := "una frase larga y secreta"

		release := fillLogins(t)
		login := url.Values{"usuario": {"admin@caceres.es"}, "contrasena": {"concejo-demo-2026"}}
		wantBusy(t, "login", env.Anonymous(t).Post("/entrar", login), `name="contrasena"`)
		wantBusy(t, "unknown user", env.Anonymous(t).Post("/entrar", url.Values{"usuario": {"nadie@nada.es"}, "contrasena": {"x"}}), `name="contrasena"`)
		wantBusy(t, "reset", env.Anonymous(t).Post("/contrasena/nueva", url.Values{"token": {m[1]}, "nueva": {pw}, "repetir": {pw}}), `name="nueva"`)
		wantBusy(t, "change", signedIn.Post("/cuenta/contrasena", url.Values{"actual": {"concejo-demo-2026"}, "nueva": {pw}, "repetir": {pw}}), `name="actual"`)
		release()

		if res := env.Anonymous(t).Post("/entrar", login); res.Status != http.StatusSeeOther || res.Location != "/" {
			t.Fatalf("login once the queue has room: %d %s", res.Status, res.Location)
		}
		// The refused reset did not spend the link, nor the refused change the password.
		if res := env.Anonymous(t).Post("/contrasena/nueva", url.Values{"token": {m[1]}, "nueva": {pw}, "repetir": {pw}}); res.Status != http.StatusOK {
			t.Fatalf("reset after the refusal: %d", res.Status)
		}
		env.Login(t, "admin@plasencia.es", pw)
	})
}
