// Package apptest runs the whole platform against a fresh database loaded
// with the demo province, on every engine of the test run, and gives tests a
// browser-like client that signs in as any demo user.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/demo"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/keyvault"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/trust"
	"concejo/internal/refdata"
)

// Cheap is the argon2 cost used in tests.
var Cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// DemoTOTPSecret is the demo Diputación administrator's TOTP secret.
const DemoTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DP"

// Env is a running platform for one test.
type Env struct {
	DB     *db.DB
	App    *app.App
	Server *httptest.Server
	Mail   *mail.Memory
	// SigningCA is a test certification authority whose signatures the
	// platform trusts, besides the embedded roots (unless StartWith's
	// options set another SignatureTrust).
	SigningCA *certtest.CA
}

// Each runs fn once per engine with a fresh platform loaded with the demo province.
func Each(t *testing.T, fn func(t *testing.T, env *Env)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, Start(t, d)) })
}

// Start runs the platform with the demo province on d (tests and benchmarks).
func Start(t testing.TB, d *db.DB) *Env {
	t.Helper()
	return StartWith(t, d, app.Options{})
}

// StartWith is Start with build options (their Mail and Argon2 are the
// test ones whatever opts says).
func StartWith(t testing.TB, d *db.DB, opts app.Options) *Env {
	t.Helper()
	ctx := context.Background()
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := app.LoadDemo(ctx, d, demo.Options{PasswordParams: Cheap, Now: time.Now().UTC()}, nil); err != nil {
		t.Fatal(err)
	}
	m := &mail.Memory{}
	cfg := config.Default()
	cfg.BaseURL = "http://concejo.test"
	cfg.MasterKey, cfg.LocalCA = keyvault.NewKey(), true
	log := slog.New(slog.NewTextHandler(apptestLog(), nil))
	opts.Mail, opts.Argon2 = m, &Cheap
	signing := certtest.NewCA(t, "AC PRUEBAS FIRMA")
	if opts.SignatureTrust == nil {
		roots, err := trust.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		opts.SignatureTrust = roots.With(signing.Cert)
	}
	a, err := app.Build(d, cfg, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() {
		srv.Close()
		a.Close(context.Background())
	})
	return &Env{DB: d, App: a, Server: srv, Mail: m, SigningCA: signing}
}

// Client is a cookie-keeping HTTP client that does not follow redirects.
type Client struct {
	t    testing.TB
	env  *Env
	http *http.Client
}

// Anonymous returns a client with no session.
func (e *Env) Anonymous(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// Login signs in as email (demo password unless given) and passes the TOTP
// step when the account has it; it fails the test otherwise.
func (e *Env) Login(t testing.TB, email string, password ...string) *Client {
	t.Helper()
	c := e.Anonymous(t)
	pw := DemoPassword(email)
	if len(password) > 0 {
		pw = password[0]
	}
	res := c.Post("/entrar", url.Values{"usuario": {email}, "contrasena": {pw}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("login %s: status %d\n%s", email, res.Status, res.Body)
	}
	if strings.HasPrefix(res.Location, "/entrar/segundo-factor") {
		// A code is accepted once (RFC 6238 §5.2) and tests sign in many
		// times within one 30-second step: forget the last accepted step.
		if _, err := e.DB.ExecContext(context.Background(), `UPDATE users SET totp_last_step = 0 WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		code, _ := auth.TOTPCode(DemoTOTPSecret, time.Now())
		res = c.Post("/entrar/segundo-factor", url.Values{"codigo": {code}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("TOTP %s: status %d\n%s", email, res.Status, res.Body)
		}
	}
	return c
}

// The well-known demo logins, and Anon for a visitor without a session.
const (
	Anon      = "anónimo"
	DipAdmin  = "admin@dipcaceres.es"
	Tecnico   = "tecnico@dipcaceres.es"
	Caceres   = "admin@caceres.es"
	Plasencia = "admin@plasencia.es"
	Abadia    = "secretaria@abadia.es"
	Operador  = "operador@sierradegata.es"
)

// Everyone lists Anon and every demo login, in that order.
var Everyone = []string{Anon, DipAdmin, Tecnico, Caceres, Plasencia, Abadia, Operador}

// Demo entities by DIR3.
const (
	Dir3Caceres   = "L01100377"
	Dir3Plasencia = "L01101480"
	Dir3Abadia    = "L01100015"
)

// DemoPassword returns the demo password of the well-known demo logins.
func DemoPassword(email string) string {
	switch email {
	case DipAdmin:
		return "concejo-demo-admin"
	case Tecnico:
		return "concejo-demo-tecnico"
	}
	return "concejo-demo-2026"
}

// Response is what a request returned.
type Response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

// For is the same signed-in client reporting to t (a fuzz target's own
// t, for a client signed in before f.Fuzz).
func (c *Client) For(t testing.TB) *Client {
	cp := *c
	cp.t = t
	return &cp
}

// Get requests path.
func (c *Client) Get(path string) Response {
	return c.do(http.MethodGet, path, "", nil)
}

// Post submits a urlencoded form to path.
func (c *Client) Post(path string, form url.Values) Response {
	return c.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Do sends a request with a given content type and body.
func (c *Client) Do(method, path, contentType string, body io.Reader) Response {
	return c.do(method, path, contentType, body)
}

func (c *Client) do(method, path, ctype string, body io.Reader) Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.env.Server.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}
}

// EntityID returns the id of the entity with the given DIR3 or, for
// entities without DIR3, the given exact name.
func (e *Env) EntityID(t testing.TB, dir3OrName string) string {
	t.Helper()
	var id string
	err := e.DB.QueryRowContext(context.Background(),
		`SELECT id FROM entities WHERE dir3 = $1 OR name = $1`, dir3OrName).Scan(&id)
	if err != nil {
		t.Fatalf("entity %s: %v", dir3OrName, err)
	}
	return id
}

// UserID returns the id of the user with email.
func (e *Env) UserID(t testing.TB, email string) string {
	t.Helper()
	var id string
	if err := e.DB.QueryRowContext(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return id
}

var tagRe = regexp.MustCompile(`<[^>]+>`)

// Text strips tags from an HTML body, for assertions on visible text.
func Text(html string) string {
	return strings.Join(strings.Fields(tagRe.ReplaceAllString(html, " ")), " ")
}

// apptestLog is where the app under test logs: nowhere, unless
// CONCEJO_TEST_LOG=1 (to see the cause of a 500 while debugging a test).
func apptestLog() io.Writer {
	if os.Getenv("CONCEJO_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}
