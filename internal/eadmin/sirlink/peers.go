package sirlink

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"concejo/internal/platform/auth"
)

// Peers says which client certificates are the CIR's. The certificate is
// read as certificate sign-in reads it (auth.CertSource): the verified TLS
// chain when Concejo terminates TLS, or the header of a trusted reverse
// proxy (CONCEJO_CERT_HEADER, CONCEJO_TRUSTED_PROXIES).
type Peers struct {
	certs        *auth.CertSource
	fingerprints map[string]bool
	subjects     map[string]bool
}

var (
	errNoPeerCert    = errors.New("El servicio exige el certificado de cliente del CIR y no se ha recibido ninguno.")
	errWrongPeerCert = errors.New("El certificado de cliente presentado no es el del CIR.")
	errNoPeers       = errors.New("No se ha configurado qué certificado del CIR se acepta (CONCEJO_SIR_PEERS): no se admite ninguna llamada.")
)

// NewPeers accepts the certificates listed in accepted, each a SHA-256
// fingerprint of the certificate in hex (colons allowed) or its subject
// ("CN=…,O=…,C=ES", as x509's Subject.String writes it). certs may be nil:
// then only a certificate verified by Concejo's own TLS is read.
func NewPeers(certs *auth.CertSource, accepted []string) (*Peers, error) {
	p := &Peers{certs: certs, fingerprints: map[string]bool{}, subjects: map[string]bool{}}
	for _, a := range accepted {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if fp := normalFingerprint(a); fp != "" {
			p.fingerprints[fp] = true
			continue
		}
		if !strings.Contains(a, "=") {
			return nil, fmt.Errorf("certificado del CIR no válido: %q no es una huella SHA-256 ni un sujeto (CN=…)", a)
		}
		p.subjects[normalSubject(a)] = true
	}
	return p, nil
}

// Fingerprint is the SHA-256 fingerprint of a certificate in hex, the form
// NewPeers accepts.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

func normalFingerprint(s string) string {
	s = strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(strings.TrimPrefix(strings.ToLower(s), "sha256:")))
	if len(s) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(s); err != nil {
		return ""
	}
	return s
}

func normalSubject(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return strings.ToLower(strings.Join(parts, ","))
}

// Check returns nil when r comes with a certificate of the CIR.
func (p *Peers) Check(r *http.Request) error {
	if p == nil || (len(p.fingerprints) == 0 && len(p.subjects) == 0) {
		return errNoPeers
	}
	cert, err := p.certificate(r)
	if err != nil {
		return err
	}
	if p.fingerprints[Fingerprint(cert)] || p.subjects[normalSubject(cert.Subject.String())] {
		return nil
	}
	return errWrongPeerCert
}

func (p *Peers) certificate(r *http.Request) (*x509.Certificate, error) {
	src := p.certs
	if src == nil {
		src = &auth.CertSource{}
	}
	cert, err := src.Certificate(r)
	switch {
	case err == nil:
		return cert, nil
	case errors.Is(err, auth.ErrNoCertificate):
		return nil, errNoPeerCert
	}
	return nil, errWrongPeerCert
}
