package portal_test

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

// browser is a visitor's browser that can present an electronic
// certificate the way the trusted proxy passes it (headers), as in the
// sede's own tests.
type browser struct {
	t    *testing.T
	env  *apptest.Env
	http *http.Client
}

func newBrowser(t *testing.T, env *apptest.Env) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, env: env, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values, header map[string]string) apptest.Response {
	b.t.Helper()
	req, err := http.NewRequest(method, b.env.Server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return apptest.Response{Status: res.StatusCode, Body: string(body), Location: res.Header.Get("Location"), Header: res.Header}
}

func (b *browser) get(path string) apptest.Response { return b.do(http.MethodGet, path, nil, nil) }

func (b *browser) post(path string, form url.Values) apptest.Response {
	return b.do(http.MethodPost, path, form, nil)
}

// identify follows the sede's sign-in page that signIn names, presenting a
// certificate of nif, and checks that it comes back to the page it names.
func (b *browser) identify(ca *certtest.CA, signIn, nif string) {
	b.t.Helper()
	u, err := url.Parse(signIn)
	if err != nil || !strings.HasSuffix(u.Path, "/sede/entrar") {
		b.t.Fatalf("not the sede's sign-in page: %q", signIn)
	}
	back := u.Query().Get("volver")
	apptest.Expect(b.t, b.get(signIn), http.StatusOK, "Identificarse con certificado")
	cert := map[string]string{"X-SSL-Client-Cert": certtest.Escaped(ca.Client(certtest.Subject("IDCES-"+nif, "CIUDADANO - "+nif))),
		"X-SSL-Client-Verify": "SUCCESS"}
	res := b.do(http.MethodGet, u.Path+"/certificado?volver="+url.QueryEscape(back), nil, cert)
	if res.Status != http.StatusSeeOther || res.Location != back {
		b.t.Fatalf("certificate sign-in: %d %q, want back to %q\n%.300s", res.Status, res.Location, back, apptest.Text(res.Body))
	}
}

// TestRestrictedSurveyIdentifiesAtTheSede: an inhabitant-only survey takes
// the respondent's NIF from the sede's identification (here a certificate),
// never from the form; only the identified person learns whether he is in
// the padrón; one answer per person; identification at another entity's
// sede does not count.
func TestRestrictedSurveyIdentifiesAtTheSede(t *testing.T) {
	t.Setenv("CONCEJO_CERT_HEADER", "X-SSL-Client-Cert")
	t.Setenv("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify")
	t.Setenv("CONCEJO_TRUSTED_PROXIES", "127.0.0.1,::1")
	ca := certtest.NewCA(t, "AC FNMT Usuarios de pruebas")
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/portal/encuestas", url.Values{"titulo": {"Presupuestos participativos"}, "restringida": {"1"},
			"apertura_fecha": {"2026-01-10"}, "cierre_fecha": {"2099-02-10"}, "pregunta1": {"¿Qué obra prefiere?"}, "tipo1": {"una"},
			"opciones1": {"Parque\nCalle"}})
		apptest.Expect(t, res, http.StatusSeeOther)
		rid := strings.TrimPrefix(res.Location, "/portal/encuestas/")
		path := "/e/" + inePlasencia + "/encuestas/" + rid
		answers := func() int { return env.Count(t, `SELECT COUNT(*) FROM portal_answers WHERE survey_id = $1`, rid) }
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		inhabitants := func(offset int) string {
			return env.String(t, `SELECT doc_number FROM census_inscriptions WHERE entity_id = $1 AND active AND doc_type = 'dni'
				ORDER BY doc_number LIMIT 1 OFFSET $2`, pl, offset)
		}
		ana, luis := inhabitants(0), inhabitants(1)
		const outsider = "00000001R"
		if env.Count(t, `SELECT COUNT(*) FROM census_inscriptions WHERE doc_number = $1`, outsider) != 0 {
			t.Fatal("the outsider is in the padrón")
		}

		// Anonymous: the page sends to the sede's identification; a post,
		// with whatever document, answers nothing and tells nothing.
		anon := newBrowser(t, env)
		res = anon.get(path)
		apptest.Expect(t, res, http.StatusOK, "Solo para personas empadronadas", "Identificarse para responder", path+"/responder")
		if strings.Contains(res.Body, `name="documento"`) {
			t.Error("a restricted survey must not ask for a document number")
		}
		res = anon.get(path + "/responder")
		signIn := "/e/" + inePlasencia + "/sede/entrar?volver=" + url.QueryEscape(path+"/responder")
		if res.Status != http.StatusSeeOther || res.Location != signIn {
			t.Fatalf("answer page without identification: %d %q, want %q", res.Status, res.Location, signIn)
		}
		in := anon.post(path, url.Values{"p1": {"Parque"}, "documento": {ana}})
		out := anon.post(path, url.Values{"p1": {"Parque"}, "documento": {outsider}})
		if in.Status != http.StatusSeeOther || in.Location != signIn || out.Status != in.Status || out.Location != in.Location || out.Body != in.Body {
			t.Fatalf("anonymous posts: %d %q / %d %q", in.Status, in.Location, out.Status, out.Location)
		}
		if n := answers(); n != 0 {
			t.Fatalf("anonymous answers: %d", n)
		}

		// Ana identifies at Plasencia's sede and comes back to the form; the
		// document in the form (someone else's) is ignored: she answers once.
		a := newBrowser(t, env)
		a.identify(ca, a.get(path+"/responder").Location, ana)
		res = a.get(path + "/responder")
		apptest.Expect(t, res, http.StatusOK, "Responde como", "¿Qué obra prefiere?", "Enviar mi respuesta")
		if strings.Contains(res.Body, `name="documento"`) || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("identified form: documento field or cacheable (%q)", res.Header.Get("Cache-Control"))
		}
		res = a.post(path, url.Values{"p1": {"Parque"}, "documento": {luis}})
		if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Location, "/resultados?gracias=1") {
			t.Fatalf("answer: %d %q\n%.500s", res.Status, res.Location, apptest.Text(res.Body))
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_answers WHERE survey_id = $1 AND age_band <> ''`, rid); n != 1 {
			t.Fatalf("verified answers: %d", n)
		}
		apptest.Expect(t, a.post(path, url.Values{"p1": {"Calle"}}), http.StatusConflict, "Ya ha respondido")
		apptest.Expect(t, a.get(path+"/responder"), http.StatusConflict, "Ya ha respondido")
		if n := answers(); n != 1 {
			t.Fatalf("answers after a second try: %d", n)
		}

		// Someone not in the padrón is told so, about himself only.
		o := newBrowser(t, env)
		o.identify(ca, signIn, outsider)
		apptest.Expect(t, o.get(path+"/responder"), http.StatusForbidden, "no figura en su padrón")
		apptest.Expect(t, o.post(path, url.Values{"p1": {"Parque"}, "documento": {luis}}), http.StatusForbidden, "no figura en su padrón")

		// Luis identified at Cáceres's sede is nobody at Plasencia: he is sent
		// to identify there, and then answers.
		l := newBrowser(t, env)
		l.identify(ca, "/e/"+ineCaceres+"/sede/entrar?volver="+url.QueryEscape("/e/"+ineCaceres+"/sede/mis-registros"), luis)
		if res := l.post(path, url.Values{"p1": {"Calle"}}); res.Status != http.StatusSeeOther || res.Location != signIn {
			t.Fatalf("Cáceres identification at Plasencia: %d %q", res.Status, res.Location)
		}
		if n := answers(); n != 1 {
			t.Fatalf("answers after another sede's identification: %d", n)
		}
		l.identify(ca, signIn, luis)
		apptest.Expect(t, l.post(path, url.Values{"p1": {"Calle"}}), http.StatusSeeOther)
		if n := answers(); n != 2 {
			t.Fatalf("answers: %d, want 2", n)
		}
		// The digest is keyed with the server's secret, not a constant.
		if n := env.Count(t, `SELECT COUNT(*) FROM portal_secrets WHERE id = 'encuestas' AND LENGTH(secret) >= 40`); n != 1 {
			t.Fatalf("survey secret: %d", n)
		}
	})
}
