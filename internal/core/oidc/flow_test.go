package oidc_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
)

type tokenClaims struct {
	Sub     string `json:"sub"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	NIF     string `json:"nif"`
	Nonce   string `json:"nonce"`
	Entidad struct {
		ID     string `json:"id"`
		Nombre string `json:"nombre"`
		INE    string `json:"ine"`
		DIR3   string `json:"dir3"`
	} `json:"entidad"`
	Roles []string `json:"roles"`
}

// TestCodeFlowWithPKCE is the "must show": an independent relying
// party signs in admin@caceres.es with code + PKCE, verifies the ID token
// through the JWKS, reads the entity and role claims, refreshes, and is
// refused once the entity's adhesion has ended.
func TestCodeFlowWithPKCE(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		service := grantedService(t, env)
		clientID, secret := register(t, env, service, false)
		p := newRP(t, env, clientID, secret)
		browser := env.Login(t, "admin@caceres.es")
		verifier := oauth2.GenerateVerifier()
		c := code(t, p.authorize(browser, "estado-1", verifier, "nonce-1"), "estado-1")

		tok, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		if tok.RefreshToken == "" {
			t.Fatal("no refresh token with offline_access")
		}
		raw, _ := tok.Extra("id_token").(string)
		idt, err := p.verifier.Verify(p.ctx, raw)
		if err != nil {
			t.Fatalf("ID token does not verify through the JWKS: %v", err)
		}
		var cl tokenClaims
		if err := idt.Claims(&cl); err != nil {
			t.Fatal(err)
		}
		if cl.Sub != env.UserID(t, "admin@caceres.es") || cl.Nonce != "nonce-1" || cl.Email != "admin@caceres.es" ||
			cl.NIF == "" || cl.Name == "" {
			t.Errorf("identity claims: %+v", cl)
		}
		if cl.Entidad.DIR3 != "L01100377" || cl.Entidad.ID != env.EntityID(t, "L01100377") || cl.Entidad.INE == "" ||
			!strings.Contains(cl.Entidad.Nombre, "Cáceres") {
			t.Errorf("entidad claim: %+v", cl.Entidad)
		}
		var want []string
		rows, _ := env.DB.QueryContext(ctx, `SELECT role_code FROM grants WHERE entity_id = $1 AND user_id = $2 AND service_code = $3
			ORDER BY role_code`, cl.Entidad.ID, cl.Sub, service)
		for rows.Next() {
			var r string
			rows.Scan(&r)
			want = append(want, r)
		}
		rows.Close()
		if len(want) == 0 || !slices.Equal(cl.Roles, want) {
			t.Errorf("roles claim %v, want %v", cl.Roles, want)
		}

		info, err := p.provider.UserInfo(p.ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatalf("userinfo: %v", err)
		}
		var ui tokenClaims
		info.Claims(&ui)
		if ui.Sub != cl.Sub || ui.Entidad.DIR3 != "L01100377" || !slices.Equal(ui.Roles, want) || ui.NIF != cl.NIF {
			t.Errorf("userinfo claims: %+v", ui)
		}

		// Refresh: a new access token, a new (rotated) refresh token and an ID token.
		tok2, err := p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
		if err != nil {
			t.Fatalf("refresh: %v", err)
		}
		if tok2.AccessToken == tok.AccessToken || tok2.RefreshToken == "" || tok2.RefreshToken == tok.RefreshToken {
			t.Error("refresh did not rotate the tokens")
		}
		if raw2, _ := tok2.Extra("id_token").(string); raw2 != "" {
			if _, err := p.verifier.Verify(p.ctx, raw2); err != nil {
				t.Errorf("refreshed ID token: %v", err)
			}
		}

		// The adhesion ends: refresh is refused and the access token no longer reads userinfo.
		if _, err := env.DB.ExecContext(ctx, `UPDATE adhesions SET state = 'finalizada' WHERE entity_id = $1 AND service_code = $2
			AND state = 'activa'`, cl.Entidad.ID, service); err != nil {
			t.Fatal(err)
		}
		p.refreshRefused(t, tok2)
		if _, err := p.provider.UserInfo(p.ctx, oauth2.StaticTokenSource(tok2)); err == nil {
			t.Error("userinfo still answers after the adhesion ended")
		}
	})
}

func expectOAuthError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("expected an OAuth error %s, got %v", code, err)
	}
	if re.Response.StatusCode != status || re.ErrorCode != code {
		t.Errorf("got %d %s (%s), want %d %s", re.Response.StatusCode, re.ErrorCode, re.ErrorDescription, status, code)
	}
}

// TestLoginRedirect: without a Concejo session the authorize request goes to
// Concejo's own login, and back to the application after it.
func TestLoginRedirect(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		p := confidentialRP(t, env)
		browser := env.Anonymous(t)
		verifier := oauth2.GenerateVerifier()
		res := browser.Get(local(t, p.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))))
		bridge := res.Location
		res = browser.Get(bridge)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar?volver=") {
			t.Fatalf("expected the Concejo login, got %d %s", res.Status, res.Location)
		}
		volver, _ := url.QueryUnescape(strings.TrimPrefix(res.Location, "/entrar?volver="))
		if volver != bridge {
			t.Fatalf("volver %q, want %q", volver, bridge)
		}
		res = browser.Post("/entrar", url.Values{"usuario": {"admin@caceres.es"}, "contrasena": {apptest.DemoPassword("admin@caceres.es")},
			"volver": {volver}})
		if res.Status != http.StatusSeeOther || res.Location != bridge {
			t.Fatalf("after login: %d %s", res.Status, res.Location)
		}
		c := code(t, browser.Get(bridge), "s")
		if _, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier)); err != nil {
			t.Fatalf("exchange: %v", err)
		}
	})
}

// TestAccessDenied: a user whose entity is not adhered, or who has no role,
// gets a Spanish 403 page saying why and whom to ask.
func TestAccessDenied(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clientID, secret := register(t, env, notAdheredService(t, env), false)
		p := newRP(t, env, clientID, secret)
		browser := env.Login(t, "admin@caceres.es")
		res := p.authorize(browser, "s", oauth2.GenerateVerifier(), "n")
		text := apptest.Text(res.Body)
		if res.Status != http.StatusForbidden || !strings.Contains(text, "El Ayuntamiento de Cáceres no tiene una adhesión activa al servicio") ||
			!strings.Contains(text, "El administrador de usuarios del Ayuntamiento de Cáceres") {
			t.Errorf("not adhered: %d\n%.600s", res.Status, text)
		}

		service := grantedService(t, env)
		clientID, secret = register(t, env, service, false)
		p = newRP(t, env, clientID, secret)
		if _, err := env.DB.ExecContext(context.Background(), `DELETE FROM grants WHERE user_id = $1 AND entity_id = $2 AND service_code = $3`,
			env.UserID(t, "admin@caceres.es"), env.EntityID(t, "L01100377"), service); err != nil {
			t.Fatal(err)
		}
		res = p.authorize(browser, "s", oauth2.GenerateVerifier(), "n")
		text = apptest.Text(res.Body)
		if res.Status != http.StatusForbidden || !strings.Contains(text, "No tiene ningún perfil en el servicio") || !strings.Contains(text, "en el Ayuntamiento de Cáceres.") ||
			!strings.Contains(text, "que le conceda un perfil") {
			t.Errorf("no role: %d\n%.600s", res.Status, text)
		}
	})
}
