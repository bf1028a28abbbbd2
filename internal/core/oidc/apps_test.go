package oidc_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2/clientcredentials"

	"concejo/internal/app/apptest"
)

// TestApplicationsAuthorization: only the Diputación administrator reaches
// the applications register.
func TestApplicationsAuthorization(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		service := grantedService(t, env)
		clientID, _ := register(t, env, service, false)
		form := url.Values{"nombre": {"Intrusa"}, "servicio": {service}, "tipo": {"confidencial"}, "redirecciones": {redirectURI}}
		for _, who := range []string{"", "admin@caceres.es", "tecnico@dipcaceres.es", "operador@sierradegata.es", "admin@dipcaceres.es"} {
			c := env.Anonymous(t)
			if who != "" {
				c = env.Login(t, who)
			}
			want := http.StatusForbidden
			switch who {
			case "":
				want = http.StatusSeeOther
			case "admin@dipcaceres.es":
				want = http.StatusOK
			}
			for _, path := range []string{"/aplicaciones", "/aplicaciones/nueva", "/aplicaciones/" + clientID} {
				if res := c.Get(path); res.Status != want {
					t.Errorf("GET %s as %q: %d, want %d", path, who, res.Status, want)
				}
			}
			if who == "admin@dipcaceres.es" {
				continue
			}
			postWant := http.StatusForbidden
			if who == "" {
				postWant = http.StatusUnauthorized
			}
			for _, path := range []string{"/aplicaciones", "/aplicaciones/" + clientID + "/secreto", "/aplicaciones/" + clientID + "/estado"} {
				if res := c.Post(path, form); res.Status != postWant {
					t.Errorf("POST %s as %q: %d, want %d", path, who, res.Status, postWant)
				}
			}
		}
		var n int
		env.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM oidc_clients WHERE name = 'Intrusa'`).Scan(&n)
		if n != 0 {
			t.Error("a non-administrator registered an application")
		}
		admin := env.Login(t, "admin@dipcaceres.es")
		if res := admin.Get("/aplicaciones/no-existe"); res.Status != http.StatusNotFound {
			t.Errorf("unknown application: %d", res.Status)
		}
		if res := admin.Get("/"); !strings.Contains(res.Body, `href="/aplicaciones"`) {
			t.Error("no «Aplicaciones» menu for the Diputación administrator")
		}
		if res := env.Login(t, "admin@caceres.es").Get("/"); strings.Contains(res.Body, `href="/aplicaciones"`) {
			t.Error("«Aplicaciones» menu shown to an entity administrator")
		}
	})
}

// TestRegisterValidation: redirect URIs must be https (http only to the
// local machine); errors are Spanish 422 and nothing is stored; each change
// is audited.
func TestRegisterValidation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		admin := env.Login(t, "admin@dipcaceres.es")
		service := grantedService(t, env)
		cases := []struct{ redirect, service, name, msg string }{
			{"http://ajena.example/cb", service, "A", "solo se admite https"},
			{"ftp://x/cb", service, "A", "debe empezar por https://"},
			{"https://x.example/cb#frag", service, "A", "no es una dirección válida"},
			{"", service, "A", "al menos una dirección de retorno"},
			{"https://x.example/cb", "", "A", "Elija el servicio"},
			{"https://x.example/cb", "no-existe", "A", "Elija un servicio del catálogo"},
			{"https://x.example/cb", service, "", "Escriba el nombre"},
		}
		for _, c := range cases {
			res := admin.Post("/aplicaciones", url.Values{"nombre": {c.name}, "servicio": {c.service}, "tipo": {"confidencial"},
				"redirecciones": {c.redirect}})
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), c.msg) {
				t.Errorf("%+v: %d\n%.400s", c, res.Status, apptest.Text(res.Body))
			}
		}
		res := admin.Post("/aplicaciones", url.Values{"nombre": {"M"}, "servicio": {service}, "tipo": {"publica"}, "maquina": {"si"},
			"redirecciones": {"https://x.example/cb"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("public machine client: %d", res.Status)
		}
		var n int
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM oidc_clients`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d clients stored after invalid forms", n)
		}
		id, secret := register(t, env, service, false)
		pubID, pubSecret := register(t, env, service, true)
		if pubSecret != "" {
			t.Error("a public client got a secret")
		}
		var hash string
		env.DB.QueryRowContext(ctx, `SELECT secret_hash FROM oidc_clients WHERE id = $1`, id).Scan(&hash)
		if hash == "" || hash == secret {
			t.Error("the secret is not stored hashed")
		}
		if res := admin.Get("/aplicaciones/" + id); strings.Contains(res.Body, secret) {
			t.Error("the secret is shown again on the detail page")
		}
		if res := admin.Post("/aplicaciones/"+pubID+"/secreto", nil); res.Status != http.StatusConflict {
			t.Errorf("secret for a public client: %d", res.Status)
		}
		if res := admin.Post("/aplicaciones/"+id+"/estado", url.Values{"activa": {"no"}}); res.Status != http.StatusSeeOther {
			t.Errorf("deactivate: %d", res.Status)
		}
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'aplicacion'`).Scan(&n)
		if n != 3 {
			t.Errorf("%d audit records, want 3 (two registrations, one deactivation)", n)
		}
	})
}

// TestClientCredentials: a confidential machine client gets a token without
// a user; a client without the grant does not.
func TestClientCredentials(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		id, secret := machineClient(t, env)
		p := newRP(t, env, id, secret)
		cc := clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: p.provider.Endpoint().TokenURL}
		tok, err := cc.Token(p.ctx)
		if err != nil || tok.AccessToken == "" {
			t.Fatalf("client credentials: %v", err)
		}
		cc.ClientSecret = "otro"
		_, err = cc.Token(p.ctx)
		expectOAuthError(t, err, http.StatusUnauthorized, "invalid_client")
		userID, userSecret := register(t, env, grantedService(t, env), false)
		cc = clientcredentials.Config{ClientID: userID, ClientSecret: userSecret, TokenURL: p.provider.Endpoint().TokenURL}
		_, err = cc.Token(p.ctx)
		expectOAuthError(t, err, http.StatusBadRequest, "unauthorized_client")
	})
}

// machineClient registers a confidential machine client (client
// credentials) and returns its id and secret.
func machineClient(t testing.TB, env *apptest.Env) (string, string) {
	t.Helper()
	admin := env.Login(t, "admin@dipcaceres.es")
	res := admin.Post("/aplicaciones", url.Values{"nombre": {"Robot"}, "servicio": {grantedService(t, env)}, "tipo": {"confidencial"},
		"maquina": {"si"}, "redirecciones": {redirectURI}})
	id, secret := clientIDRe.FindStringSubmatch(res.Body), secretRe.FindStringSubmatch(res.Body)
	if id == nil || secret == nil {
		t.Fatalf("machine client: %d\n%.500s", res.Status, apptest.Text(res.Body))
	}
	return id[1], secret[1]
}
