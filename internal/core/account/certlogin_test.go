package account_test

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

type certResponse struct {
	Status   int
	Body     string
	Location string
}

// certClient is a cookie-keeping client that does not follow redirects and
// adds headers to every request.
type certClient struct {
	t       *testing.T
	base    string
	http    *http.Client
	headers map[string]string
}

func newCertClient(t *testing.T, base string, tr *http.Transport, headers map[string]string) *certClient {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if tr != nil {
		hc.Transport = tr
	}
	return &certClient{t: t, base: base, http: hc, headers: headers}
}

func (c *certClient) get(path string) certResponse {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return certResponse{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location")}
}

func userNIF(t *testing.T, d *db.DB, email string) string {
	t.Helper()
	var nif string
	if err := d.QueryRowContext(context.Background(), `SELECT nif FROM users WHERE email = $1`, email).Scan(&nif); err != nil {
		t.Fatalf("NIF of %s: %v", email, err)
	}
	return nif
}

func expectCert(t *testing.T, res certResponse, status int, want ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d (Location %q)\n%.1500s", res.Status, status, res.Location, apptest.Text(res.Body))
	}
	text := apptest.Text(res.Body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("%q not in\n%.3000s", w, text)
		}
	}
}

func TestCertificateLoginThroughProxyHeader(t *testing.T) {
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	ca := certtest.NewCA(t, "AC FNMT de pruebas")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		base := env.Server.URL
		withCert := func(serial, cn string) map[string]string {
			return map[string]string{"X-SSL-Client-Cert": certtest.Escaped(ca.Client(certtest.Subject(serial, cn))),
				"X-SSL-Client-Verify": "SUCCESS"}
		}

		// The login page offers the certificate.
		expectCert(t, newCertClient(t, base, nil, nil).get("/entrar"), http.StatusOK, "Entrar con certificado electrónico")

		// admin@caceres.es signs in with an empleado público certificate (IDCES- form).
		nif := userNIF(t, env.DB, apptest.Caceres)
		c := newCertClient(t, base, nil, withCert("IDCES-"+nif, "EMPLEADO PUBLICO - "+nif))
		res := c.get("/entrar/certificado?volver=/cuenta")
		if res.Status != http.StatusSeeOther || res.Location != "/cuenta" {
			t.Fatalf("certificate login: %d %q\n%.1500s", res.Status, res.Location, apptest.Text(res.Body))
		}
		c.headers = nil
		expectCert(t, c.get("/cuenta"), http.StatusOK, apptest.Caceres)
		var n int
		if err := env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'sesion.certificado' AND actor_id = $1`,
			env.UserID(t, apptest.Caceres)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit of certificate login: %d %v", n, err)
		}

		// A certificate is strong authentication: the Diputación administrator is not asked for TOTP.
		dipNIF := userNIF(t, env.DB, apptest.DipAdmin)
		c = newCertClient(t, base, nil, withCert("", "APELLIDO1 APELLIDO2 NOMBRE - "+dipNIF))
		if res := c.get("/entrar/certificado"); res.Status != http.StatusSeeOther || res.Location != "/" {
			t.Fatalf("dip admin certificate login: %d %q", res.Status, res.Location)
		}
		expectCert(t, c.get("/"), http.StatusOK)

		// No certificate, verification missing or failed, unknown NIF, invalid NIF.
		expectCert(t, newCertClient(t, base, nil, nil).get("/entrar/certificado"), http.StatusUnauthorized,
			"No se ha recibido ningún certificado electrónico")
		h := withCert("IDCES-"+nif, "")
		delete(h, "X-SSL-Client-Verify")
		expectCert(t, newCertClient(t, base, nil, h).get("/entrar/certificado"), http.StatusUnauthorized, "no es de confianza")
		h["X-SSL-Client-Verify"] = "FAILED:certificate has expired"
		expectCert(t, newCertClient(t, base, nil, h).get("/entrar/certificado"), http.StatusUnauthorized, "no es de confianza")
		expectCert(t, newCertClient(t, base, nil, withCert("IDCES-00000000T", "")).get("/entrar/certificado"), http.StatusForbidden,
			"No hay ninguna cuenta de Concejo para el NIF 00000000T")
		expectCert(t, newCertClient(t, base, nil, withCert("IDCES-12345678A", "")).get("/entrar/certificado"), http.StatusForbidden,
			"no contiene un NIF válido")

		// A blocked account is refused.
		if _, err := env.DB.ExecContext(ctx, `UPDATE users SET state = 'bloqueado' WHERE email = $1`, apptest.Plasencia); err != nil {
			t.Fatal(err)
		}
		blocked := userNIF(t, env.DB, apptest.Plasencia)
		expectCert(t, newCertClient(t, base, nil, withCert("IDCES-"+blocked, "")).get("/entrar/certificado"), http.StatusForbidden,
			"Su cuenta está bloqueada")
	})
}

func TestCertificateHeaderFromUntrustedSourceIgnored(t *testing.T) {
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "192.0.2.10")
	ca := certtest.NewCA(t, "AC FNMT de pruebas")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		nif := userNIF(t, env.DB, apptest.Caceres)
		h := map[string]string{"X-SSL-Client-Cert": certtest.Escaped(ca.Client(certtest.Subject("IDCES-"+nif, ""))),
			"X-SSL-Client-Verify": "SUCCESS"}
		c := newCertClient(t, env.Server.URL, nil, h)
		expectCert(t, c.get("/entrar/certificado"), http.StatusUnauthorized, "No se ha recibido ningún certificado electrónico")
		if res := c.get("/cuenta"); res.Status != http.StatusSeeOther {
			t.Fatalf("forged header must not sign in: %d", res.Status)
		}
	})
}

func TestCertificateLoginDisabled(t *testing.T) {
	t.Setenv("CONCEJO_CERT_HEADER", "")
	t.Setenv("CONCEJO_TLS_CLIENT_CA", "")
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := apptest.Start(t, d)
		c := newCertClient(t, env.Server.URL, nil, nil)
		res := c.get("/entrar")
		expectCert(t, res, http.StatusOK)
		if strings.Contains(res.Body, "/entrar/certificado") {
			t.Fatal("login page offers certificates when they are not configured")
		}
		expectCert(t, c.get("/entrar/certificado"), http.StatusNotFound, "no está habilitada")
	})
}

func TestCertificateLoginOverTLS(t *testing.T) {
	ca := certtest.NewCA(t, "AC FNMT de pruebas")
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(certtest.PEM(tls.Certificate{Certificate: [][]byte{ca.Cert.Raw}})), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CONCEJO_TLS_CLIENT_CA", caFile)
	t.Setenv("CONCEJO_CERT_HEADER", "")
	other := certtest.NewCA(t, "Otra AC")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		srv := httptest.NewUnstartedServer(env.App.Handler)
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Server()}, ClientCAs: ca.Pool(),
			ClientAuth: tls.VerifyClientCertIfGiven, MinVersion: tls.VersionTLS12}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		transport := func(certs ...tls.Certificate) *http.Transport {
			return &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), Certificates: certs, MinVersion: tls.VersionTLS12}}
		}
		nif := userNIF(t, env.DB, apptest.Caceres)

		c := newCertClient(t, srv.URL, transport(ca.Client(certtest.Subject("IDCES-"+nif, "EMPLEADO - "+nif))), nil)
		if res := c.get("/entrar/certificado"); res.Status != http.StatusSeeOther || res.Location != "/" {
			t.Fatalf("TLS certificate login: %d %q\n%.1000s", res.Status, res.Location, apptest.Text(res.Body))
		}
		expectCert(t, c.get("/cuenta"), http.StatusOK, apptest.Caceres)

		// Without a client certificate the page explains what is missing.
		expectCert(t, newCertClient(t, srv.URL, transport(), nil).get("/entrar/certificado"), http.StatusUnauthorized,
			"No se ha recibido ningún certificado electrónico")

		// A certificate from another CA does not pass the handshake.
		bad := newCertClient(t, srv.URL, transport(other.Client(certtest.Subject("IDCES-"+nif, ""))), nil)
		req, _ := http.NewRequest("GET", srv.URL+"/entrar/certificado", nil)
		if res, err := bad.http.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusSeeOther {
				t.Fatal("certificate of an unknown CA signed in")
			}
		}
	})
}
