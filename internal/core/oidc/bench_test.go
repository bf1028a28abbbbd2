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
	p := confidentialRP(b, env)
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
	p := confidentialRP(b, env)
	browser := env.Login(b, "admin@caceres.es")
	tok := p.tokens(b, browser)
	for b.Loop() {
		var err error
		if tok, err = p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullLogin measures authorize → sign-in bridge → code exchange
// for an already signed-in browser.
func BenchmarkFullLogin(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	p := confidentialRP(b, env)
	browser := env.Login(b, "admin@caceres.es")
	for b.Loop() {
		p.tokens(b, browser)
	}
}
