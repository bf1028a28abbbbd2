package sign

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
)

var signedAt = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func TestCAdESOpenSSL(t *testing.T) {
	bin := testTool(t, "openssl", "openssl")
	p := newPKI(t)
	data := volante(t)
	csig, err := Sign(CAdES, data, p.employee, Options{Time: signedAt})
	if err != nil {
		t.Fatal(err)
	}
	sigFile, ca := writeTestFile(t, "x.csig", csig), p.caFile(t)
	verify := func(content []byte) (string, error) {
		out, err := exec.Command(bin, "cms", "-verify", "-inform", "DER", "-binary", "-in", sigFile,
			"-content", writeTestFile(t, "data", content), "-CAfile", ca, "-purpose", "any", "-out", "/dev/null").CombinedOutput()
		return string(out), err
	}
	if out, err := verify(data); err != nil || !strings.Contains(out, "CMS Verification successful") {
		t.Fatalf("openssl rejects the signature (%v):\n%s", err, out)
	}
	tampered := bytes.Clone(data)
	tampered[len(tampered)/2] ^= 1
	out, err := verify(tampered)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 4 || !strings.Contains(out, "CMS Verification failure") ||
		!strings.Contains(out, "content verify error") {
		t.Fatalf("openssl accepts altered content (%v):\n%s", err, out)
	}

	dump, err := exec.Command(bin, "cms", "-cmsout", "-print", "-inform", "DER", "-in", sigFile).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl cms -print: %v\n%s", err, dump)
	}
	for _, want := range []string{
		"id-smime-aa-ets-sigPolicyId", ":2.16.724.1.3.1.1.2.1.9", "1BBAE8B9C7FAD34F9FD37AFFA346C0390E9602CD", // the policy's SHA-1
		"IA5STRING         :" + agePolicyURL, "id-smime-aa-signingCertificateV2", ":AC PRUEBAS CONCEJO",
		"signingTime", "UTCTIME:Nov 27 10:30:00 2026 GMT", "messageDigest", "contentType", "eContent: <ABSENT>",
	} {
		if !strings.Contains(string(dump), want) {
			t.Errorf("no %q in the CMS:\n%s", want, dump)
		}
	}
}

func TestVerifyCAdES(t *testing.T) {
	p := newPKI(t)
	data := []byte("Contenido del documento firmado\n")
	for name, k := range map[string]Key{"RSA": p.employee, "ECDSA": p.seal} {
		t.Run(name, func(t *testing.T) {
			csig, err := Sign(CAdES, data, k, Options{Time: signedAt})
			if err != nil {
				t.Fatal(err)
			}
			s, err := VerifyCAdES(csig, data)
			if err != nil || !s.Intact || s.Format != CAdES || !s.Signer.Equal(k.Chain[0]) || len(s.Chain) != 2 ||
				!s.Time.Equal(signedAt) {
				t.Fatalf("VerifyCAdES = %+v, %v", s, err)
			}
			if s, err := VerifyCAdES(csig, append(bytes.Clone(data), '.')); err != nil || s.Intact {
				t.Fatalf("altered content: %+v, %v", s, err)
			}
		})
	}
	if _, err := VerifyCAdES([]byte("no es una firma"), data); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("garbage: %v, want ErrUnreadable", err)
	}
}

// keep is what a server keeps between the two requests of the trifásica
// flow: the pending signature as JSON.
func keepPending(t *testing.T, p *Pending) *Pending {
	t.Helper()
	j, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Pending
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	return &back
}

// pkcs1 is what AutoFirma does with the card: the PKCS#1 v1.5 signature of
// the SHA-256 of ToBeSigned.
func pkcs1(t *testing.T, k crypto.Signer, p *Pending) []byte {
	t.Helper()
	if p.Hash != crypto.SHA256 {
		t.Fatalf("Hash = %v", p.Hash)
	}
	h := sha256.Sum256(p.ToBeSigned)
	v, err := rsa.SignPKCS1v15(rand.Reader, k.(*rsa.PrivateKey), crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTwoHalves(t *testing.T) {
	p := newPKI(t)
	data := volante(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	check := map[Format]func(t *testing.T, signed []byte){
		CAdES: func(t *testing.T, signed []byte) {
			if s, err := VerifyCAdES(signed, data); err != nil || !s.Intact || !s.Time.Equal(signedAt) {
				t.Fatalf("CAdES: %+v, %v", s, err)
			}
		},
		PAdES: func(t *testing.T, signed []byte) {
			s := onlySignature(t, signed)
			if !s.DigestValid || !s.CoversWholeFile || !s.SigningTime.Equal(signedAt) || s.TimeSource != pdf.TimeDictionary {
				t.Fatalf("PAdES: %+v", s)
			}
		},
	}
	for f, ok := range check {
		t.Run(string(f), func(t *testing.T) {
			pending, err := Prepare(f, data, p.employee.Chain, Options{Time: signedAt})
			if err != nil {
				t.Fatal(err)
			}
			pending = keepPending(t, pending)
			if _, err := pending.Finish(pkcs1(t, other, pending)); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("value of another key: %v, want ErrBadSignature", err)
			}
			value := pkcs1(t, p.employee.Signer, pending)
			bad := bytes.Clone(value)
			bad[10] ^= 1
			if _, err := pending.Finish(bad); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("altered value: %v, want ErrBadSignature", err)
			}
			signed, err := keepPending(t, pending).Finish(value)
			if err != nil {
				t.Fatal(err)
			}
			ok(t, signed)
		})
	}
}

func TestUnsupportedKey(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(7), NotBefore: signedAt, NotAfter: signedAt.AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{CAdES, PAdES} {
		if _, err := Prepare(f, volante(t), []*x509.Certificate{cert}, Options{}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s with an Ed25519 key: %v, want ErrUnsupported", f, err)
		}
	}
}

// tsaServer plays an RFC 3161 time-stamp authority that stamps at genTime
// with the certificate c.
func tsaServer(t *testing.T, c tls.Certificate, genTime time.Time) string {
	return tsaServerOf(t, c, genTime, func(*timestamp.Timestamp) {})
}

// tsaServerOf is tsaServer with a token that tamper changes.
func tsaServerOf(t *testing.T, c tls.Certificate, genTime time.Time, tamper func(*timestamp.Timestamp)) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ts := timestamp.Timestamp{HashAlgorithm: req.HashAlgorithm, HashedMessage: req.HashedMessage, Time: genTime,
			Nonce: req.Nonce, Policy: asn1.ObjectIdentifier{1, 2, 3, 4, 1}, AddTSACertificate: req.Certificates}
		tamper(&ts)
		der, err := ts.CreateResponseWithOpts(c.Leaf, c.PrivateKey.(crypto.Signer), crypto.SHA256)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(der)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestTimestamp(t *testing.T) {
	p := newPKI(t)
	data := volante(t)
	stampedAt := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	tsa := p.ca.Signer(certtest.Subject("", "TSA PRUEBAS"),
		certtest.SignerOptions{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
	o := Options{Time: signedAt, TSA: tsaServer(t, tsa, stampedAt), Block: &Block{Lines: []string{"Sello de tiempo"}}}
	stamped := func(t *testing.T, s pdf.Signature) {
		t.Helper()
		if !s.DigestValid || s.Timestamp == nil || !s.Timestamp.Valid || !s.Timestamp.Time.Equal(stampedAt) ||
			s.Timestamp.Authority.Subject.CommonName != "TSA PRUEBAS" {
			t.Fatalf("time-stamp: %+v %+v", s, s.Timestamp)
		}
	}

	csig, err := Sign(CAdES, data, p.employee, o)
	if err != nil {
		t.Fatal(err)
	}
	s, err := pdf.VerifyDetachedCMS(csig, data)
	if err != nil {
		t.Fatal(err)
	}
	stamped(t, s)
	signed, err := Sign(PAdES, data, p.seal, o)
	if err != nil {
		t.Fatal(err)
	}
	stamped(t, onlySignature(t, signed))

	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "fuera de servicio", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	for name, url := range map[string]string{"down": down.URL, "unreachable": "http://127.0.0.1:1/tsa",
		"stamps something else": tsaServerOf(t, tsa, stampedAt, func(ts *timestamp.Timestamp) { ts.HashedMessage[0] ^= 1 }),
		"another nonce":         tsaServerOf(t, tsa, stampedAt, func(ts *timestamp.Timestamp) { ts.Nonce = big.NewInt(7) }),
		"no certificate":        tsaServerOf(t, tsa, stampedAt, func(ts *timestamp.Timestamp) { ts.AddTSACertificate = false }),
	} {
		if _, err := Sign(CAdES, data, p.employee, Options{TSA: url}); !errors.Is(err, ErrTimestamp) ||
			err.Error() != ErrTimestamp.Error() {
			t.Errorf("%s: %v, want ErrTimestamp", name, err)
		}
	}
}

// The signed attributes are DER (a SET OF sorted by encoding, as verifiers
// that re-encode them expect) and say what the policy asks: the digest,
// the signer's certificate by hash, issuer and serial, the policy and,
// for CAdES only, the signing time.
func TestSignedAttributes(t *testing.T) {
	p := newPKI(t)
	data := volante(t)
	leaf := p.employee.Chain[0]
	wantOIDs := map[Format][]asn1.ObjectIdentifier{
		CAdES: {oidContentType, oidMessageDigest, oidSigningCertV2, oidPolicyID, oidSigningTime},
		PAdES: {oidContentType, oidMessageDigest, oidSigningCertV2, oidPolicyID},
	}
	for f, want := range wantOIDs {
		t.Run(string(f), func(t *testing.T) {
			pending, err := Prepare(f, data, p.employee.Chain, Options{Time: signedAt})
			if err != nil {
				t.Fatal(err)
			}
			attrs := map[string]cryptobyte.String{}
			s := cryptobyte.String(pending.ToBeSigned)
			var set cryptobyte.String
			if !s.ReadASN1(&set, cbasn1.SET) || !s.Empty() {
				t.Fatal("ToBeSigned is no SET")
			}
			var prev []byte
			for !set.Empty() {
				var attr, body, value cryptobyte.String
				var oid asn1.ObjectIdentifier
				if !set.ReadASN1Element(&attr, cbasn1.SEQUENCE) {
					t.Fatal("bad attribute")
				}
				if bytes.Compare(prev, attr) > 0 {
					t.Error("the attributes are not in DER order")
				}
				prev = attr
				if !attr.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1ObjectIdentifier(&oid) ||
					!body.ReadASN1(&value, cbasn1.SET) || !body.Empty() {
					t.Fatal("bad attribute")
				}
				attrs[oid.String()] = value
			}
			if len(attrs) != len(want) {
				t.Errorf("%d attributes, want %v", len(attrs), want)
			}
			for _, oid := range want {
				if _, ok := attrs[oid.String()]; !ok {
					t.Errorf("no attribute %v", oid)
				}
			}
			if f == CAdES {
				var md []byte
				digest := sha256.Sum256(data)
				v := attrs[oidMessageDigest.String()]
				if !v.ReadASN1Bytes(&md, cbasn1.OCTET_STRING) || !bytes.Equal(md, digest[:]) {
					t.Error("messageDigest is not the SHA-256 of the content")
				}
			}
			var certs, id, issuerSerial, names, name cryptobyte.String
			var certHash []byte
			serial := new(big.Int)
			v := attrs[oidSigningCertV2.String()]
			if !v.ReadASN1(&certs, cbasn1.SEQUENCE) || !certs.ReadASN1(&certs, cbasn1.SEQUENCE) ||
				!certs.ReadASN1(&id, cbasn1.SEQUENCE) || !id.ReadASN1Bytes(&certHash, cbasn1.OCTET_STRING) ||
				!id.ReadASN1(&issuerSerial, cbasn1.SEQUENCE) || !issuerSerial.ReadASN1(&names, cbasn1.SEQUENCE) ||
				!names.ReadASN1(&name, cbasn1.Tag(4).Constructed().ContextSpecific()) || !issuerSerial.ReadASN1Integer(serial) {
				t.Fatal("bad signing-certificate-v2")
			}
			if h := sha256.Sum256(leaf.Raw); !bytes.Equal(certHash, h[:]) || !bytes.Equal(name, leaf.RawIssuer) ||
				serial.Cmp(leaf.SerialNumber) != 0 {
				t.Error("signing-certificate-v2 does not name the signer's certificate")
			}
		})
	}
}
