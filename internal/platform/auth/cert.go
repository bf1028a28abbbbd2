package auth

import (
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"concejo/internal/platform/validate"
)

// oidSerialNumber is the X.520 serialNumber attribute (2.5.4.5), where FNMT
// and other Spanish qualified certificates carry the holder's NIF.
var oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}

// Errors of certificate sign-in, in Spanish for the user.
var (
	ErrNoCertificate        = errors.New("No se ha recibido ningún certificado electrónico. Compruebe que su certificado está instalado en el navegador y elíjalo cuando se lo pida.")
	ErrUntrustedCertificate = errors.New("El certificado electrónico presentado no es de confianza o no se ha podido verificar.")
	ErrCertificateNoNIF     = errors.New("El certificado electrónico no contiene el NIF de una persona física.")
)

// NIFFromCertificate returns the NIF of the natural person a certificate
// belongs to: from the subject serialNumber (plain, or in the ETSI EN 319 412-1
// form "IDCES-12345678Z", "PASES-…", "NTRES-…"), or, failing that, from an FNMT
// persona física common name "APELLIDO1 APELLIDO2 NOMBRE - 12345678Z".
func NIFFromCertificate(cert *x509.Certificate) (string, error) {
	if cert == nil {
		return "", ErrNoCertificate
	}
	var candidates []string
	for _, atv := range cert.Subject.Names {
		if atv.Type.Equal(oidSerialNumber) {
			if s, ok := atv.Value.(string); ok {
				candidates = append(candidates, stripETSIPrefix(s))
			}
		}
	}
	if cert.Subject.SerialNumber != "" {
		candidates = append(candidates, stripETSIPrefix(cert.Subject.SerialNumber))
	}
	if cn := cert.Subject.CommonName; cn != "" {
		if i := strings.LastIndex(cn, " - "); i >= 0 {
			tail := strings.TrimSpace(cn[i+3:])
			tail = strings.TrimPrefix(strings.TrimPrefix(tail, "NIF "), "NIF:")
			candidates = append(candidates, strings.TrimSpace(tail))
		}
	}
	var firstErr error
	for _, c := range candidates {
		if c == "" {
			continue
		}
		nif, err := validate.PersonNIF(c)
		if err == nil {
			return nif, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("El certificado electrónico no contiene un NIF válido de persona física: %v", err)
		}
	}
	if firstErr != nil {
		return "", firstErr
	}
	return "", ErrCertificateNoNIF
}

// stripETSIPrefix removes the "XXYY-" semantics identifier of ETSI EN 319
// 412-1 (IDC = national identity card, PAS = passport, NTR = tax number,
// followed by the country code) from a serialNumber.
func stripETSIPrefix(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 6 && s[5] == '-' {
		kind := strings.ToUpper(s[:3])
		if kind == "IDC" || kind == "PAS" || kind == "NTR" {
			return s[6:]
		}
	}
	return s
}

// CertSource reads the client certificate of a request: the verified TLS
// chain when Concejo terminates TLS itself, or a header set by a trusted
// reverse proxy that also reports a successful verification.
type CertSource struct {
	// Header carries the URL-encoded PEM certificate (nginx's
	// $ssl_client_escaped_cert); empty disables proxy mode.
	Header string
	// VerifyHeader must be "SUCCESS" for Header to be taken.
	VerifyHeader string
	trusted      Proxies
}

// NewCertSource builds a source; proxies are IP addresses or CIDR ranges
// (see ParseProxies) from which Header is accepted.
func NewCertSource(header, verifyHeader string, proxies []string) (*CertSource, error) {
	s := &CertSource{Header: strings.TrimSpace(header), VerifyHeader: strings.TrimSpace(verifyHeader)}
	if s.VerifyHeader == "" {
		s.VerifyHeader = "X-SSL-Client-Verify"
	}
	trusted, err := ParseProxies(proxies)
	if err != nil {
		return nil, err
	}
	s.trusted = trusted
	return s, nil
}

// ProxyEnabled reports whether certificates are accepted from a proxy header.
func (s *CertSource) ProxyEnabled() bool { return s != nil && s.Header != "" && !s.trusted.Empty() }

// TrustedProxy reports whether the request comes straight from a trusted proxy.
func (s *CertSource) TrustedProxy(r *http.Request) bool { return s.trusted.Trusts(r) }

// Certificate returns the client's verified certificate, ErrNoCertificate
// when there is none, or ErrUntrustedCertificate when one was presented but
// not verified. The proxy header is ignored unless the request comes from a
// trusted proxy.
func (s *CertSource) Certificate(r *http.Request) (*x509.Certificate, error) {
	if r.TLS != nil && len(r.TLS.VerifiedChains) > 0 && len(r.TLS.VerifiedChains[0]) > 0 {
		return r.TLS.VerifiedChains[0][0], nil
	}
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		return nil, ErrUntrustedCertificate
	}
	if !s.ProxyEnabled() || !s.TrustedProxy(r) {
		return nil, ErrNoCertificate
	}
	raw := strings.TrimSpace(r.Header.Get(s.Header))
	if raw == "" || raw == "(null)" {
		return nil, ErrNoCertificate
	}
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get(s.VerifyHeader)), "SUCCESS") {
		return nil, ErrUntrustedCertificate
	}
	cert, err := ParseCertificateHeader(raw)
	if err != nil {
		return nil, ErrUntrustedCertificate
	}
	return cert, nil
}

// ParseCertificateHeader decodes a certificate sent by a proxy: URL-encoded
// PEM (nginx's $ssl_client_escaped_cert, spaces as %20 or +), plain PEM with
// new lines replaced by spaces or tabs, or bare base64 DER.
func ParseCertificateHeader(raw string) (*x509.Certificate, error) {
	if dec, err := url.PathUnescape(raw); err == nil {
		raw = dec
	}
	body := raw
	if i := strings.Index(raw, "-----BEGIN"); i >= 0 {
		rest := raw[i+len("-----BEGIN"):]
		j := strings.Index(rest, "-----")
		if j < 0 {
			return nil, errors.New("PEM incompleto")
		}
		rest = rest[j+5:]
		k := strings.Index(rest, "-----END")
		if k < 0 {
			return nil, errors.New("PEM incompleto")
		}
		body = rest[:k]
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}
