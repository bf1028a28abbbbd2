package oidc_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
)

const (
	issuer      = "http://concejo.test"
	redirectURI = "http://127.0.0.1/callback"
	logoutURI   = "http://127.0.0.1/salida"
)

// rp is a relying party written with coreos/go-oidc and x/oauth2, as an
// outside application would be.
type rp struct {
	t        testing.TB
	env      *apptest.Env
	ctx      context.Context
	http     *http.Client
	provider *gooidc.Provider
	conf     *oauth2.Config
	verifier *gooidc.IDTokenVerifier
}

// rpHTTP reaches the test server for every request to the issuer's host,
// as DNS would in production.
func rpHTTP(env *apptest.Env) *http.Client {
	addr := env.Server.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func newRP(t testing.TB, env *apptest.Env, clientID, secret string) *rp {
	t.Helper()
	hc := rpHTTP(env)
	ctx := gooidc.ClientContext(context.Background(), hc)
	ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	p, err := gooidc.NewProvider(ctx, issuer)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return &rp{t: t, env: env, ctx: ctx, http: hc, provider: p,
		conf: &oauth2.Config{ClientID: clientID, ClientSecret: secret, Endpoint: p.Endpoint(), RedirectURL: redirectURI,
			Scopes: []string{gooidc.ScopeOpenID, "profile", "email", gooidc.ScopeOfflineAccess}},
		verifier: p.Verifier(&gooidc.Config{ClientID: clientID})}
}

// local turns an absolute URL of the issuer into a path for the apptest client.
func local(t testing.TB, u string) string {
	t.Helper()
	if !strings.HasPrefix(u, issuer+"/") {
		if strings.HasPrefix(u, "/") {
			return u
		}
		t.Fatalf("not a Concejo URL: %s", u)
	}
	return strings.TrimPrefix(u, issuer)
}

// authorize runs the browser side of the flow for a signed-in browser and
// returns the final response (normally the redirect to the application).
func (p *rp) authorize(browser *apptest.Client, state, verifier, nonce string) apptest.Response {
	p.t.Helper()
	u := p.conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), gooidc.Nonce(nonce))
	res := browser.Get(local(p.t, u))
	if res.Status != http.StatusFound || !strings.HasPrefix(res.Location, "/oidc/entrar?id=") {
		p.t.Fatalf("authorize: %d %s\n%.300s", res.Status, res.Location, res.Body)
	}
	return browser.Get(res.Location)
}

// code extracts the code from the redirect to the application and checks the state.
func code(t testing.TB, res apptest.Response, state string) string {
	t.Helper()
	if res.Status != http.StatusFound || !strings.HasPrefix(res.Location, redirectURI+"?") {
		t.Fatalf("expected redirect to the application, got %d %s\n%.500s", res.Status, res.Location, apptest.Text(res.Body))
	}
	u, _ := url.Parse(res.Location)
	if got := u.Query().Get("state"); got != state {
		t.Fatalf("state %q, want %q", got, state)
	}
	c := u.Query().Get("code")
	if c == "" {
		t.Fatalf("no code in %s", res.Location)
	}
	return c
}

var (
	clientIDRe = regexp.MustCompile(`<dt>Identificador \(client_id\)</dt><dd><code>([^<]+)</code>`)
	secretRe   = regexp.MustCompile(`id="secreto" type="text" readonly size="50" value="([^"]+)"`)
)

// confidentialRP registers a confidential application on a service
// admin@caceres.es holds a role in and returns it as a relying party.
func confidentialRP(t testing.TB, env *apptest.Env) *rp {
	t.Helper()
	clientID, secret := register(t, env, grantedService(t, env), false)
	return newRP(t, env, clientID, secret)
}

// tokens runs the code flow with PKCE for the signed-in browser and returns
// what the token endpoint answers.
func (p *rp) tokens(t testing.TB, browser *apptest.Client) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	tok, err := p.conf.Exchange(p.ctx, code(t, p.authorize(browser, "s", verifier, "n"), "s"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok
}

// refreshRefused checks that the token endpoint refuses tok's refresh token
// with invalid_grant: its grant has ended.
func (p *rp) refreshRefused(t *testing.T, tok *oauth2.Token) {
	t.Helper()
	_, err := p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	expectOAuthError(t, err, http.StatusBadRequest, "invalid_grant")
}

// register registers an application as the Diputación administrator and
// returns its client id and secret ("" for a public one).
func register(t testing.TB, env *apptest.Env, service string, public bool) (string, string) {
	t.Helper()
	admin := env.Login(t, "admin@dipcaceres.es")
	form := url.Values{"nombre": {"Gestor de pruebas"}, "servicio": {service}, "tipo": {"confidencial"},
		"redirecciones": {redirectURI}, "tras_salir": {logoutURI}}
	if public {
		form.Set("tipo", "publica")
	}
	res := admin.Post("/aplicaciones", form)
	if res.Status != http.StatusOK {
		t.Fatalf("register: %d\n%.500s", res.Status, apptest.Text(res.Body))
	}
	m := clientIDRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no client id in\n%s", res.Body)
	}
	secret := ""
	if s := secretRe.FindStringSubmatch(res.Body); s != nil {
		secret = s[1]
	}
	if !public && secret == "" {
		t.Fatal("confidential client without a secret shown")
	}
	return m[1], secret
}

// grantedService returns a service Cáceres has an active adhesion to and on
// which admin@caceres.es holds a role there.
func grantedService(t testing.TB, env *apptest.Env) string {
	t.Helper()
	var s string
	err := env.DB.QueryRowContext(context.Background(), `SELECT g.service_code FROM grants g
		JOIN adhesions ad ON ad.entity_id = g.entity_id AND ad.service_code = g.service_code AND ad.state = 'activa'
		JOIN users u ON u.id = g.user_id JOIN entities e ON e.id = g.entity_id
		WHERE u.email = 'admin@caceres.es' AND e.dir3 = 'L01100377' ORDER BY g.service_code LIMIT 1`).Scan(&s)
	if err != nil {
		t.Fatalf("no granted service for admin@caceres.es: %v", err)
	}
	return s
}

// notAdheredService returns a service Cáceres has no active adhesion to.
func notAdheredService(t testing.TB, env *apptest.Env) string {
	t.Helper()
	var s string
	err := env.DB.QueryRowContext(context.Background(), `SELECT code FROM services WHERE active = TRUE AND code NOT IN (
		SELECT ad.service_code FROM adhesions ad JOIN entities e ON e.id = ad.entity_id
		WHERE e.dir3 = 'L01100377' AND ad.state = 'activa') ORDER BY code LIMIT 1`).Scan(&s)
	if err != nil {
		t.Fatalf("no service without adhesion: %v", err)
	}
	return s
}
