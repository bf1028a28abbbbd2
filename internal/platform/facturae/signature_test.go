package facturae

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/sign"
)

// signedSample is the unsigned 3.2.1 sample signed (enveloped XAdES over
// the whole document) with a test certificate of NIF 12345678Z.
func signedSample(t *testing.T, at time.Time) []byte {
	t.Helper()
	ca := certtest.NewCA(t, "CA DE PRUEBAS FACTURAE")
	c := ca.Signer(certtest.Name("ESPAÑOL ESPAÑOL JUAN", "12345678Z"), certtest.SignerOptions{RSA: true})
	k := sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}}
	data := bytes.TrimPrefix(readSample(t, "invoice_amounts_withheld.xml"), []byte("\xef\xbb\xbf"))
	out, err := sign.Sign(sign.XAdESEnveloped, data, k, sign.Options{Time: at})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifySignatureValid(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 21, 0, 0, time.UTC)
	data := signedSample(t, at)
	r, err := VerifySignature(data)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid() || r.Count != 1 || r.Signer.NIF != "12345678Z" || !r.Time.Equal(at) || r.Subject == "" {
		t.Errorf("%+v", r)
	}
	if _, err := Parse(data); err != nil {
		t.Errorf("the signed invoice does not parse: %v", err)
	}
}

func TestVerifySignatureTampered(t *testing.T) {
	data := signedSample(t, time.Time{})
	data = bytes.Replace(data, []byte("ES4445556666000000000022"), []byte("ES9121000418450200051332"), 1)
	r, err := VerifySignature(data)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Signed || r.Intact || r.Valid() {
		t.Errorf("a changed IBAN keeps the signature intact: %+v", r)
	}
}

func TestVerifySignatureNotXML(t *testing.T) {
	_, err := VerifySignature([]byte("no es XML"))
	var e *Error
	if !errors.As(err, &e) || e.Msg != "No se puede comprobar la firma: el fichero no es un XML legible." {
		t.Errorf("got %v", err)
	}
}
