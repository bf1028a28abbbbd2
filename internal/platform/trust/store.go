package trust

import (
	"crypto/x509"
	"embed"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed certs
var certsFS embed.FS

// Store holds the trusted roots and the known intermediates.
type Store struct {
	roots         *x509.CertPool
	intermediates *x509.CertPool
}

// NewStore returns a store trusting roots; intermediates only help to build
// chains to them.
func NewStore(roots, intermediates []*x509.Certificate) *Store {
	s := &Store{roots: x509.NewCertPool(), intermediates: x509.NewCertPool()}
	for _, c := range roots {
		s.roots.AddCert(c)
	}
	for _, c := range intermediates {
		s.intermediates.AddCert(c)
	}
	return s
}

// With returns a copy of s that also trusts roots (tests add their own CA
// to the embedded roots with it).
func (s *Store) With(roots ...*x509.Certificate) *Store {
	c := &Store{roots: s.roots.Clone(), intermediates: s.intermediates.Clone()}
	for _, r := range roots {
		c.roots.AddCert(r)
	}
	return c
}

var embedded = sync.OnceValues(func() (*Store, error) {
	roots, err := loadPEM("certs/root-*.pem")
	if err != nil {
		return nil, err
	}
	inter, err := loadPEM("certs/intermediate-*.pem")
	if err != nil {
		return nil, err
	}
	return NewStore(roots, inter), nil
})

// Embedded returns the store of the certificates kept in certs/: the
// production trust anchors.
func Embedded() (*Store, error) { return embedded() }

// loadPEM parses every certificate of the embedded files matching pattern.
func loadPEM(pattern string) ([]*x509.Certificate, error) {
	names, err := fs.Glob(certsFS, pattern)
	if err != nil {
		return nil, fmt.Errorf("trust: %s: %w", pattern, err)
	}
	var out []*x509.Certificate
	for _, name := range names {
		data, err := certsFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("trust: leer %s: %w", name, err)
		}
		certs, err := ParsePEM(data)
		if err != nil {
			return nil, fmt.Errorf("trust: %s: %w", name, err)
		}
		out = append(out, certs...)
	}
	return out, nil
}

// ParsePEM parses the CERTIFICATE blocks of data; it fails when there are none.
func ParsePEM(data []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificado no válido: %w", err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no contiene ningún certificado PEM")
	}
	return out, nil
}

// Purpose is what a certificate is verified for.
type Purpose int

// Purposes of [Verifier.Chain].
const (
	// Signing: the certificate of a person or organisation signing a document.
	Signing Purpose = iota
	// Timestamping: the certificate of a time-stamp authority.
	Timestamping
)

// Chain is the outcome of building a certificate's chain of trust.
type Chain struct {
	// Certificates is the chain from the leaf to the trusted root, when
	// one was found.
	Certificates []*x509.Certificate
	// Trusted: the chain ends in a trusted root (at some time within the
	// certificates' validity periods) and the usages fit the purpose.
	Trusted bool
	// ValidAt: Trusted, and every certificate of the chain was within its
	// validity period at the time asked for.
	ValidAt bool
	// Problem says in Spanish why the chain is not trusted or not valid at
	// that time; empty when ValidAt.
	Problem string
}

// Issuer returns the certificate that issued the leaf, or nil.
func (c Chain) Issuer() *x509.Certificate {
	if len(c.Certificates) < 2 {
		return nil
	}
	return c.Certificates[1]
}

// Path is the chain as "leaf issuer → … → root" without the leaf.
func (c Chain) Path() string {
	var names []string
	for _, cert := range c.Certificates[min(1, len(c.Certificates)):] {
		names = append(names, Name(cert))
	}
	return strings.Join(names, " → ")
}

// Name is how a certificate is called: its CN, else its OU, else its O.
func Name(c *x509.Certificate) string {
	return nameOf(c.Subject.CommonName, c.Subject.OrganizationalUnit, c.Subject.Organization)
}

// IssuerName is how the certificate names its issuer (a claim, not a proof).
func IssuerName(c *x509.Certificate) string {
	return nameOf(c.Issuer.CommonName, c.Issuer.OrganizationalUnit, c.Issuer.Organization)
}

func nameOf(cn string, ou, o []string) string {
	switch {
	case cn != "":
		return cn
	case len(ou) > 0:
		return ou[0]
	case len(o) > 0:
		return o[0]
	}
	return "(sin nombre)"
}

// Verifier checks certificates against a store and, where reachable, their
// revocation.
type Verifier struct {
	Store *Store
	// Revocation checks revocation; nil reports it as not checked.
	Revocation RevocationChecker
	// Now is the current time; nil is time.Now.
	Now func() time.Time
}

// NewVerifier returns a verifier on store that checks revocation online.
func NewVerifier(store *Store) *Verifier {
	return &Verifier{Store: store, Revocation: &Online{}}
}

// Time is the verifier's current time.
func (v *Verifier) Time() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Chain builds leaf's chain to a trusted root with the given intermediates
// (those of the signature) and the store's, and checks it at time at.
func (v *Verifier) Chain(leaf *x509.Certificate, intermediates []*x509.Certificate, at time.Time, p Purpose) Chain {
	if v == nil || v.Store == nil {
		return Chain{Problem: "no hay ningún almacén de certificados de confianza configurado"}
	}
	if problem := usageProblem(leaf, p); problem != "" {
		return Chain{Problem: problem}
	}
	pool := v.Store.intermediates.Clone()
	for _, c := range intermediates {
		if c != leaf {
			pool.AddCert(c)
		}
	}
	eku := []x509.ExtKeyUsage{x509.ExtKeyUsageAny}
	if p == Timestamping {
		eku = []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}
	}
	verify := func(t time.Time) ([]*x509.Certificate, error) {
		chains, err := leaf.Verify(x509.VerifyOptions{Roots: v.Store.roots, Intermediates: pool, CurrentTime: t, KeyUsages: eku})
		if err != nil {
			return nil, err
		}
		return chains[0], nil
	}
	chain, err := verify(at)
	if err == nil {
		return Chain{Certificates: chain, Trusted: true, ValidAt: true}
	}
	// Not valid at that time: is it trusted at all, within the leaf's validity?
	for _, t := range []time.Time{leaf.NotAfter.Add(-time.Second), leaf.NotBefore.Add(time.Second)} {
		if chain, terr := verify(t); terr == nil {
			return Chain{Certificates: chain, Trusted: true,
				Problem: "algún certificado de la cadena no estaba vigente en esa fecha (" + period(chain, at) + ")"}
		}
	}
	return Chain{Problem: chainProblem(leaf, err)}
}

// period describes which certificate of chain was out of its validity at t.
func period(chain []*x509.Certificate, t time.Time) string {
	for _, c := range chain {
		if t.Before(c.NotBefore) || t.After(c.NotAfter) {
			return fmt.Sprintf("%s: vigente del %s al %s", Name(c), c.NotBefore.UTC().Format("02/01/2006"), c.NotAfter.UTC().Format("02/01/2006"))
		}
	}
	return "fuera de su periodo de validez"
}

// chainProblem explains in Spanish why no chain was found.
func chainProblem(leaf *x509.Certificate, err error) string {
	var ua x509.UnknownAuthorityError
	var inv x509.CertificateInvalidError
	switch {
	case errors.As(err, &ua):
		return fmt.Sprintf("el certificado dice estar emitido por «%s», pero no enlaza con ninguna raíz de confianza", IssuerName(leaf))
	case errors.As(err, &inv) && inv.Reason == x509.IncompatibleUsage:
		return "el uso del certificado o de su cadena no permite firmar documentos"
	case errors.As(err, &inv) && inv.Reason == x509.NotAuthorizedToSign:
		return "un certificado de la cadena no está autorizado para emitir certificados"
	}
	return "la cadena de certificación no es válida (" + err.Error() + ")"
}

// Extended key usages that Spanish signing certificates carry, besides the
// ones crypto/x509 names.
var (
	oidDocumentSigning   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}       // RFC 9336
	oidMSDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 12} // Microsoft
	oidAdobeAuthentic    = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 5}       // Adobe Authentic Documents Trust
	signingEKUs          = []x509.ExtKeyUsage{x509.ExtKeyUsageAny, x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageClientAuth}
	signingUnknownEKUs   = []asn1.ObjectIdentifier{oidDocumentSigning, oidMSDocumentSigning, oidAdobeAuthentic}
)

// usageProblem says why leaf may not be used for p, or "".
func usageProblem(leaf *x509.Certificate, p Purpose) string {
	if p == Timestamping {
		return "" // x509 checks the timeStamping usage along the chain
	}
	if leaf.KeyUsage != 0 && leaf.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return "el uso de la clave del certificado no permite firmar"
	}
	if len(leaf.ExtKeyUsage) == 0 && len(leaf.UnknownExtKeyUsage) == 0 {
		return ""
	}
	for _, u := range leaf.ExtKeyUsage {
		if slices.Contains(signingEKUs, u) {
			return ""
		}
	}
	for _, u := range leaf.UnknownExtKeyUsage {
		if slices.ContainsFunc(signingUnknownEKUs, u.Equal) {
			return ""
		}
	}
	return "el certificado no es de firma de personas (su uso extendido es otro: servidor, código o sellado de tiempo)"
}
