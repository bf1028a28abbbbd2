package digitise

import (
	"crypto"
	"crypto/x509"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// The caller seals the copy with the entity's seal (PAdES, as kit.SealPDF
// does): the signature must cover the whole copy and verify.
func TestAuthenticCopySurvivesTheSeal(t *testing.T) {
	ca := certtest.NewCA(t, "AC PRUEBAS CONCEJO")
	cert := ca.Signer(certtest.Subject("P1000000A", "SELLO DE ORGANO AYUNTAMIENTO DE PLASENCIA"), certtest.SignerOptions{})
	key := sign.Key{Signer: cert.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{cert.Leaf, ca.Cert}}
	copyPDF, err := AuthenticCopy([]Upload{
		{"hoja.jpg", encodeJPEG(t, scan(620, 877, false))},
		{"anexo.pdf", letter(t, 1)},
		{"dorso.tiff", encodeTIFF(binary.LittleEndian, true, scan(620, 877, true))},
	}, attestation())
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := sign.Sign(sign.PAdES, copyPDF, key, sign.Options{Time: time.Now(), Reason: "Copia auténtica"})
	if err != nil {
		t.Fatalf("no se puede sellar la copia: %v", err)
	}
	sigs, err := pdf.Signatures(sealed)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("firmas de la copia sellada: %d, %v", len(sigs), err)
	}
	if s := sigs[0]; !s.DigestValid || !s.CoversWholeFile {
		t.Fatalf("el sello no es íntegro o no cubre toda la copia: %+v", s)
	}
	if n := pageCountOf(t, sealed); n != pageCountOf(t, copyPDF) {
		t.Errorf("la copia sellada tiene %d páginas", n)
	}
	if _, err := exec.LookPath("pdfsig"); err != nil {
		return
	}
	f := filepath.Join(t.TempDir(), "sellada.pdf")
	if err := os.WriteFile(f, sealed, 0o644); err != nil {
		t.Fatal(err)
	}
	report, _ := exec.Command("pdfsig", f).CombinedOutput()
	if !strings.Contains(string(report), "Signature is Valid") || !strings.Contains(string(report), "Total document signed") {
		t.Errorf("pdfsig no da por válido el sello de la copia:\n%s", report)
	}
}
