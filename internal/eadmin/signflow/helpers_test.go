package signflow_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// Cáceres' signers in the demo.
const (
	alcaldia   = "alcaldia@caceres.es"
	secretaria = "secretaria@caceres.es"
)

// samplePDF is a one-page document to sign.
func samplePDF(t testing.TB, title string) []byte {
	t.Helper()
	b, err := pdf.Render(pdf.Document{Issuer: "Ayuntamiento de Cáceres", Title: title,
		Paragraphs: []string{"Texto del documento que se somete a firma."}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var requestRe = regexp.MustCompile(`^/portafirmas/([0-9A-Za-z]+)$`)

// requestID reads the id of a request from the redirect after creating it.
func requestID(t testing.TB, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.800s", res.Status, apptest.Text(res.Body))
	}
	m := requestRe.FindStringSubmatch(res.Location)
	if m == nil {
		t.Fatalf("location %q", res.Location)
	}
	return m[1]
}

// twoSteps is a circuit: visto bueno of the secretary, then the mayor's signature.
func twoSteps(env *apptest.Env, t testing.TB) url.Values {
	return url.Values{"titulo": {"Decreto de aprobación de facturas"}, "tipo": {"resolucion"},
		"paso1_accion": {"visto_bueno"}, "paso1_modo": {"todos"}, "paso1_personas": {env.UserID(t, secretaria)},
		"paso2_accion": {"firma"}, "paso2_modo": {"todos"}, "paso2_personas": {env.UserID(t, alcaldia)}}
}

// submit sends a PDF to a circuit as c and returns the request's id.
func submit(t testing.TB, c *apptest.Client, form url.Values, content []byte) string {
	t.Helper()
	return requestID(t, c.PostFiles(t, "/portafirmas", form, "documento", apptest.File{Name: "decreto.pdf", Content: content}))
}

// mustStatus fails unless res has the status.
func mustStatus(t testing.TB, res apptest.Response, want int, what string) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("%s: status %d, want %d\n%.1200s", what, res.Status, want, apptest.Text(res.Body))
	}
}

// verifyCAdES checks a detached signature over content, and that it fails
// over other bytes.
func verifyCAdES(t testing.TB, sig, content []byte) {
	t.Helper()
	s, err := sign.VerifyCAdES(sig, content)
	if err != nil || !s.Intact || !strings.Contains(s.Signer.Subject.CommonName, "GALLARDO") {
		t.Fatalf("CAdES: %+v %v", s, err)
	}
	if s, err := sign.VerifyCAdES(sig, append([]byte("x"), content...)); err == nil && s.Intact {
		t.Fatal("the signature verifies over other bytes")
	}
}
