package oidc_test

import (
	"testing"

	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/dbtest"
)

// BenchmarkTokenIssuance measures the code exchange (client authentication,
// PKCE, access + refresh + signed ID token) on SQLite; the browser part of
// each login is done outside the timer.
func BenchmarkTokenIssuance(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	clientID, secret := register(b, env, grantedService(b, env), false)
	p := newRP(b, env, clientID, secret)
	browser := env.Login(b, "admin@caceres.es")
	for b.Loop() {
		b.StopTimer()
		verifier := oauth2.GenerateVerifier()
		c := code(b, p.authorize(browser, "s", verifier, "n"), "s")
		b.StartTimer()
		if _, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefresh measures one refresh (access checks, rotation, ID token).
func BenchmarkRefresh(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	clientID, secret := register(b, env, grantedService(b, env), false)
	p := newRP(b, env, clientID, secret)
	browser := env.Login(b, "admin@caceres.es")
	verifier := oauth2.GenerateVerifier()
	tok, err := p.conf.Exchange(p.ctx, code(b, p.authorize(browser, "s", verifier, "n"), "s"), oauth2.VerifierOption(verifier))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if tok, err = p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullLogin measures authorize → sign-in bridge → code exchange
// for an already signed-in browser.
func BenchmarkFullLogin(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	clientID, secret := register(b, env, grantedService(b, env), false)
	p := newRP(b, env, clientID, secret)
	browser := env.Login(b, "admin@caceres.es")
	for b.Loop() {
		verifier := oauth2.GenerateVerifier()
		c := code(b, p.authorize(browser, "s", verifier, "n"), "s")
		if _, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier)); err != nil {
			b.Fatal(err)
		}
	}
}
