package pdf

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
)

// craftSigned builds a minimal signed PDF by hand, with the signature
// dictionary entries in the order Acrobat and iText use (/Contents before
// /ByteRange when contentsFirst) and optionally without signed attributes.
func craftSigned(t *testing.T, subFilter string, contentsFirst, withAttrs bool, key crypto.Signer, cert *x509.Certificate) []byte {
	t.Helper()
	placeholder := "<" + strings.Repeat("0", 8192) + ">"
	br := "/ByteRange [0 0000000000 0000000000 0000000000]"
	entries := []string{"/Type /Sig", "/Filter /Adobe.PPKLite", "/SubFilter /" + subFilter,
		"/M (D:20261127113000+01'00')", "/Prop_Build << /App << /Name /Prueba >> >>"}
	if contentsFirst {
		entries = append(entries, "/Contents "+placeholder, br)
	} else {
		entries = append(entries, br, "/Contents "+placeholder)
	}
	doc := "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n7 0 obj\n<< " + strings.Join(entries, "\n") +
		" >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
	data := []byte(doc)
	s := bytes.Index(data, []byte(placeholder))
	e := s + len(placeholder)
	real := fmt.Sprintf("/ByteRange [0 %d %d %d]", s, e, len(data)-e)
	real += strings.Repeat(" ", len(br)-len(real))
	copy(data[bytes.Index(data, []byte(br)):], real)

	sd, err := pkcs7.NewSignedData(append(bytes.Clone(data[:s]), data[e:]...))
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if withAttrs {
		err = sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{})
	} else {
		err = sd.SignWithoutAttr(cert, key, pkcs7.SignerInfoConfig{})
	}
	if err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	copy(data[s+1:], strings.ToUpper(hex.EncodeToString(der)))
	return data
}

func TestSignaturesCAdESContentsFirst(t *testing.T) {
	p := getPKI(t)
	data := craftSigned(t, "ETSI.CAdES.detached", true, true, p.key, p.cert)
	s := onlySignature(t, data)
	if s.SubFilter != "ETSI.CAdES.detached" || !s.DigestValid || !s.CoversWholeFile || s.SignerNIF != testNIF {
		t.Errorf("got %+v", s)
	}
	if time.Since(s.SigningTime).Abs() > time.Hour {
		t.Errorf("SigningTime = %v, want the CMS signingTime (now)", s.SigningTime)
	}
}

func TestSignaturesWithoutSignedAttributes(t *testing.T) {
	p := getPKI(t)
	for _, k := range []struct {
		name string
		key  crypto.Signer
		cert *x509.Certificate
	}{{"rsa", p.key, p.cert}, {"ecdsa", p.ecKey, p.ecCert}} {
		t.Run(k.name, func(t *testing.T) {
			data := craftSigned(t, "adbe.pkcs7.detached", false, false, k.key, k.cert)
			s := onlySignature(t, data)
			if !s.DigestValid || !s.CoversWholeFile {
				t.Errorf("got %+v", s)
			}
			// No CMS signingTime: /M of the dictionary is used.
			if want := time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC); !s.SigningTime.Equal(want) {
				t.Errorf("SigningTime = %v, want %v from /M", s.SigningTime, want)
			}
			data[20] ^= 1 // inside "1 0 obj << /Type /Catalog >>"
			if s := onlySignature(t, data); s.DigestValid {
				t.Error("DigestValid = true after tampering")
			}
		})
	}
}

// The fallback used for BER signatures must see the same signed attributes
// as the raw DER parse.
func TestSignerInfoFallback(t *testing.T) {
	_, signed := fixtures(t)
	r, err := parseByteRange(signed, bytes.Index(signed, []byte("/ByteRange")))
	if err != nil {
		t.Fatal(err)
	}
	hx, _ := contentsHex(signed, r)
	der, _ := decodeHex(hx)
	der = derPrefix(der)
	raw, err := parseSignerInfo(der)
	if err != nil {
		t.Fatal(err)
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	fb := signerInfoFromPKCS7(p7)
	if !bytes.Equal(raw.signedAttrs, fb.signedAttrs) || !bytes.Equal(raw.signature, fb.signature) ||
		!bytes.Equal(raw.issuer, fb.issuer) || raw.serial.Cmp(fb.serial) != 0 || !raw.digestAlg.Equal(fb.digestAlg) {
		t.Error("fallback signer info differs from the DER parse")
	}
	if findSigner(p7.Certificates, fb) != findSigner(p7.Certificates, raw) {
		t.Error("fallback finds a different signer certificate")
	}
}
