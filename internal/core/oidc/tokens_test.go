package oidc_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2/clientcredentials"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/web"
)

// TestOpaqueMachineTokens: client credentials tokens are opaque (no JWT a
// resource server could read or trust without asking), each is answered
// only once its row is committed (introspection finds it at once, also
// for tokens issued concurrently in one group commit), and a revoked token
// is inactive at introspection.
func TestOpaqueMachineTokens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		id, secret := machineClient(t, env)
		p := newRP(t, env, id, secret)
		cc := clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: p.provider.Endpoint().TokenURL}
		tokens := make([]string, 12)
		var wg sync.WaitGroup
		for i := range tokens {
			wg.Go(func() {
				tok, err := cc.Token(p.ctx)
				if err != nil {
					t.Errorf("client credentials: %v", err)
					return
				}
				tokens[i] = tok.AccessToken
			})
		}
		wg.Wait()
		for _, tok := range tokens {
			if tok == "" {
				t.FailNow()
			}
			if strings.Count(tok, ".") == 2 {
				t.Fatalf("the access token is a JWT: %s", tok)
			}
			if !introspect(t, p, id, secret, tok) {
				t.Fatal("a machine token just issued is not active")
			}
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM oidc_tokens WHERE client_id = $1 AND kind = 'access'`, id); n != len(tokens) {
			t.Errorf("%d token rows, want %d", n, len(tokens))
		}

		req, _ := http.NewRequest(http.MethodPost, issuer+"/oidc/revoke", strings.NewReader(url.Values{"token": {tokens[0]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
		res, err := p.http.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("revoke: %v %v", res, err)
		}
		res.Body.Close()
		if introspect(t, p, id, secret, tokens[0]) {
			t.Error("a revoked access token is still active")
		}
		if !introspect(t, p, id, secret, tokens[1]) {
			t.Error("revoking one token ended another")
		}
	})
}

// TestTokenClientGone: a token request whose client disconnected before the
// answer is answered (and logged) as 499, not as a server error.
func TestTokenClientGone(t *testing.T) {
	env := apptest.Start(t, dbtest.SQLite(t))
	id, secret := machineClient(t, env)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/oidc/token",
		strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	if rec.Code != web.StatusClientClosed {
		t.Errorf("token request of a client gone: %d %s", rec.Code, rec.Body)
	}
}
