package pdf

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dpdf "github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
)

const (
	testCN  = "GARCIA LOPEZ MARIA - 12345678Z"
	testNIF = "12345678Z"
	testCA  = "AC PRUEBAS CONCEJO"
)

// testPKI is a throw-away CA and signer certificate.
type testPKI struct {
	ca     *x509.Certificate
	cert   *x509.Certificate
	key    crypto.Signer
	ecCert *x509.Certificate
	ecKey  crypto.Signer
}

var (
	pkiOnce sync.Once
	pki     testPKI
	pkiErr  error

	fixOnce                sync.Once
	fixUnsigned, fixSigned []byte
	fixErr                 error
)

func newTestPKI() (testPKI, error) {
	var p testPKI
	now := time.Now()
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return p, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: testCA, Organization: []string{"Diputación de Pruebas"}, Country: []string{"ES"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return p, err
	}
	if p.ca, err = x509.ParseCertificate(caDER); err != nil {
		return p, err
	}
	leaf := func(serial int64, pub crypto.PublicKey) (*x509.Certificate, error) {
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject: pkix.Name{
				CommonName:   testCN,
				SerialNumber: "IDCES-" + testNIF,
				Country:      []string{"ES"},
			},
			NotBefore: now.Add(-time.Hour),
			NotAfter:  now.Add(24 * time.Hour),
			KeyUsage:  x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, pub, caKey)
		if err != nil {
			return nil, err
		}
		return x509.ParseCertificate(der)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return p, err
	}
	p.key = rk
	if p.cert, err = leaf(2, rk.Public()); err != nil {
		return p, err
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return p, err
	}
	p.ecKey = ek
	p.ecCert, err = leaf(3, ek.Public())
	return p, err
}

func getPKI(tb testing.TB) testPKI {
	tb.Helper()
	pkiOnce.Do(func() { pki, pkiErr = newTestPKI() })
	if pkiErr != nil {
		tb.Fatal(pkiErr)
	}
	return pki
}

var signDate = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

// signPDF signs in with pdfsign (an incremental update, as Autofirma does).
func signPDF(tb testing.TB, in []byte, key crypto.Signer, cert *x509.Certificate) []byte {
	tb.Helper()
	return signChain(tb, in, key, []*x509.Certificate{cert, getPKI(tb).ca}, "")
}

// signChain signs in with key, sending chain (the signer's certificate
// first) and, when tsa is not empty, asking that time-stamp authority for a
// signature time-stamp.
func signChain(tb testing.TB, in []byte, key crypto.Signer, chain []*x509.Certificate, tsa string) []byte {
	tb.Helper()
	rdr, err := dpdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		tb.Fatalf("pdf reader: %v", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{
				Name: "María García López", Location: "Villanueva de la Vera",
				Reason: "Adhesión a Concejo", Date: signDate,
			},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer:            key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       chain[0],
		CertificateChains: [][]*x509.Certificate{chain},
		TSA:               sign.TSA{URL: tsa},
	})
	if err != nil {
		tb.Fatalf("sign: %v", err)
	}
	return out.Bytes()
}

// fixtures returns an unsigned rendered document and its signed version.
func fixtures(tb testing.TB) (unsigned, signed []byte) {
	tb.Helper()
	p := getPKI(tb)
	fixOnce.Do(func() {
		fixUnsigned, fixErr = Render(sampleDocument())
		if fixErr == nil {
			fixSigned = signPDF(tb, fixUnsigned, p.key, p.cert)
		}
	})
	if fixErr != nil {
		tb.Fatal(fixErr)
	}
	return fixUnsigned, fixSigned
}

func onlySignature(t *testing.T, data []byte) Signature {
	t.Helper()
	sigs, err := Signatures(data)
	if err != nil {
		t.Fatalf("Signatures: %v", err)
	}
	if len(sigs) != 1 {
		t.Fatalf("got %d signatures, want 1: %+v", len(sigs), sigs)
	}
	return sigs[0]
}

func TestSignaturesSigned(t *testing.T) {
	_, signed := fixtures(t)
	s := onlySignature(t, signed)
	if s.SignerName != testCN || s.SignerNIF != testNIF || s.Issuer != testCA {
		t.Errorf("signer = %q / %q / %q", s.SignerName, s.SignerNIF, s.Issuer)
	}
	if s.SubFilter != "adbe.pkcs7.detached" {
		t.Errorf("SubFilter = %q", s.SubFilter)
	}
	if !s.DigestValid || !s.CoversWholeFile {
		t.Errorf("DigestValid=%v CoversWholeFile=%v, want both true", s.DigestValid, s.CoversWholeFile)
	}
	if s.SigningTime.IsZero() || time.Since(s.SigningTime).Abs() > time.Hour && !s.SigningTime.Equal(signDate) {
		t.Errorf("SigningTime = %v", s.SigningTime)
	}
	if dir := os.Getenv("PDF_TEST_OUT"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "signed.pdf"), signed, 0o644)
	}
}

func TestSignaturesECDSA(t *testing.T) {
	unsigned, _ := fixtures(t)
	p := getPKI(t)
	s := onlySignature(t, signPDF(t, unsigned, p.ecKey, p.ecCert))
	if !s.DigestValid || !s.CoversWholeFile || s.SignerNIF != testNIF {
		t.Errorf("ECDSA signature: %+v", s)
	}
}

func TestSignaturesTampered(t *testing.T) {
	_, signed := fixtures(t)
	r, err := parseByteRange(signed, bytes.Index(signed, []byte("/ByteRange")))
	if err != nil {
		t.Fatal(err)
	}
	for name, off := range map[string]int{
		"first range":  r.b / 2,
		"second range": r.c + r.d/2,
	} {
		t.Run(name, func(t *testing.T) {
			bad := bytes.Clone(signed)
			bad[off] ^= 0x01
			s := onlySignature(t, bad)
			if s.DigestValid {
				t.Error("DigestValid = true after tampering")
			}
			if s.SignerNIF != testNIF {
				t.Errorf("signer still expected, got %+v", s)
			}
		})
	}
}

func TestSignaturesIncrementalChange(t *testing.T) {
	_, signed := fixtures(t)
	later := append(bytes.Clone(signed), "\n99 0 obj\n<< /Annot (cambio posterior) >>\nendobj\n%%EOF\n"...)
	s := onlySignature(t, later)
	if s.CoversWholeFile {
		t.Error("CoversWholeFile = true after appending an update")
	}
	if !s.DigestValid {
		t.Error("DigestValid must stay true: the signed bytes are intact")
	}
	// Trailing white space after %%EOF cannot change the document.
	if s := onlySignature(t, append(bytes.Clone(signed), "\r\n\n"...)); !s.CoversWholeFile {
		t.Error("trailing white space should not count as a change")
	}
}

func TestSignaturesTwoSigners(t *testing.T) {
	_, signed := fixtures(t)
	p := getPKI(t)
	twice := signPDF(t, signed, p.ecKey, p.ecCert)
	sigs, err := Signatures(twice)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 {
		t.Fatalf("got %d signatures, want 2", len(sigs))
	}
	if !sigs[0].DigestValid || sigs[0].CoversWholeFile {
		t.Errorf("first signature: %+v, want valid and not covering the later update", sigs[0])
	}
	if !sigs[1].DigestValid || !sigs[1].CoversWholeFile {
		t.Errorf("second signature: %+v, want valid and covering", sigs[1])
	}
}

func TestSignaturesErrors(t *testing.T) {
	unsigned, signed := fixtures(t)
	random := make([]byte, 4096)
	_, _ = rand.Read(random)
	random[0] = 'x'

	if _, err := Signatures(unsigned); !errors.Is(err, ErrNoSignature) {
		t.Errorf("unsigned: err = %v, want ErrNoSignature", err)
	}
	for name, in := range map[string][]byte{"random": random, "empty": nil, "text": []byte("hola")} {
		if _, err := Signatures(in); !errors.Is(err, ErrNotPDF) {
			t.Errorf("%s: err = %v, want ErrNotPDF", name, err)
		}
	}

	// Corrupt the CMS: the signature dictionary is there but unreadable.
	r, _ := parseByteRange(signed, bytes.Index(signed, []byte("/ByteRange")))
	corrupt := bytes.Clone(signed)
	for i := r.holeStart() + 1; i < r.holeEnd()-1; i++ {
		corrupt[i] = 'A'
	}
	// Truncated upload: the ByteRange points past the end of the file.
	truncated := signed[:len(signed)-200]
	for name, in := range map[string][]byte{"corrupt": corrupt, "truncated": truncated} {
		sigs, err := Signatures(in)
		if !errors.Is(err, ErrUnreadableSignature) || sigs != nil {
			t.Errorf("%s: %v, %v; want ErrUnreadableSignature", name, sigs, err)
			continue
		}
		if err.Error() != ErrUnreadableSignature.Error() {
			t.Errorf("%s: message %q is not the user-facing one", name, err)
		}
	}
}

func TestSignaturesPdfsig(t *testing.T) {
	bin, err := exec.LookPath("pdfsig")
	if err != nil {
		t.Skip("pdfsig (poppler-utils) not installed")
	}
	_, signed := fixtures(t)
	f := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(f, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(bin, f).CombinedOutput()
	txt := string(out)
	if !strings.Contains(txt, testCN) || !strings.Contains(txt, "Signature is Valid") {
		t.Errorf("pdfsig does not recognise the signature:\n%s", txt)
	}
	if !strings.Contains(txt, "Total document signed") {
		t.Errorf("pdfsig says the document is not fully signed:\n%s", txt)
	}
}

func TestNIF(t *testing.T) {
	cases := []struct {
		subject pkix.Name
		want    string
	}{
		{pkix.Name{CommonName: testCN, SerialNumber: "IDCES-12345678Z"}, "12345678Z"},
		{pkix.Name{CommonName: "X", SerialNumber: "12345678Z"}, "12345678Z"},
		{pkix.Name{CommonName: "GARCIA LOPEZ MARIA - 12345678Z"}, "12345678Z"},
		{pkix.Name{CommonName: "X1234567L JUAN PEREZ (R: P1000000A)"}, "X1234567L"},
		{pkix.Name{CommonName: "Sin NIF"}, ""},
	}
	for _, c := range cases {
		if got := HolderOf(&x509.Certificate{Subject: c.subject}).NIF; got != c.want {
			t.Errorf("HolderOf(%v).NIF = %q, want %q", c.subject, got, c.want)
		}
	}
}

func TestParsePDFDate(t *testing.T) {
	cases := map[string]time.Time{
		"D:20261127103000+01'00'": time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
		"D:20261127103000Z":       time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
		"D:2026":                  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		"D:20260305-05'30":        time.Date(2026, 3, 5, 5, 30, 0, 0, time.UTC),
	}
	for in, want := range cases {
		got, ok := parsePDFDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("parsePDFDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "D:", "D:20a6", "D:20261327"} {
		if _, ok := parsePDFDate(in); ok {
			t.Errorf("parsePDFDate(%q) accepted", in)
		}
	}
}

func FuzzSignatures(f *testing.F) {
	unsigned, signed := fixtures(f)
	f.Add(signed)
	f.Add(unsigned)
	f.Add([]byte("%PDF-1.7\n1 0 obj\n<< /Type /Sig /SubFilter /adbe.pkcs7.detached /M (D:2026) " +
		"/ByteRange [0 60 70 20] /Contents <3082000130> >>\nendobj\n%%EOF\n"))
	f.Add([]byte("%PDF-1.4\n/ByteRange [0 1 2 3]/Contents<>"))
	f.Add([]byte("%PDF-1.4\n/ByteRange[ 999999999999 1 2 3 ]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := Signatures(data)
		if err == nil && len(sigs) == 0 {
			t.Fatal("no error and no signatures")
		}
		if err != nil && sigs != nil {
			t.Fatal("signatures returned together with an error")
		}
	})
}
