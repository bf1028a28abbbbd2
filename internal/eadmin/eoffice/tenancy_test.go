package eoffice_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
)

func TestCitizensSeeOnlyTheirOwnSubmissions(t *testing.T) {
	idp := newTestIdP(t)
	t.Setenv("CONCEJO_CLAVE_METADATA", idp.metadataFile(t))
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		idp.env = env
		a := signInClave(t, env, idp, "10037", ana)
		res := present(t, a, "10037", map[string]string{"asunto": "Solicitud de Ana", "expone": "x", "solicita": "y"})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%.800s", res.Status, apptest.Text(res.Body))
		}
		sub := strings.TrimPrefix(res.Location, "/e/10037/sede/mis-registros?nuevo=")

		// A draft waiting on its check page is Ana's alone.
		res = submitForm(t, a, "10037", map[string]string{"asunto": "Borrador de Ana", "expone": "x", "solicita": "y"},
			upload{"a.pdf", pdf})
		check := res.Location

		l := signInClave(t, env, idp, "10037", luis)
		if res := l.Get(check); res.Status != http.StatusNotFound {
			t.Fatalf("Luis reads Ana's draft: %d", res.Status)
		}
		if res := l.Post(check, url.Values{}); res.Status != http.StatusNotFound {
			t.Fatalf("Luis presents Ana's draft: %d", res.Status)
		}
		// Ana corrects it (same answers back in the form) and presents it twice: one entry.
		apptest.Expect(t, a.Get("/e/10037/sede/solicitud?borrador="+strings.TrimPrefix(check, "/e/10037/sede/solicitud/")),
			http.StatusOK, `value="Borrador de Ana"`)
		before := env.Count(t, `SELECT COUNT(*) FROM eoffice_submissions`)
		first := a.Post(check, url.Values{})
		if first.Status != http.StatusSeeOther || !strings.Contains(first.Location, "nuevo=") {
			t.Fatalf("present: %d %q", first.Status, first.Location)
		}
		if res := a.Post(check, url.Values{}); res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "/mis-registros") {
			t.Fatalf("second click: %d %q", res.Status, res.Location)
		} else if res.Location != first.Location {
			t.Fatalf("second click leads to %q, the first to %q", res.Location, first.Location)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM eoffice_submissions`); n != before+1 {
			t.Fatalf("submissions after a double click: %d, want %d", n, before+1)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM eoffice_draft_files`); n != 0 {
			t.Fatalf("draft files left: %d", n)
		}

		res = l.Get("/e/10037/sede/mis-registros")
		apptest.Expect(t, res, http.StatusOK, "Todavía no ha presentado nada", "Luis Pérez Martín")
		if strings.Contains(res.Body, "Solicitud de Ana") {
			t.Fatal("Luis sees Ana's submission")
		}
		if res := l.Get("/e/10037/sede/mis-registros?nuevo=" + sub); strings.Contains(res.Body, "Solicitud registrada") {
			t.Fatal("Luis sees Ana's confirmation")
		}
		if res := l.Get("/e/10037/sede/mis-registros/" + sub + "/justificante"); res.Status != http.StatusNotFound {
			t.Fatalf("Luis downloads Ana's justificante: %d", res.Status)
		}
		apptest.Expect(t, a.Get("/e/10037/sede/mis-registros"), http.StatusOK, "Solicitud de Ana")

		// Ana identified at Cáceres is nobody at Plasencia, and her Cáceres
		// submission does not exist there.
		if res := a.Get("/e/10148/sede/mis-registros"); res.Status != http.StatusSeeOther {
			t.Fatalf("Cáceres session at Plasencia: %d", res.Status)
		}
		pa := signInClave(t, env, idp, "10148", ana)
		if res := pa.Get("/e/10148/sede/mis-registros"); strings.Contains(res.Body, "Solicitud de Ana") {
			t.Fatal("Cáceres submission listed at Plasencia")
		}
		if res := pa.Get("/e/10148/sede/mis-registros/" + sub + "/justificante"); res.Status != http.StatusNotFound {
			t.Fatalf("Cáceres justificante at Plasencia: %d", res.Status)
		}

		// Staff and citizen sessions never mix.
		staff := env.Login(t, apptest.Caceres)
		if res := staff.Get("/e/10037/sede/mis-registros"); res.Status != http.StatusSeeOther {
			t.Fatalf("a staff session counts as a citizen: %d", res.Status)
		}
		if res := a.Get("/sede-electronica"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/entrar") {
			t.Fatalf("a citizen session counts as staff: %d %q", res.Status, res.Location)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM sessions WHERE user_id IS NULL`); n != 0 {
			t.Fatalf("citizen sessions in the staff table: %d", n)
		}
	})
}

// certClient sends the proxy's certificate headers on every request.
type certClient struct {
	base    string
	http    *http.Client
	headers map[string]string
}

func (c *certClient) get(path string) (int, string, string) {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, "", err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func TestCitizenCertificateSignIn(t *testing.T) {
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	ca := certtest.NewCA(t, "AC FNMT Usuarios de pruebas")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		newClient := func(h map[string]string) *certClient {
			jar, _ := cookiejar.New(nil)
			return &certClient{base: env.Server.URL, headers: h, http: &http.Client{Jar: jar,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		with := func(serial, cn string) map[string]string {
			return map[string]string{"X-SSL-Client-Cert": certtest.Escaped(ca.Client(certtest.Subject(serial, cn))),
				"X-SSL-Client-Verify": "SUCCESS"}
		}
		if st, _, body := newClient(nil).get("/e/10037/sede/entrar"); st != http.StatusOK || !strings.Contains(body, "Identificarse con certificado") {
			t.Fatalf("sign-in page: %d", st)
		}
		// A citizen with no Concejo account identifies with his certificate.
		c := newClient(with("IDCES-87654321X", "PEREZ MARTIN LUIS - 87654321X"))
		st, loc, body := c.get("/e/10037/sede/entrar/certificado?volver=" + url.QueryEscape("/e/10037/sede/solicitud"))
		if st != http.StatusSeeOther || loc != "/e/10037/sede/solicitud" {
			t.Fatalf("certificate sign-in: %d %q %.300s", st, loc, apptest.Text(body))
		}
		c.headers = nil
		st, _, body = c.get("/e/10037/sede/solicitud")
		if st != http.StatusOK || !strings.Contains(body, "87654321X") || !strings.Contains(body, "PEREZ MARTIN LUIS") {
			t.Fatalf("form after certificate: %d %.500s", st, apptest.Text(body))
		}
		// An open redirect is not followed.
		st, loc, _ = newClient(with("IDCES-87654321X", "")).get("/e/10037/sede/entrar/certificado?volver=" + url.QueryEscape("https://malo.example/"))
		if st != http.StatusSeeOther || loc != "/e/10037/sede/mis-registros" {
			t.Fatalf("volver outside the sede: %d %q", st, loc)
		}
		// No certificate, unverified, not a person's NIF.
		if st, _, _ := newClient(nil).get("/e/10037/sede/entrar/certificado"); st != http.StatusUnauthorized {
			t.Fatalf("no certificate: %d", st)
		}
		h := with("IDCES-87654321X", "")
		h["X-SSL-Client-Verify"] = "FAILED:expired"
		if st, _, _ := newClient(h).get("/e/10037/sede/entrar/certificado"); st != http.StatusUnauthorized {
			t.Fatalf("unverified certificate: %d", st)
		}
		if st, _, _ := newClient(with("IDCES-12345678A", "")).get("/e/10037/sede/entrar/certificado"); st != http.StatusForbidden {
			t.Fatalf("invalid NIF: %d", st)
		}
	})
}
