package pdf

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/timestamp"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/trust"
)

// realPKI is a test root trusted by the verifier, the intermediate
// "AC FNMT Usuarios" it issues, and the revocation services of that
// intermediate.
type realPKI struct {
	root, inter *certtest.CA
	responder   *certtest.Responder
	verifier    *trust.Verifier
}

func newRealPKI(t *testing.T) realPKI {
	root := certtest.NewCA(t, "AC RAIZ PRUEBAS")
	inter := root.Intermediate("AC FNMT Usuarios")
	store, err := trust.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return realPKI{root: root, inter: inter, responder: inter.Responder(),
		verifier: &trust.Verifier{Store: store.With(root.Cert), Revocation: &trust.Online{Timeout: 2 * time.Second}}}
}

// sign issues a signer certificate from ca and signs the test document with
// it, sending the chain to the root and asking tsa (if not empty) for a
// time-stamp.
func (p realPKI) sign(t *testing.T, ca *certtest.CA, o certtest.SignerOptions, tsa string) (Signature, tls.Certificate) {
	t.Helper()
	unsigned, _ := fixtures(t)
	c := ca.Signer(certtest.Name("GARCIA LOPEZ MARIA", testNIF), o)
	chain := []*x509.Certificate{c.Leaf, ca.Cert}
	if ca != p.root && ca.Cert.Issuer.CommonName == p.root.Cert.Subject.CommonName {
		chain = append(chain, p.root.Cert)
	}
	return onlySignature(t, signChain(t, unsigned, c.PrivateKey.(crypto.Signer), chain, tsa)), c
}

func verifyText(v Verification) string { return v.Verdict() + "\n" + strings.Join(v.Checks(), "\n") }

func TestVerifyTrustedChain(t *testing.T) {
	p := newRealPKI(t)
	s, _ := p.sign(t, p.inter, certtest.SignerOptions{OCSP: p.responder.OCSPURL()}, "")
	v := Verify(context.Background(), p.verifier, s)
	txt := verifyText(v)
	if !v.Valid() || v.Verdict() != "válida" || v.TimeSource != TimeSigningAttr {
		t.Fatalf("trusted chain not valid:\n%s", txt)
	}
	for _, want := range []string{"AC FNMT Usuarios → AC RAIZ PRUEBAS (raíz de confianza)", "signingTime",
		"vigente en la fecha de la firma", "hoy sigue vigente", "no está revocado", "OCSP http://127.0.0.1", "la firma cubre todo el fichero"} {
		if !strings.Contains(txt, want) {
			t.Errorf("missing %q in:\n%s", want, txt)
		}
	}
}

// The attack of issue 12: a self-made CA that calls itself "AC FNMT
// Usuarios". The signature is intact but must never be called valid.
func TestVerifySelfMadeFNMT(t *testing.T) {
	p := newRealPKI(t)
	fake := certtest.NewCA(t, "AC FNMT Usuarios")
	s, _ := p.sign(t, fake, certtest.SignerOptions{}, "")
	if s.Issuer != "AC FNMT Usuarios" || !s.DigestValid {
		t.Fatalf("fixture: %+v", s)
	}
	v := Verify(context.Background(), p.verifier, s)
	txt := verifyText(v)
	if v.Valid() || v.Chain.Trusted || strings.Contains(v.Verdict(), "válida") {
		t.Fatalf("self-made certificate shown as valid:\n%s", txt)
	}
	for _, want := range []string{"íntegra, pero el certificado no procede de un prestador de confianza",
		"dice estar emitido por «AC FNMT Usuarios», pero no enlaza con ninguna raíz de confianza",
		"no se ha podido comprobar la revocación"} {
		if !strings.Contains(txt, want) {
			t.Errorf("missing %q in:\n%s", want, txt)
		}
	}
}

func TestVerifyValidity(t *testing.T) {
	p := newRealPKI(t)
	ctx := context.Background()
	now := time.Now()

	// Expired when it signed: the chain is trusted, the signature is not valid.
	s, _ := p.sign(t, p.inter, certtest.SignerOptions{NotBefore: now.Add(-50 * time.Minute), NotAfter: now.Add(-10 * time.Minute)}, "")
	v := Verify(ctx, p.verifier, s)
	if v.Valid() || !v.Chain.Trusted || v.Chain.ValidAt || !strings.Contains(verifyText(v), "NO estaba vigente en la fecha de la firma") ||
		!strings.Contains(verifyText(v), "hoy está caducado") {
		t.Fatalf("expired at signing:\n%s", verifyText(v))
	}

	// Valid when it signed, expired today: without a time-stamp the declared
	// time proves nothing.
	s, _ = p.sign(t, p.inter, certtest.SignerOptions{}, "")
	later := &trust.Verifier{Store: p.verifier.Store, Now: func() time.Time { return now.Add(48 * time.Hour) }}
	v = Verify(ctx, later, s)
	if v.Valid() || !v.Chain.ValidAt || !v.ExpiredNow || !strings.Contains(v.Verdict(), "ningún sello de tiempo") {
		t.Fatalf("expired today, no time-stamp:\n%s", verifyText(v))
	}
	if !strings.Contains(verifyText(v), "la consulta de revocación no está configurada") {
		t.Errorf("revocation without a checker:\n%s", verifyText(v))
	}
}

func TestVerifyRevocation(t *testing.T) {
	p := newRealPKI(t)
	ctx := context.Background()
	for name, o := range map[string]certtest.SignerOptions{
		"OCSP": {OCSP: p.responder.OCSPURL()},
		"CRL":  {CRL: p.responder.CRLURL()},
	} {
		t.Run(name, func(t *testing.T) {
			s, c := p.sign(t, p.inter, o, "")
			p.responder.Revoke(c.Leaf, time.Now().Add(-time.Hour))
			v := Verify(ctx, p.verifier, s)
			if v.Valid() || v.Revocation.Status != trust.Revoked || v.Verdict() != "íntegra, pero el certificado del firmante está revocado" ||
				!strings.Contains(verifyText(v), "REVOCADO desde el") || !strings.Contains(v.Revocation.Source, name+" http://127.0.0.1") {
				t.Fatalf("revoked certificate:\n%s", verifyText(v))
			}
		})
	}
	// Unreachable services: reported as not checked, never as good.
	s, _ := p.sign(t, p.inter, certtest.SignerOptions{OCSP: "http://127.0.0.1:1/ocsp"}, "")
	v := Verify(ctx, p.verifier, s)
	if v.Revocation.Status != trust.NotChecked || !v.Valid() ||
		!strings.Contains(verifyText(v), "Revocación: no se ha podido comprobar la revocación (OCSP http://127.0.0.1:1/ocsp: sin respuesta") {
		t.Fatalf("unreachable OCSP:\n%s", verifyText(v))
	}
}

// tsaServer plays an RFC 3161 time-stamp authority that stamps at genTime.
func tsaServer(t *testing.T, c tls.Certificate, genTime time.Time) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ts := timestamp.Timestamp{HashAlgorithm: req.HashAlgorithm, HashedMessage: req.HashedMessage, Time: genTime,
			Nonce: req.Nonce, Policy: asn1.ObjectIdentifier{1, 2, 3, 4, 1}, AddTSACertificate: true}
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

func TestVerifyTimestamp(t *testing.T) {
	p := newRealPKI(t)
	ctx := context.Background()
	stampedAt := time.Now().Add(-5 * time.Minute).UTC().Truncate(time.Second)
	tsaOpts := certtest.SignerOptions{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}}
	tsa := p.root.Signer(certtest.Subject("", "TSA PRUEBAS"), tsaOpts)

	s, _ := p.sign(t, p.inter, certtest.SignerOptions{}, tsaServer(t, tsa, stampedAt))
	if s.Timestamp == nil || !s.Timestamp.Valid || !s.Timestamp.Time.Equal(stampedAt) {
		t.Fatalf("time-stamp token: %+v", s.Timestamp)
	}
	// An expired certificate is still valid for a signature time-stamped while in force.
	later := &trust.Verifier{Store: p.verifier.Store, Now: func() time.Time { return time.Now().Add(48 * time.Hour) }}
	v := Verify(ctx, later, s)
	if !v.Valid() || v.TimeSource != TimeTimestamp || !v.Time.Equal(stampedAt) || !v.ExpiredNow ||
		!strings.Contains(verifyText(v), "probada por el sello de tiempo de TSA PRUEBAS") {
		t.Fatalf("time-stamped signature:\n%s", verifyText(v))
	}

	// A time-stamp from an authority nobody trusts is not used.
	rogue := certtest.NewCA(t, "TSA FALSA").Signer(certtest.Subject("", "TSA FALSA"), tsaOpts)
	s, _ = p.sign(t, p.inter, certtest.SignerOptions{}, tsaServer(t, rogue, stampedAt))
	v = Verify(ctx, p.verifier, s)
	if v.TimeSource != TimeSigningAttr || !strings.Contains(verifyText(v), "Sello de tiempo: no se ha tenido en cuenta: la autoridad de sellado no es de confianza") {
		t.Fatalf("untrusted time-stamp:\n%s", verifyText(v))
	}
}
