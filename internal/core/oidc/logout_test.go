package oidc_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// appHost is the public name of the test application that receives
// logout tokens; the platform reaches it through the test's client.
const appHost = "correo.test"

// backchannel is an application's back-channel logout endpoint, served over
// TLS: it hands every logout_token it receives to the test. The client it
// returns reaches it under appHost, as DNS would in production.
func backchannel(t *testing.T) (*http.Client, chan string) {
	t.Helper()
	got := make(chan string, 10)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		got <- r.PostFormValue("logout_token")
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	hc := srv.Client()
	tr := hc.Transport.(*http.Transport)
	tr.TLSClientConfig.ServerName = "example.com" // the name in httptest's certificate
	addr := srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return hc, got
}

// backchannelEach runs fn on every engine with a platform whose logout
// tokens reach a backchannel endpoint, and a confidential application
// registered with that endpoint as its back-channel logout URI.
func backchannelEach(t *testing.T, fn func(t *testing.T, env *apptest.Env, p *rp, got chan string)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		hc, got := backchannel(t)
		env := apptest.StartWith(t, d, app.Options{LogoutClient: hc})
		service, uri := grantedService(t, env), "https://"+appHost+"/logout"
		admin := env.Login(t, "admin@dipcaceres.es")
		res := admin.Post("/aplicaciones", url.Values{"nombre": {"Correo"}, "servicio": {service}, "tipo": {"confidencial"},
			"redirecciones": {redirectURI}, "tras_salir": {logoutURI}, "cierre_sesion": {uri}})
		if res.Status != http.StatusOK {
			t.Fatalf("register: %d\n%.500s", res.Status, apptest.Text(res.Body))
		}
		if !strings.Contains(res.Body, uri) {
			t.Error("the detail page does not show the back-channel logout URI")
		}
		m, s := clientIDRe.FindStringSubmatch(res.Body), secretRe.FindStringSubmatch(res.Body)
		if m == nil || s == nil {
			t.Fatalf("no client id or secret in\n%s", res.Body)
		}
		fn(t, env, newRP(t, env, m[1], s[1]), got)
	})
}

type logoutClaims struct {
	Iss    string                     `json:"iss"`
	Aud    any                        `json:"aud"`
	Sub    string                     `json:"sub"`
	Sid    string                     `json:"sid"`
	Iat    int64                      `json:"iat"`
	Jti    string                     `json:"jti"`
	Nonce  *string                    `json:"nonce"`
	Events map[string]json.RawMessage `json:"events"`
}

// waitLogout waits for a logout token, checks its signature against the
// provider's JWKS and returns its claims.
func waitLogout(t *testing.T, p *rp, got chan string) logoutClaims {
	t.Helper()
	var raw string
	select {
	case raw = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no logout token arrived at the back-channel endpoint")
	}
	var disc struct {
		JWKS string `json:"jwks_uri"`
	}
	if err := p.provider.Claims(&disc); err != nil {
		t.Fatal(err)
	}
	payload, err := gooidc.NewRemoteKeySet(p.ctx, disc.JWKS).VerifySignature(p.ctx, raw)
	if err != nil {
		t.Fatalf("logout token signature does not verify against the JWKS: %v", err)
	}
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	if typ, _ := jws.Signatures[0].Protected.ExtraHeaders["typ"].(string); typ != "logout+jwt" {
		t.Errorf("typ %q, want logout+jwt", typ)
	}
	var c logoutClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Events["http://schemas.openid.net/event/backchannel-logout"]; !ok || c.Nonce != nil || c.Jti == "" ||
		c.Iat == 0 || c.Iss != issuer {
		t.Errorf("logout token claims: %+v", c)
	}
	return c
}

// signIn runs the code flow for admin@caceres.es and returns the tokens and
// the ID token's sid.
func signIn(t *testing.T, env *apptest.Env, p *rp) (*apptest.Client, *oauth2.Token, string) {
	t.Helper()
	browser := env.Login(t, "admin@caceres.es")
	tok := p.tokens(t, browser)
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.verifier.Verify(p.ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	var cl struct {
		Sid string `json:"sid"`
	}
	idt.Claims(&cl)
	if cl.Sid == "" {
		t.Fatal("no sid in the ID token")
	}
	return browser, tok, cl.Sid
}

func TestDiscoveryAdvertisesBackchannelLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		res := env.Anonymous(t).Get("/.well-known/openid-configuration")
		if !strings.Contains(res.Body, `"backchannel_logout_supported":true`) ||
			!strings.Contains(res.Body, `"backchannel_logout_session_supported":true`) {
			t.Errorf("discovery: %s", res.Body)
		}
	})
}

// TestBackchannelLogoutOnSignOut: leaving Concejo sends the application a
// signed logout token with the ID token's sid and revokes the session's tokens.
func TestBackchannelLogoutOnSignOut(t *testing.T) {
	backchannelEach(t, func(t *testing.T, env *apptest.Env, p *rp, got chan string) {
		clientID := p.conf.ClientID
		browser, tok, sid := signIn(t, env, p)
		var sessionHash string
		if err := env.DB.QueryRowContext(context.Background(), `SELECT session_hash FROM oidc_tokens WHERE client_id = $1 LIMIT 1`,
			clientID).Scan(&sessionHash); err != nil {
			t.Fatal(err)
		}
		if sid == sessionHash || strings.Contains(sessionHash, sid) {
			t.Error("sid reveals the session hash")
		}
		if res := browser.Post("/salir", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("salir: %d", res.Status)
		}
		c := waitLogout(t, p, got)
		if c.Sid != sid || c.Sub != env.UserID(t, "admin@caceres.es") {
			t.Errorf("logout token sid %q sub %q, want sid %q", c.Sid, c.Sub, sid)
		}
		switch aud := c.Aud.(type) {
		case string:
			if aud != clientID {
				t.Errorf("aud %v", aud)
			}
		case []any:
			if len(aud) != 1 || aud[0] != clientID {
				t.Errorf("aud %v", aud)
			}
		}
		p.refreshRefused(t, tok)
		if _, err := p.provider.UserInfo(p.ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("userinfo still answers after the Concejo session ended")
		}
	})
}

// TestAdminRevokesSessions: the Diputación administrator closing a user's
// sessions revokes his refresh tokens and notifies the application.
func TestAdminRevokesSessions(t *testing.T) {
	backchannelEach(t, func(t *testing.T, env *apptest.Env, p *rp, got chan string) {
		_, tok, sid := signIn(t, env, p)
		admin := env.Login(t, "admin@dipcaceres.es")
		if res := admin.Post("/usuarios/"+env.UserID(t, "admin@caceres.es")+"/sesiones/cerrar", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("cerrar sesiones: %d\n%.400s", res.Status, apptest.Text(res.Body))
		}
		p.refreshRefused(t, tok)
		if c := waitLogout(t, p, got); c.Sid != sid {
			t.Errorf("sid %q, want %q", c.Sid, sid)
		}
	})
}

// TestBackchannelURIValidated: the back-channel URI is checked like a
// redirect URI.
func TestBackchannelURIValidated(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Login(t, "admin@dipcaceres.es")
		res := admin.Post("/aplicaciones", url.Values{"nombre": {"Correo"}, "servicio": {grantedService(t, env)},
			"tipo": {"confidencial"}, "redirecciones": {redirectURI}, "cierre_sesion": {"http://correo.example.org/logout"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(apptest.Text(res.Body), "solo se admite https") {
			t.Errorf("%d\n%.500s", res.Status, apptest.Text(res.Body))
		}
	})
}

// TestRevokeOthers: closing the user's other sessions (kept session aside)
// revokes the applications' tokens issued under them.
func TestRevokeOthers(t *testing.T) {
	backchannelEach(t, func(t *testing.T, env *apptest.Env, p *rp, got chan string) {
		_, tok, sid := signIn(t, env, p)
		ctx := context.Background()
		n, err := env.App.Kit.Sessions.RevokeOthers(ctx, env.DB, env.UserID(t, "admin@caceres.es"), "ninguna")
		if err != nil || n == 0 {
			t.Fatalf("RevokeOthers: %d %v", n, err)
		}
		p.refreshRefused(t, tok)
		if c := waitLogout(t, p, got); c.Sid != sid {
			t.Errorf("sid %q, want %q", c.Sid, sid)
		}
	})
}
