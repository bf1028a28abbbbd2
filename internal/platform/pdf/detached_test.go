package pdf

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"concejo/internal/platform/trust"
)

// cms signs content with the test signer, detached or attached.
func cms(t *testing.T, content []byte, detached bool) []byte {
	t.Helper()
	p := getPKI(t)
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(p.cert, p.key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	if detached {
		sd.Detach()
	}
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestVerifyDetachedCMS: a detached signature is verified over the
// content given, and asks for it when none is; an attached one over the
// content it carries, which the content given must equal.
func TestVerifyDetachedCMS(t *testing.T) {
	content := []byte("Solicitud de licencia de obra menor")
	other := []byte("Solicitud de licencia de obra mayor")
	detached, attached := cms(t, content, true), cms(t, content, false)
	for name, c := range map[string]struct {
		der, content []byte
		intact       bool
	}{
		"separada":                  {detached, content, true},
		"separada, otro documento":  {detached, other, false},
		"implícita":                 {attached, nil, true},
		"implícita, mismo original": {attached, content, true},
		"implícita, otro original":  {attached, other, false},
	} {
		s, err := VerifyDetachedCMS(c.der, c.content)
		if err != nil || s.DigestValid != c.intact || s.Format != CAdES || s.SignerNIF != testNIF {
			t.Errorf("%s: %v, intact %v (want %v), format %q, NIF %q", name, err, s.DigestValid, c.intact, s.Format, s.SignerNIF)
		}
	}
	if _, err := VerifyDetachedCMS(detached, nil); !errors.Is(err, ErrNoContent) {
		t.Errorf("detached without content: %v, want ErrNoContent", err)
	}
	if _, err := VerifyDetachedCMS([]byte("0 no es CMS"), content); !errors.Is(err, ErrUnreadableSignature) {
		t.Errorf("not CMS: %v", err)
	}
}

// TestChecksByFormat: only a PDF's signature speaks of later changes to
// the file, and the declared signing time is named as each format calls it.
func TestChecksByFormat(t *testing.T) {
	p := getPKI(t)
	v := &trust.Verifier{Store: trust.NewStore(nil, nil)}
	signed := time.Now().Add(-time.Minute)
	for format, want := range map[string]string{CAdES: "atributo signingTime", XAdES: "propiedad SigningTime"} {
		s := SignatureOf(format, p.cert, nil, signed, true)
		if s.SignerNIF != testNIF || s.Issuer != testCA || s.TimeSource != TimeSigningAttr {
			t.Errorf("%s: %+v", format, s)
		}
		txt := verifyText(Verify(context.Background(), v, s))
		if !strings.Contains(txt, want) || strings.Contains(txt, "Modificaciones") || strings.Contains(txt, "se modificó") {
			t.Errorf("%s:\n%s", format, txt)
		}
	}
	_, pdfSigned := fixtures(t)
	if txt := verifyText(Verify(context.Background(), v, onlySignature(t, pdfSigned))); !strings.Contains(txt, "Modificaciones: ninguna") {
		t.Errorf("PAdES:\n%s", txt)
	}
}
