package sigcheck_test

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"sync"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
	"concejo/internal/platform/trust"
)

// pki is a CA the verifier trusts, with a public employee's certificate
// of the FNMT profile (entity, post and DNI in the SubjectAltName).
type pki struct {
	ca       *certtest.CA
	employee sign.Key
	verifier *trust.Verifier
}

func newPKI(t testing.TB) pki {
	t.Helper()
	ca := certtest.NewCA(t, "AC PRUEBAS ADMINISTRACION")
	san := certtest.DirectoryName(map[string]string{"2.16.724.1.3.5.7.2.2": "AYUNTAMIENTO DE CACERES",
		"2.16.724.1.3.5.7.2.3": "P1003700I", "2.16.724.1.3.5.7.2.4": "12345678Z", "2.16.724.1.3.5.7.2.6": "ANA",
		"2.16.724.1.3.5.7.2.7": "GARCIA", "2.16.724.1.3.5.7.2.8": "LOPEZ", "2.16.724.1.3.5.7.2.11": "SECRETARIA"})
	c := ca.Signer(certtest.Subject("IDCES-12345678Z", "ANA GARCIA LOPEZ - DNI 12345678Z"),
		certtest.SignerOptions{RSA: true, Extensions: []pkix.Extension{san}})
	return pki{ca: ca, employee: sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}},
		verifier: &trust.Verifier{Store: trust.NewStore([]*x509.Certificate{ca.Cert}, nil)}}
}

// sign signs data in format f with the employee's key.
func (p pki) sign(t testing.TB, f sign.Format, data []byte, o sign.Options) []byte {
	t.Helper()
	out, err := sign.Sign(f, data, p.employee, o)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	unsignedOnce sync.Once
	unsignedPDF  []byte
)

// unsigned is a one-page PDF of the platform, not signed.
func unsigned(t testing.TB) []byte {
	t.Helper()
	unsignedOnce.Do(func() {
		unsignedPDF, _ = pdf.Render(pdf.Document{Issuer: "Ayuntamiento de Cáceres", Title: "Licencia de obra menor",
			Paragraphs: []string{"Se concede la licencia solicitada."}, Date: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)})
	})
	if unsignedPDF == nil {
		t.Fatal("pdf.Render failed")
	}
	return unsignedPDF
}

// eniDocument is an ENI document whose content is content, with a XAdES
// enveloped signature of the employee over it (TF03).
func (p pki) eniDocument(t testing.TB, content []byte) []byte {
	t.Helper()
	d := eni.Document{Identifier: eni.Identifier("L01100377", 2026, "LICENCIA1"), Organ: "L01100377",
		Captured: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), FromAdministration: true, Elaboration: "EE01",
		DocType: "TD02", Content: content, Format: "PDF"}
	data, err := d.XML()
	if err != nil {
		t.Fatal(err)
	}
	firma := `<enids:firmas><enids:firma Id="FIRMA" ref="#CONTENIDO"><enids:TipoFirma>TF03</enids:TipoFirma>` +
		`<enids:ContenidoFirma><enids:FirmaConCertificado></enids:FirmaConCertificado></enids:ContenidoFirma></enids:firma></enids:firmas>`
	data = bytes.Replace(data, []byte("</enidoc:documento>"), []byte(firma+"</enidoc:documento>"), 1)
	return p.sign(t, sign.XAdESEnveloped, data, sign.Options{Reference: "CONTENIDO", Parent: "FirmaConCertificado"})
}
