package sign

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"concejo/internal/platform/auth/certtest"
)

// testTime is the claimed time of the test signatures.
var testTime = time.Date(2026, 3, 14, 10, 21, 0, 0, time.FixedZone("CET", 3600))

// testKey is a signer's key with a certificate of a test CA.
func testKey(t *testing.T, ca *certtest.CA, rsa bool) Key {
	t.Helper()
	c := ca.Signer(certtest.Name("ESPAÑOL ESPAÑOL JUAN", "12345678Z"), certtest.SignerOptions{RSA: rsa})
	return Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}}
}

// xmlsec1 verifies a signed file with xmlsec1, trusting only ca, with the
// Id attributes of the named elements declared; it returns the output
// and the exit status, and skips the test when xmlsec1 is not installed.
func xmlsec1(t *testing.T, signed []byte, ca *x509.Certificate, idElements ...string) (string, int) {
	t.Helper()
	bin, err := exec.LookPath("xmlsec1")
	if err != nil {
		t.Skip("xmlsec1 (xmlsec1 package) not installed")
	}
	dir := t.TempDir()
	caFile, file := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "signed.xml")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, signed, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--verify", "--trusted-pem", caFile, "--id-attr:Id", nsXAdES + ":SignedProperties"}
	for _, el := range idElements {
		args = append(args, "--id-attr:Id", el)
	}
	out, err := exec.Command(bin, append(args, file)...).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

const testXML = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="estilo.xsl" type="text/xsl"?>
<acta xmlns="urn:concejo:acta" xmlns:p="urn:concejo:pleno" xml:lang="es">
  <!-- borrador -->
  <p:acuerdo Id="ACUERDO" p:numero="7">Se aprueba el gasto &amp; la obra de «la plaza»</p:acuerdo>
  <firmas>cuerpo de firmas</firmas>
</acta>
`

// TestXAdESXmlsec1: enveloped over the whole document and over one
// element, and detached over XML and over binary data, with ECDSA and RSA
// keys, verify with xmlsec1 against the CA and with VerifyXAdES; one
// changed character of the signed text makes both fail, while a change
// outside the signed element does not.
func TestXAdESXmlsec1(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	latin1 := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><oficio>Cáceres, a 14 de marzo</oficio>")
	latin1 = bytes.ReplaceAll(latin1, []byte("á"), []byte{0xe1})
	cases := []struct {
		name     string
		format   Format
		data     []byte
		o        Options
		ids      []string
		signed   string // a piece of signed text, changed to tamper
		unsigned string // a piece of text outside what is signed, or ""
	}{
		{"whole document", XAdESEnveloped, []byte(testXML), Options{}, nil, "cuerpo", ""},
		{"one element", XAdESEnveloped, []byte(testXML), Options{Reference: "ACUERDO", Parent: "firmas"},
			[]string{"urn:concejo:pleno:acuerdo"}, "la plaza", "cuerpo"},
		{"latin-1 document", XAdESEnveloped, latin1, Options{}, nil, "marzo", ""},
		{"detached xml", XAdESDetached, []byte(testXML), Options{}, []string{"CONTENT"}, "la plaza", ""},
		{"detached binary", XAdESDetached, []byte("%PDF-1.4\n\x00\x01\x02 resolución"), Options{}, []string{"CONTENT"},
			base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n\x00\x01\x02 resolución"))[:8], ""},
	}
	for _, rsa := range []bool{false, true} {
		k := testKey(t, ca, rsa)
		for _, c := range cases {
			name := c.name
			if rsa {
				name += " rsa"
			}
			c.o.Time = testTime
			signed, err := Sign(c.format, c.data, k, c.o)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out, status := xmlsec1(t, signed, ca.Cert, c.ids...)
			if status != 0 || !strings.Contains(out, "OK\nSignedInfo References (ok/all): 3/3") {
				t.Errorf("%s: xmlsec1 refuses (%d):\n%s\n%s", name, status, out, signed)
			}
			got, err := VerifyXAdES(signed)
			if err != nil || len(got) != 1 || !got[0].Intact || got[0].Format != c.format ||
				!got[0].Signer.Equal(k.Chain[0]) || len(got[0].Chain) != 2 || !got[0].Time.Equal(testTime) {
				t.Errorf("%s: VerifyXAdES %+v %v", name, got, err)
			}

			tampered := bytes.Replace(signed, []byte(c.signed), []byte("X"+c.signed[1:]), 1)
			if bytes.Equal(tampered, signed) {
				t.Fatalf("%s: %q not in the signed file", name, c.signed)
			}
			out, status = xmlsec1(t, tampered, ca.Cert, c.ids...)
			if status != 1 || !strings.Contains(out, "data and digest do not match") || !strings.Contains(out, "FAIL") {
				t.Errorf("%s: xmlsec1 accepts the tampered file (%d):\n%s", name, status, out)
			}
			if got, err := VerifyXAdES(tampered); err != nil || len(got) != 1 || got[0].Intact {
				t.Errorf("%s: tampered file reported intact: %+v %v", name, got, err)
			}

			if c.unsigned != "" {
				outside := bytes.Replace(signed, []byte(c.unsigned), []byte("X"+c.unsigned[1:]), 1)
				if _, status := xmlsec1(t, outside, ca.Cert, c.ids...); status != 0 {
					t.Errorf("%s: a change outside the signed element broke the signature", name)
				}
				if got, _ := VerifyXAdES(outside); len(got) != 1 || !got[0].Intact {
					t.Errorf("%s: a change outside the signed element broke VerifyXAdES", name)
				}
			}
		}
	}
}

// TestXAdESTwoHalves: the signature value made elsewhere over the hash of
// ToBeSigned completes the file; ECDSA's DER value becomes r||s; a value
// from another key is refused.
func TestXAdESTwoHalves(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	k := testKey(t, ca, false)
	p, err := Prepare(XAdESEnveloped, []byte(testXML), k.Chain, Options{Time: testTime})
	if err != nil {
		t.Fatal(err)
	}
	if p.Hash != crypto.SHA256 || !bytes.HasPrefix(p.ToBeSigned, []byte(`<ds:SignedInfo xmlns="urn:concejo:acta" xmlns:ds=`)) {
		t.Fatalf("to be signed: %v %s", p.Hash, p.ToBeSigned)
	}
	sum := sha256.Sum256(p.ToBeSigned)
	other := testKey(t, ca, false)
	wrong, _ := other.Signer.Sign(rand.Reader, sum[:], crypto.SHA256)
	if _, err := p.Finish(wrong); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a value of another key: %v", err)
	}
	der, _ := k.Signer.Sign(rand.Reader, sum[:], crypto.SHA256)
	signed, err := p.Finish(der)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(textOf(t, signed, "SignatureValue"))
	var rs struct{ R, S *big.Int }
	asn1.Unmarshal(der, &rs)
	if len(raw) != 64 || new(big.Int).SetBytes(raw[:32]).Cmp(rs.R) != 0 || new(big.Int).SetBytes(raw[32:]).Cmp(rs.S) != 0 {
		t.Errorf("SignatureValue is not r||s: %x", raw)
	}
	if got, err := VerifyXAdES(signed); err != nil || len(got) != 1 || !got[0].Intact {
		t.Errorf("verify %+v %v", got, err)
	}
}

// resign signs data enveloped as Sign does, but with the prepared
// ds:Signature changed by change before its digests and value are made:
// the constructs other signers use.
func resign(t *testing.T, data []byte, k Key, o Options, change func(sig *etree.Element)) []byte {
	t.Helper()
	p, err := Prepare(XAdESEnveloped, data, k.Chain, o)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := ParseXML(p.State)
	var sig *etree.Element
	walkElements(doc.Root(), func(e *etree.Element) {
		if isElem(e, nsDS, "SignatureValue") && e.Text() == "" {
			sig = e.Parent()
		}
	})
	change(sig)
	si := xmlChild(sig, nsDS, "SignedInfo")
	for _, ref := range xmlChildren(si, nsDS, "Reference") {
		sum, err := referenceDigest(doc, sig, ref)
		if err != nil {
			t.Fatal(err)
		}
		xmlChild(ref, nsDS, "DigestValue").SetText(base64.StdEncoding.EncodeToString(sum))
	}
	if p.ToBeSigned, err = c14nElement(si, xmlAttr(xmlChild(si, nsDS, "CanonicalizationMethod"), "Algorithm"), "", false); err != nil {
		t.Fatal(err)
	}
	p.State, _ = writeXML(doc)
	h := sha256.Sum256(p.ToBeSigned)
	value, _ := k.Signer.Sign(rand.Reader, h[:], crypto.SHA256)
	signed, err := p.Finish(value)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// withXPath leaves out every signature by the XPath transform
// not(ancestor-or-self::ds:Signature) instead of the enveloped one, as
// AutoFirma co-signs.
func withXPath(sig *etree.Element) {
	ref := xmlChild(xmlChild(sig, nsDS, "SignedInfo"), nsDS, "Reference")
	transform := xmlChild(xmlChild(ref, nsDS, "Transforms"), nsDS, "Transform")
	transform.CreateAttr("Algorithm", xmlXPath)
	transform.CreateElement("ds:XPath").SetText("not(ancestor-or-self::ds:Signature)")
}

// canonicalizedBy makes every canonicalization of the signature alg.
func canonicalizedBy(alg string) func(*etree.Element) {
	return func(sig *etree.Element) {
		walkElements(sig, func(e *etree.Element) {
			if a := xmlAttr(e, "Algorithm"); a == xmlC14N && (isElem(e, nsDS, "Transform") || isElem(e, nsDS, "CanonicalizationMethod")) {
				e.CreateAttr("Algorithm", alg)
			}
		})
	}
}

// TestVerifyXAdESCanonicalizations: signatures canonicalized by exclusive
// C14N and by C14N 1.1 verify with xmlsec1 and VerifyXAdES.
func TestVerifyXAdESCanonicalizations(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	k := testKey(t, ca, false)
	for _, alg := range []string{xmlExcC14N, xmlC14N11} {
		signed := resign(t, []byte(testXML), k, Options{Reference: "ACUERDO", Parent: "firmas"}, canonicalizedBy(alg))
		if !strings.Contains(string(signed), `<ds:CanonicalizationMethod Algorithm="`+alg+`"/>`) {
			t.Fatalf("%s not used:\n%s", alg, signed)
		}
		if out, status := xmlsec1(t, signed, ca.Cert, "urn:concejo:pleno:acuerdo"); status != 0 {
			t.Errorf("%s: xmlsec1 (%d):\n%s", alg, status, out)
		}
		if got, err := VerifyXAdES(signed); err != nil || len(got) != 1 || !got[0].Intact {
			t.Errorf("%s: %+v %v", alg, got, err)
		}
	}
}

// TestVerifyXAdESCoSigned: a second enveloped signature over the whole
// document breaks the first one when they use the enveloped transform, and
// not when they leave out every signature by XPath; xmlsec1 agrees on the
// first signature of the file.
func TestVerifyXAdESCoSigned(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	first, second := testKey(t, ca, false), testKey(t, ca, true)
	both := resign(t, resign(t, []byte(testXML), first, Options{}, withXPath), second, Options{}, withXPath)
	got, err := VerifyXAdES(both)
	if err != nil || len(got) != 2 || !got[0].Intact || !got[1].Intact ||
		!got[0].Signer.Equal(first.Chain[0]) || !got[1].Signer.Equal(second.Chain[0]) {
		t.Errorf("XPath co-signature: %+v %v", got, err)
	}
	if out, status := xmlsec1(t, both, ca.Cert); status != 0 {
		t.Errorf("xmlsec1 (%d):\n%s", status, out)
	}
	once, _ := Sign(XAdESEnveloped, []byte(testXML), first, Options{})
	twice, _ := Sign(XAdESEnveloped, once, second, Options{})
	if got, err := VerifyXAdES(twice); err != nil || len(got) != 2 || got[0].Intact || !got[1].Intact {
		t.Errorf("enveloped co-signature: %+v %v", got, err)
	}
}

// textOf returns the text of the first element called local in data.
func textOf(t *testing.T, data []byte, local string) string {
	t.Helper()
	doc, err := ParseXML(data)
	if err != nil {
		t.Fatal(err)
	}
	var el *etree.Element
	walkElements(doc.Root(), func(e *etree.Element) {
		if el == nil && e.Tag == local {
			el = e
		}
	})
	if el == nil {
		t.Fatalf("no %s in %s", local, data)
	}
	return el.Text()
}

// TestXAdESProperties: the signed properties carry the signing time, the
// signer's certificate by SHA-256 and issuer-serial, the AGE policy 1.9
// and the content's format, tied to the content's reference.
func TestXAdESProperties(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	k := testKey(t, ca, true)
	signed, err := Sign(XAdESDetached, []byte("datos"), k, Options{Time: testTime})
	if err != nil {
		t.Fatal(err)
	}
	for local, want := range map[string]string{
		"SigningTime": "2026-03-14T10:21:00+01:00",
		"Identifier":  "urn:oid:2.16.724.1.3.1.1.2.1.9",
		"SPURI":       "https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf",
		"MimeType":    "application/octet-stream",
		"Encoding":    "http://www.w3.org/2000/09/xmldsig#base64",
		"CONTENT":     base64.StdEncoding.EncodeToString([]byte("datos")),
	} {
		if got := textOf(t, signed, local); got != want {
			t.Errorf("%s = %q, want %q", local, got, want)
		}
	}
	s := string(signed)
	policyHash := `<xades:SigPolicyHash><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>` +
		`<ds:DigestValue>G7roucf600+f03r/o0bAOQ6WAs0=</ds:DigestValue>`
	certSum := sha256.Sum256(k.Chain[0].Raw)
	certDigest := `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>` +
		`<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>` +
		`<ds:DigestValue>` + base64.StdEncoding.EncodeToString(certSum[:]) + `</ds:DigestValue>`
	for _, want := range []string{policyHash, certDigest} {
		if !strings.Contains(s, want) {
			t.Errorf("%s missing:\n%s", want, s)
		}
	}
	der, _ := base64.StdEncoding.DecodeString(textOf(t, signed, "IssuerSerialV2"))
	var is struct {
		Issuer []asn1.RawValue
		Serial *big.Int
	}
	if _, err := asn1.Unmarshal(der, &is); err != nil || len(is.Issuer) != 1 || is.Issuer[0].Tag != 4 ||
		!bytes.Equal(is.Issuer[0].Bytes, k.Chain[0].RawIssuer) || is.Serial.Cmp(k.Chain[0].SerialNumber) != 0 {
		t.Errorf("IssuerSerialV2 %+v %v", is, err)
	}
	doc, _ := ParseXML(signed)
	ref := doc.FindElement("//Reference[@Type='http://www.w3.org/2000/09/xmldsig#Object']")
	dof := doc.FindElement("//DataObjectFormat")
	if ref == nil || dof == nil || xmlAttr(dof, "ObjectReference") != "#"+xmlAttr(ref, "Id") {
		t.Errorf("DataObjectFormat not tied to the content reference")
	}
}

// TestXAdESRefuses: what cannot be signed as asked is refused before the
// key is used.
func TestXAdESRefuses(t *testing.T) {
	ca := certtest.NewCA(t, "AC Pruebas")
	k := testKey(t, ca, false)
	for name, c := range map[string]struct {
		data []byte
		o    Options
	}{
		"not xml":         {[]byte("%PDF-1.4"), Options{}},
		"unknown element": {[]byte(testXML), Options{Reference: "NADA"}},
		"unknown parent":  {[]byte(testXML), Options{Parent: "nada"}},
		"repeated id":     {[]byte(`<a><b Id="X"/><c Id="X"/></a>`), Options{Reference: "X"}},
	} {
		if _, err := Prepare(XAdESEnveloped, c.data, k.Chain, c.o); !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Prepare(XAdESDetached, []byte("datos"), k.Chain, Options{TSA: "http://127.0.0.1:1/tsa"}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("time-stamp: %v", err)
	}
}

// TestVerifyXAdESNone: a file without signatures has none; what is not
// XML is an error meant for the user.
func TestVerifyXAdESNone(t *testing.T) {
	if got, err := VerifyXAdES([]byte(testXML)); err != nil || len(got) != 0 {
		t.Errorf("%+v %v", got, err)
	}
	if _, err := VerifyXAdES([]byte("%PDF-1.4")); !errors.Is(err, ErrUnreadableXML) {
		t.Errorf("%v", err)
	}
}

// FuzzVerifyXAdES: no file makes VerifyXAdES panic, and a signature it
// reports intact has a signer.
func FuzzVerifyXAdES(f *testing.F) {
	ca := certtest.NewCA(f, "AC Pruebas")
	c := ca.Signer(certtest.Name("ESPAÑOL ESPAÑOL JUAN", "12345678Z"), certtest.SignerOptions{})
	k := Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf}}
	for _, o := range []Options{{}, {Reference: "ACUERDO", Parent: "firmas"}} {
		signed, err := Sign(XAdESEnveloped, []byte(testXML), k, o)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(signed)
	}
	detached, _ := Sign(XAdESDetached, []byte("datos"), k, Options{})
	f.Add(detached)
	f.Add([]byte(testXML))
	f.Add([]byte(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:Reference URI=""/></ds:SignedInfo></ds:Signature>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _ := VerifyXAdES(data)
		for _, s := range got {
			if s.Intact && s.Signer == nil {
				t.Errorf("intact without signer")
			}
		}
	})
}
