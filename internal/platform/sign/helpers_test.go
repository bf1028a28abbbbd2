package sign

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
)

const (
	testNIF  = "12345678Z"
	testName = "GARCIA LOPEZ MARIA - " + testNIF
)

// testPKI is a CA with an employee's RSA certificate (as FNMT's cards) and
// an organ's ECDSA seal.
type testPKI struct {
	ca             *certtest.CA
	employee, seal Key
}

func newPKI(tb testing.TB) testPKI {
	tb.Helper()
	ca := certtest.NewCA(tb, "AC PRUEBAS CONCEJO")
	key := func(c tls.Certificate) Key {
		return Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}}
	}
	return testPKI{ca: ca,
		employee: key(ca.Signer(certtest.Name("GARCIA LOPEZ MARIA", testNIF), certtest.SignerOptions{RSA: true})),
		seal:     key(ca.Signer(certtest.Subject("P1000000A", "SELLO DE ORGANO DIPUTACION DE PRUEBAS"), certtest.SignerOptions{}))}
}

// caFile writes the CA's certificate in PEM for the command-line tools.
func (p testPKI) caFile(tb testing.TB) string {
	return writeTestFile(tb, "ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.ca.Cert.Raw}))
}

var (
	volanteOnce sync.Once
	volantePDF  []byte
	volanteErr  error
)

// volante is a typical one-page document of the platform.
func volante(tb testing.TB) []byte {
	tb.Helper()
	volanteOnce.Do(func() {
		volantePDF, volanteErr = pdf.Render(pdf.Document{
			Issuer: "Ayuntamiento de Villanueva de la Vera", IssuerSub: "Secretaría",
			Title: "Volante de empadronamiento", Reference: "Expediente PAD-2026-000451",
			Fields: []pdf.Field{{Label: "Nombre", Value: "María García López"}, {Label: "DNI", Value: testNIF},
				{Label: "Domicilio", Value: "Calle Real, 12, 10470 Villanueva de la Vera (Cáceres)"},
				{Label: "Fecha de alta", Value: "3 de marzo de 2019"}},
			Paragraphs: []string{"Según los datos que constan en el Padrón Municipal de Habitantes, la persona " +
				"indicada figura empadronada en este municipio en el domicilio señalado."},
			SignatureLines: []string{"El/La Secretario/a", "Documento firmado con sello de órgano"},
			CSV:            "CNC-7Q2X-9KLM-44ZA", VerifyURL: "https://concejo.example/verificar?csv=CNC-7Q2X-9KLM-44ZA",
			Date: time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
		})
	})
	if volanteErr != nil {
		tb.Fatal(volanteErr)
	}
	return volantePDF
}

// writeFile writes data to a file of a temporary directory of the test.
func writeTestFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	f := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(f, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return f
}

// tool returns the path of a command-line tool, skipping the test when it
// is not installed.
func testTool(t *testing.T, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		t.Skip(name + " (" + pkg + ") not installed")
	}
	return bin
}
