package oidc_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
)

// TestCrossOriginTokenForSPA: a browser application on another origin (a
// public PKCE client) exchanges its code at the token endpoint, while the
// cookie-authenticated pages keep refusing cross-origin POSTs.
func TestCrossOriginTokenForSPA(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clientID, _ := register(t, env, grantedService(t, env), true)
		p := newRP(t, env, clientID, "")
		browser := env.Login(t, "admin@caceres.es")
		verifier := oauth2.GenerateVerifier()
		c := code(t, p.authorize(browser, "s", verifier, "n"), "s")

		crossOrigin := func(method, path string, body io.Reader, ctype string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest(method, issuer+path, body)
			req.Header.Set("Origin", "https://spa.example.org")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			if ctype != "" {
				req.Header.Set("Content-Type", ctype)
			}
			res, err := p.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { res.Body.Close() })
			return res
		}

		preq, _ := http.NewRequest("OPTIONS", issuer+"/oidc/token", nil)
		preq.Header.Set("Origin", "https://spa.example.org")
		preq.Header.Set("Access-Control-Request-Method", "POST")
		preq.Header.Set("Access-Control-Request-Headers", "content-type")
		if res, err := p.http.Do(preq); err != nil || res.StatusCode >= 400 ||
			res.Header.Get("Access-Control-Allow-Origin") != "https://spa.example.org" {
			t.Errorf("preflight: %v %v %v", err, res.StatusCode, res.Header)
		}

		form := url.Values{"grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {redirectURI},
			"client_id": {clientID}, "code_verifier": {verifier}}
		res := crossOrigin("POST", "/oidc/token", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != "https://spa.example.org" {
			t.Fatalf("cross-origin token: %d %v\n%s", res.StatusCode, res.Header, body)
		}
		var tok struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		}
		if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
			t.Fatalf("token response: %v %s", err, body)
		}

		res = crossOrigin("POST", "/oidc/userinfo", strings.NewReader(url.Values{"access_token": {tok.AccessToken}}.Encode()),
			"application/x-www-form-urlencoded")
		if res.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(res.Body)
			t.Errorf("cross-origin userinfo: %d %s", res.StatusCode, b)
		}
		res = crossOrigin("POST", "/oidc/revoke", strings.NewReader(url.Values{"token": {tok.RefreshToken},
			"client_id": {clientID}}.Encode()), "application/x-www-form-urlencoded")
		if res.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(res.Body)
			t.Errorf("cross-origin revoke: %d %s", res.StatusCode, b)
		}

		// A cookie-authenticated form is still protected.
		res = crossOrigin("POST", "/aplicaciones", strings.NewReader("nombre=x"), "application/x-www-form-urlencoded")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST to a page: %d, want 403", res.StatusCode)
		}
	})
}
