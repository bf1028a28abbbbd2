package eoffice_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crewjam/saml"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/eoffice/clave"
	signedpdf "concejo/internal/platform/pdf"
)

var (
	ana  = person{NIF: "12345678Z", Name: "Ana", Surnames: "García López", LoA: clave.LoASubstantial}
	luis = person{NIF: "87654321X", Name: "Luis", Surnames: "Pérez Martín", LoA: clave.LoAHigh}
)

// startClave follows "Identificarse con Cl@ve" and returns the IdP URL.
func startClave(t *testing.T, c *apptest.Client, sede, volver string) string {
	t.Helper()
	res := c.Get("/e/" + sede + "/sede/entrar/clave?volver=" + url.QueryEscape(volver))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("entrar/clave: %d\n%.500s", res.Status, apptest.Text(res.Body))
	}
	return res.Location
}

// signInClave identifies who at the sede through the test IdP.
func signInClave(t *testing.T, env *apptest.Env, idp *testIdP, sede string, who person) *apptest.Client {
	t.Helper()
	c := env.Anonymous(t)
	loc := startClave(t, c, sede, "/e/"+sede+"/sede/mis-registros")
	res := c.Post("/e/"+sede+"/sede/saml/acs", url.Values{"SAMLResponse": {idp.answer(t, loc, who, nil)}})
	if res.Status != http.StatusSeeOther || res.Location != "/e/"+sede+"/sede/mis-registros" {
		t.Fatalf("ACS: %d %q\n%.800s", res.Status, res.Location, apptest.Text(res.Body))
	}
	return c
}

type upload struct{ name, body string }

// submitForm posts the solicitud general as multipart.
func submitForm(t *testing.T, c *apptest.Client, sede string, fields map[string]string, files ...upload) apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile("documentos", f.name)
		fw.Write([]byte(f.body))
	}
	if len(files) == 0 {
		fw, _ := w.CreateFormFile("documentos", "")
		fw.Write(nil)
	}
	w.Close()
	return c.Do(http.MethodPost, "/e/"+sede+"/sede/solicitud", w.FormDataContentType(), &buf)
}

// present submits the form, checks the "compruebe su solicitud" page and
// presents it; it returns the last response.
func present(t *testing.T, c *apptest.Client, sede string, fields map[string]string, files ...upload) apptest.Response {
	t.Helper()
	res := submitForm(t, c, sede, fields, files...)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/e/"+sede+"/sede/solicitud/") {
		t.Fatalf("submit: %d %q\n%.1500s", res.Status, res.Location, apptest.Text(res.Body))
	}
	check := res.Location
	apptest.Expect(t, c.Get(check), http.StatusOK, "Compruebe su solicitud", fields["asunto"], "Presentar la solicitud")
	return c.Post(check, url.Values{})
}

const pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

func TestClaveSignInSubmitAndMyRegistries(t *testing.T) {
	idp := newTestIdP(t)
	t.Setenv("CONCEJO_CLAVE_METADATA", idp.metadataFile(t))
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		idp.env = env
		// The SP metadata names the sede's ACS and a signing key.
		res := env.Anonymous(t).Get("/e/10037/sede/saml/metadata")
		apptest.Expect(t, res, http.StatusOK, `entityID="http://concejo.test/e/10037/sede/saml/metadata"`,
			`Location="http://concejo.test/e/10037/sede/saml/acs"`, `AuthnRequestsSigned="true"`)

		// An anonymous visitor is sent to identify himself, then to the IdP
		// with a signed AuthnRequest carrying the eIDAS extensions and LoA.
		c := env.Anonymous(t)
		res = c.Get("/e/10037/sede/solicitud")
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/e/10037/sede/entrar?volver=") {
			t.Fatalf("solicitud without identification: %d %q", res.Status, res.Location)
		}
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "Identificarse con Cl@ve")
		loc := startClave(t, c, "10037", "/e/10037/sede/solicitud")
		req, err := saml.NewIdpAuthnRequest(idp.idp, mustGet(loc))
		if err != nil {
			t.Fatal(err)
		}
		if err := req.Validate(); err != nil {
			t.Fatalf("AuthnRequest refused by the IdP: %v", err)
		}
		for _, want := range []string{"eidas:SPType", "public", clave.AttrPersonIdentifier, `Comparison="minimum"`,
			clave.LoASubstantial, `ForceAuthn="true"`, `AssertionConsumerServiceURL="http://concejo.test/e/10037/sede/saml/acs"`} {
			if !strings.Contains(string(req.RequestBuffer), want) {
				t.Fatalf("AuthnRequest lacks %q:\n%s", want, req.RequestBuffer)
			}
		}

		// The IdP answers (signed, encrypted); the ACS opens the citizen session.
		res = c.Post("/e/10037/sede/saml/acs", url.Values{"SAMLResponse": {idp.answer(t, loc, ana, nil)}})
		if res.Status != http.StatusSeeOther || res.Location != "/e/10037/sede/solicitud" {
			t.Fatalf("ACS: %d %q\n%.800s", res.Status, res.Location, apptest.Text(res.Body))
		}
		if ck := res.Header.Get("Set-Cookie"); !strings.Contains(ck, "concejo_ciudadano=") || !strings.Contains(ck, "HttpOnly") {
			t.Fatalf("citizen cookie: %q", ck)
		}
		apptest.Expect(t, c.Get("/e/10037/sede/solicitud"), http.StatusOK, "Ana García López", "12345678Z", "Cl@ve")

		// Validation: Spanish messages, 422, nothing registered.
		before := env.Count(t, `SELECT COUNT(*) FROM eoffice_submissions`)
		res = submitForm(t, c, "10037", map[string]string{"asunto": strings.Repeat("x", 121), "email": "no-es-correo"},
			upload{"foto.exe", "MZ\x90\x00"})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Hay un problema", "No puede tener más de 120 caracteres",
			"Escriba los hechos y razones", "Escriba qué pide", "no es un PDF, JPG ni PNG")
		if env.Count(t, `SELECT COUNT(*) FROM eoffice_submissions`) != before {
			t.Fatal("an invalid submission was recorded")
		}
		res = submitForm(t, c, "10037", map[string]string{"asunto": "Ruido", "expone": "a", "solicita": "b"},
			upload{"1.pdf", pdf}, upload{"2.pdf", pdf}, upload{"3.pdf", pdf}, upload{"4.pdf", pdf}, upload{"5.pdf", pdf}, upload{"6.pdf", pdf})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "como máximo 5 documentos")

		// A valid submission makes a registry entry and hands back the justificante.
		res = present(t, c, "10037", map[string]string{"asunto": "Ruido nocturno en la calle Pizarro",
			"expone": "Que desde hace semanas hay ruido por la noche.", "solicita": "Que se inspeccione el local.",
			"email": "ana@example.org", "procedimiento": "INSTANCIA"},
			upload{"denuncia.pdf", pdf}, upload{"foto.jpg", "\xff\xd8\xff\xe0JFIF"})
		if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "/e/10037/sede/mis-registros?nuevo=") {
			t.Fatalf("submit: %d %q\n%.1500s", res.Status, res.Location, apptest.Text(res.Body))
		}
		year := time.Now().Year()
		apptest.Expect(t, c.Get(res.Location), http.StatusOK, "Solicitud registrada", "/E/", "Descargar el justificante",
			"Ruido nocturno en la calle Pizarro")
		subID := strings.TrimPrefix(res.Location, "/e/10037/sede/mis-registros?nuevo=")
		number := env.String(t, `SELECT entry_number FROM eoffice_submissions WHERE id = $1`, subID)
		if !strings.HasPrefix(number, itoa(year)+"/E/") {
			t.Fatalf("entry number %q", number)
		}
		entry := env.String(t, `SELECT entry_id FROM eoffice_submissions WHERE id = $1`, subID)
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_documents WHERE entry_id = $1`, entry); n != 2 {
			t.Fatalf("registry documents: %d", n)
		}
		res = c.Get("/e/10037/sede/mis-registros/" + subID + "/justificante")
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("justificante: %d %q", res.Status, res.Header.Get("Content-Type"))
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'sede.solicitud' AND object_id = $1`, subID); n != 1 {
			t.Fatalf("audit of the submission: %d", n)
		}
		// The justificante is sealed, and the sede publishes the seal.
		if sigs, err := signedpdf.Signatures([]byte(res.Body)); err != nil || len(sigs) != 1 || !sigs[0].DigestValid ||
			!strings.Contains(sigs[0].SignerName, "Sello electrónico del Ayuntamiento de Cáceres") {
			t.Fatalf("justificante's seal: %+v %v", sigs, err)
		}
		apptest.Expect(t, c.Get("/e/10037/sede/aviso-legal"), http.StatusOK, "Sellos electrónicos", "Sello electrónico del Ayuntamiento de Cáceres (NIF")

		// Logging out ends the session.
		if res := c.Post("/e/10037/sede/salir", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("salir: %d", res.Status)
		}
		if res := c.Get("/e/10037/sede/mis-registros"); res.Status != http.StatusSeeOther {
			t.Fatalf("after salir: %d", res.Status)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustGet(u string) *http.Request {
	r, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		panic(err)
	}
	return r
}
