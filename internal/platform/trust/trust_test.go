package trust_test

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/trust"
)

// Every embedded certificate parses, is a CA, and is listed in the README
// with its SHA-256 fingerprint.
func TestEmbeddedReadme(t *testing.T) {
	if _, err := trust.Embedded(); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("certs/README.md")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(os.DirFS("certs"), "*.pem")
	if len(names) < 5 {
		t.Fatalf("only %d certificates in certs/", len(names))
	}
	for _, name := range names {
		data, _ := os.ReadFile(filepath.Join("certs", name))
		certs, err := trust.ParsePEM(data)
		if err != nil || len(certs) != 1 || !certs[0].IsCA {
			t.Errorf("%s: %d certificates, %v", name, len(certs), err)
			continue
		}
		sum := sha256.Sum256(certs[0].Raw)
		if !strings.Contains(string(readme), "`"+name+"`") || !strings.Contains(string(readme), hex.EncodeToString(sum[:])) {
			t.Errorf("%s (%s) is not in certs/README.md with its fingerprint", name, trust.Name(certs[0]))
		}
	}
}

// A certificate whose issuer only says it is "AC FNMT Usuarios" does not
// chain to the embedded AC RAIZ FNMT-RCM.
func TestSelfMadeFNMTNotTrusted(t *testing.T) {
	store, err := trust.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	fake := certtest.NewCA(t, "AC FNMT Usuarios")
	leaf := fake.Signer(certtest.Name("GARCIA LOPEZ MARIA", "12345678Z"), certtest.SignerOptions{}).Leaf
	v := &trust.Verifier{Store: store}
	c := v.Chain(leaf, []*x509.Certificate{fake.Cert}, time.Now(), trust.Signing)
	if c.Trusted || c.ValidAt || !strings.Contains(c.Problem, "AC FNMT Usuarios") || !strings.Contains(c.Problem, "no enlaza") {
		t.Fatalf("self-made chain: %+v", c)
	}
}

func TestChain(t *testing.T) {
	root := certtest.NewCA(t, "AC RAIZ PRUEBAS")
	inter := root.Intermediate("AC FNMT Usuarios")
	now := time.Now()
	leaf := inter.Signer(certtest.Name("GARCIA LOPEZ MARIA", "12345678Z"), certtest.SignerOptions{
		NotBefore: now.Add(-50 * time.Minute), NotAfter: now.Add(-10 * time.Minute)}).Leaf
	store := trust.NewStore([]*x509.Certificate{root.Cert}, nil)
	v := &trust.Verifier{Store: store}

	// Valid half an hour ago, expired now: trusted, valid at that time only.
	then := now.Add(-30 * time.Minute)
	c := v.Chain(leaf, []*x509.Certificate{inter.Cert}, then, trust.Signing)
	if !c.Trusted || !c.ValidAt || c.Path() != "AC FNMT Usuarios → AC RAIZ PRUEBAS" {
		t.Fatalf("half an hour ago: %+v", c)
	}
	c = v.Chain(leaf, []*x509.Certificate{inter.Cert}, now, trust.Signing)
	if !c.Trusted || c.ValidAt || !strings.Contains(c.Problem, "no estaba vigente") {
		t.Fatalf("today: %+v", c)
	}
	// Without the intermediate the chain cannot be built, unless the store knows it.
	if c := v.Chain(leaf, nil, then, trust.Signing); c.Trusted {
		t.Fatalf("no intermediate: %+v", c)
	}
	withInter := &trust.Verifier{Store: trust.NewStore([]*x509.Certificate{root.Cert}, []*x509.Certificate{inter.Cert})}
	if c := withInter.Chain(leaf, nil, then, trust.Signing); !c.ValidAt {
		t.Fatalf("intermediate in the store: %+v", c)
	}
	// A server certificate is not a signing certificate.
	server := root.Server().Leaf
	if c := v.Chain(server, nil, now, trust.Signing); c.Trusted || !strings.Contains(c.Problem, "no es de firma") {
		t.Fatalf("server certificate: %+v", c)
	}
	// Nor is a signing certificate a time-stamp authority.
	fresh := root.Signer(certtest.Name("GARCIA LOPEZ MARIA", "12345678Z"), certtest.SignerOptions{})
	if c := v.Chain(fresh.Leaf, nil, now, trust.Timestamping); c.Trusted {
		t.Fatalf("signer as TSA: %+v", c)
	}
	tsa := root.Signer(certtest.Subject("", "TSA PRUEBAS"), certtest.SignerOptions{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
	if c := v.Chain(tsa.Leaf, nil, now, trust.Timestamping); !c.ValidAt {
		t.Fatalf("TSA: %+v", c)
	}
	if c := v.Chain(tsa.Leaf, nil, now, trust.Signing); c.Trusted {
		t.Fatalf("TSA as signer: %+v", c)
	}
}

func TestOnlineRevocation(t *testing.T) {
	ca := certtest.NewCA(t, "AC PRUEBAS REVOCACION")
	rs := ca.Responder()
	subject := certtest.Name("GARCIA LOPEZ MARIA", "12345678Z")
	ctx := context.Background()
	online := &trust.Online{Timeout: 2 * time.Second}
	revokedAt := time.Now().Add(-30 * time.Minute).UTC().Truncate(time.Second)

	for _, tc := range []struct {
		name   string
		opts   certtest.SignerOptions
		source string
	}{
		{"OCSP", certtest.SignerOptions{OCSP: rs.OCSPURL()}, "OCSP "},
		{"CRL", certtest.SignerOptions{CRL: rs.CRLURL()}, "CRL "},
		// An unreachable OCSP responder falls back to the CRL.
		{"OCSP caído, CRL", certtest.SignerOptions{OCSP: "http://127.0.0.1:1/ocsp", CRL: rs.CRLURL()}, "CRL "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leaf := ca.Signer(subject, tc.opts).Leaf
			r := online.Check(ctx, leaf, ca.Cert)
			if r.Status != trust.Good || !strings.HasPrefix(r.Source, tc.source) {
				t.Fatalf("before revoking: %+v", r)
			}
			rs.Revoke(leaf, revokedAt)
			r = online.Check(ctx, leaf, ca.Cert)
			if r.Status != trust.Revoked || !r.At.Equal(revokedAt) {
				t.Fatalf("after revoking: %+v", r)
			}
		})
	}

	// Answers signed by another CA are not believed.
	other := certtest.NewCA(t, "AC PRUEBAS REVOCACION")
	leaf := ca.Signer(subject, certtest.SignerOptions{OCSP: other.Responder().OCSPURL(), CRL: other.Responder().CRLURL()}).Leaf
	if r := online.Check(ctx, leaf, ca.Cert); r.Status != trust.NotChecked || !strings.Contains(r.Reason, "OCSP") || !strings.Contains(r.Reason, "CRL") {
		t.Fatalf("answers from another CA: %+v", r)
	}
	// Nothing reachable: not checked, with the reason; never good.
	down := ca.Signer(subject, certtest.SignerOptions{OCSP: "http://127.0.0.1:1/ocsp", CRL: "http://127.0.0.1:1/crl"}).Leaf
	if r := online.Check(ctx, down, ca.Cert); r.Status != trust.NotChecked || !strings.Contains(r.Reason, "sin respuesta") {
		t.Fatalf("unreachable: %+v", r)
	}
	if r := online.Check(ctx, ca.Signer(subject, certtest.SignerOptions{}).Leaf, ca.Cert); r.Status != trust.NotChecked || !strings.Contains(r.Reason, "no indica") {
		t.Fatalf("no revocation service: %+v", r)
	}
	// The client is injectable: one that refuses everything never reaches the responder.
	refuse := &trust.Online{Client: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, os.ErrPermission
	})}}
	if r := refuse.Check(ctx, ca.Signer(subject, certtest.SignerOptions{OCSP: rs.OCSPURL()}).Leaf, ca.Cert); r.Status != trust.NotChecked {
		t.Fatalf("refusing client: %+v", r)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
