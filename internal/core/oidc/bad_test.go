package oidc_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
	"concejo/internal/core/oidc"
)

// TestBadRequests: every malformed or forged request is refused per the
// specs (400/401 with the OAuth error code, or an error redirect), never 500.
func TestBadRequests(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		p := confidentialRP(t, env)
		browser := env.Login(t, "admin@caceres.es")
		verifier := oauth2.GenerateVerifier()
		authURL := func(mod func(url.Values)) string {
			u, _ := url.Parse(p.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
			q := u.Query()
			mod(q)
			u.RawQuery = q.Encode()
			return local(t, u.String())
		}

		// Wrong redirect URI and unknown client: an error page, never a redirect.
		for name, mod := range map[string]func(url.Values){
			"redirect_uri ajena":    func(q url.Values) { q.Set("redirect_uri", "https://ajena.example/callback") },
			"cliente desconocido":   func(q url.Values) { q.Set("client_id", "no-existe") },
			"sin client_id":         func(q url.Values) { q.Del("client_id") },
			"redirect_uri parecida": func(q url.Values) { q.Set("redirect_uri", redirectURI+"/otra") },
			"response_type token":   func(q url.Values) { q.Set("response_type", "token") },
		} {
			res := browser.Get(authURL(mod))
			if res.Status != http.StatusBadRequest || res.Location != "" {
				t.Errorf("%s: %d %s", name, res.Status, res.Location)
			}
		}
		// No PKCE, or plain PKCE: refused back to the application with invalid_request.
		for name, mod := range map[string]func(url.Values){
			"sin PKCE":   func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") },
			"PKCE plain": func(q url.Values) { q.Set("code_challenge_method", "plain") },
			"sin scope":  func(q url.Values) { q.Del("scope") },
		} {
			res := browser.Get(authURL(mod))
			if res.Status != http.StatusFound || !strings.HasPrefix(res.Location, redirectURI+"?") || !strings.Contains(res.Location, "error=") {
				t.Errorf("%s: %d %s", name, res.Status, res.Location)
			}
		}

		// Wrong PKCE verifier, wrong secret, unknown client: refused, and
		// they do not spend the code of the real client.
		c := code(t, p.authorize(browser, "s", verifier, "n"), "s")
		_, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		expectOAuthError(t, err, http.StatusBadRequest, "invalid_grant")
		bad := *p.conf
		bad.ClientSecret = "no-es-el-secreto"
		_, err = bad.Exchange(p.ctx, c, oauth2.VerifierOption(verifier))
		expectOAuthError(t, err, http.StatusUnauthorized, "invalid_client")
		bad = *p.conf
		bad.ClientID = "no-existe"
		_, err = bad.Exchange(p.ctx, c, oauth2.VerifierOption(verifier))
		expectOAuthError(t, err, http.StatusUnauthorized, "invalid_client")
		if _, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier)); err != nil {
			t.Errorf("the real client could not use its code after failed attempts: %v", err)
		}

		// Reused code: the second exchange fails and revokes what the first one got.
		c = code(t, p.authorize(browser, "s", verifier, "n"), "s")
		tok, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier))
		expectOAuthError(t, err, http.StatusBadRequest, "invalid_grant")
		p.refreshRefused(t, tok)

		// Tampered ID token and access token.
		tok = p.tokens(t, browser)
		raw := tok.Extra("id_token").(string)
		if _, err := p.verifier.Verify(p.ctx, tamper(raw)); err == nil {
			t.Error("a tampered ID token verified")
		}
		forged := *tok
		forged.AccessToken = tamper(tok.AccessToken)
		if _, err := p.provider.UserInfo(p.ctx, oauth2.StaticTokenSource(&forged)); err == nil || !strings.Contains(err.Error(), "401") {
			t.Errorf("userinfo with a tampered token: %v", err)
		}
		// A rotated refresh token presented again ends the whole grant.
		tok2, err := p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
		if err != nil {
			t.Fatal(err)
		}
		p.refreshRefused(t, tok)
		p.refreshRefused(t, tok2)

		// Garbage at the token endpoint.
		for _, body := range []string{"", "grant_type=password&username=a&password=b", "grant_type=authorization_code",
			"grant_type=refresh_token&refresh_token=x", "a=%zz&&=%"} {
			res, err := p.http.Post(issuer+"/oidc/token", "application/x-www-form-urlencoded", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("token endpoint with %q: %d", body, res.StatusCode)
			}
		}
	})
}

func tamper(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return jwt + "x"
	}
	sig := []byte(parts[2])
	if sig[0] == 'A' {
		sig[0] = 'B'
	} else {
		sig[0] = 'A'
	}
	return parts[0] + "." + parts[1] + "." + string(sig)
}

// TestKeyRotation: after a rotation the new key signs, the old one stays in
// the JWKS, and tokens signed before still verify.
func TestKeyRotation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		p := confidentialRP(t, env)
		browser := env.Login(t, "admin@caceres.es")
		old := p.tokens(t, browser).Extra("id_token").(string)
		if n := len(jwks(t, p)); n != 1 {
			t.Fatalf("JWKS has %d keys, want 1", n)
		}
		kid, err := oidc.RotateKey(context.Background(), env.DB)
		if err != nil {
			t.Fatal(err)
		}
		keys := jwks(t, p)
		if len(keys) != 2 || keys[0] != kid {
			t.Fatalf("JWKS after rotation: %v (new %s)", keys, kid)
		}
		fresh := p.tokens(t, browser).Extra("id_token").(string)
		for _, raw := range []string{old, fresh} {
			if _, err := p.verifier.Verify(p.ctx, raw); err != nil {
				t.Errorf("verify after rotation: %v", err)
			}
		}
		var hdr struct {
			Kid string `json:"kid"`
		}
		b, _ := base64URL(strings.Split(fresh, ".")[0])
		json.Unmarshal(b, &hdr)
		if hdr.Kid != kid {
			t.Errorf("new token signed with %s, want %s", hdr.Kid, kid)
		}
	})
}

func jwks(t *testing.T, p *rp) []string {
	t.Helper()
	res, err := p.http.Get(issuer + "/oidc/keys")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatalf("JWKS: %v\n%s", err, b)
	}
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.Kid)
	}
	return out
}

// TestLogout: RP-initiated logout with the ID token ends the Concejo session
// and the application's refresh token.
func TestLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		p := confidentialRP(t, env)
		browser := env.Login(t, "admin@caceres.es")
		tok := p.tokens(t, browser)
		var meta struct {
			EndSession string `json:"end_session_endpoint"`
		}
		p.provider.Claims(&meta)
		q := url.Values{"id_token_hint": {tok.Extra("id_token").(string)}, "post_logout_redirect_uri": {logoutURI}, "state": {"adios"}}
		res := browser.Get(local(t, meta.EndSession) + "?" + q.Encode())
		if res.Status != http.StatusFound || res.Location != logoutURI+"?state=adios" {
			t.Fatalf("end session: %d %s\n%.300s", res.Status, res.Location, res.Body)
		}
		if res := browser.Get("/"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar") {
			t.Errorf("Concejo session still open: %d %s", res.Status, res.Location)
		}
		p.refreshRefused(t, tok)
		// A post-logout URI that is not registered is refused.
		q.Set("post_logout_redirect_uri", "https://ajena.example/")
		if res := env.Anonymous(t).Get(local(t, meta.EndSession) + "?" + q.Encode()); res.Status != http.StatusBadRequest {
			t.Errorf("foreign post_logout_redirect_uri: %d %s", res.Status, res.Location)
		}
	})
}

// TestDiscovery: the issuer is the configured public address and the
// provider advertises code + PKCE S256 only.
func TestDiscovery(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		p := newRP(t, env, "x", "")
		var meta struct {
			Issuer   string   `json:"issuer"`
			Auth     string   `json:"authorization_endpoint"`
			PKCE     []string `json:"code_challenge_methods_supported"`
			Response []string `json:"response_types_supported"`
		}
		if err := p.provider.Claims(&meta); err != nil {
			t.Fatal(err)
		}
		if meta.Issuer != issuer || meta.Auth != issuer+"/oidc/authorize" || strings.Join(meta.PKCE, ",") != "S256" {
			t.Errorf("discovery: %+v", meta)
		}
		_ = gooidc.ScopeOpenID
	})
}
