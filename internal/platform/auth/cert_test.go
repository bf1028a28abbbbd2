package auth_test

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/auth/certtest"
)

func TestNIFFromCertificate(t *testing.T) {
	ca := certtest.NewCA(t, "CA de pruebas")
	cases := []struct {
		name    string
		subject pkix.Name
		want    string
		errHas  string
	}{
		{"IDCES empleado público", certtest.Subject("IDCES-12345678Z", "NOMBRE GARCIA LOPEZ JUAN - NIF 12345678Z"), "12345678Z", ""},
		{"serialNumber plano", certtest.Subject("12345678Z", "JUAN GARCIA"), "12345678Z", ""},
		{"serialNumber en minúsculas con guion", certtest.Subject("12345678-z", ""), "12345678Z", ""},
		{"PASES con NIE", certtest.Subject("PASES-X1234567L", ""), "X1234567L", ""},
		{"persona física: NIF en el CN", certtest.Subject("", "GARCIA LOPEZ JUAN - 12345678Z"), "12345678Z", ""},
		{"NIF no válido", certtest.Subject("IDCES-12345678A", ""), "", "NIF válido"},
		{"NIF de persona jurídica", certtest.Subject("IDCES-P1000000H", ""), "", "persona"},
		{"sin NIF", certtest.Subject("", "Servidor web"), "", "no contiene el NIF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := auth.NIFFromCertificate(ca.Client(c.subject).Leaf)
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("got %q, %v; want error containing %q", got, err, c.errHas)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if _, err := auth.NIFFromCertificate(nil); !errors.Is(err, auth.ErrNoCertificate) {
		t.Fatalf("nil certificate: %v", err)
	}
}

func TestCertSource(t *testing.T) {
	ca := certtest.NewCA(t, "CA de pruebas")
	client := ca.Client(certtest.Subject("IDCES-12345678Z", "GARCIA LOPEZ JUAN - 12345678Z"))
	src, err := auth.NewCertSource("X-SSL-Client-Cert", "", []string{"10.0.0.0/8", "192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	req := func(remote, cert, verify string) error {
		r := httptest.NewRequest("GET", "/entrar/certificado", nil)
		r.RemoteAddr = remote
		if cert != "" {
			r.Header.Set("X-SSL-Client-Cert", cert)
		}
		if verify != "" {
			r.Header.Set("X-SSL-Client-Verify", verify)
		}
		got, err := src.Certificate(r)
		if err == nil && !got.Equal(client.Leaf) {
			t.Fatalf("wrong certificate")
		}
		return err
	}
	for _, c := range []struct {
		name, remote, cert, verify string
		want                       error
	}{
		{"proxy de confianza (CIDR)", "10.1.2.3:5000", certtest.Escaped(client), "SUCCESS", nil},
		{"proxy de confianza (IP)", "192.0.2.7:5000", certtest.Escaped(client), "SUCCESS", nil},
		{"PEM sin codificar, líneas con espacios", "10.1.2.3:5000", strings.ReplaceAll(certtest.PEM(client), "\n", " "), "SUCCESS", nil},
		{"origen no fiable", "192.0.2.8:5000", certtest.Escaped(client), "SUCCESS", auth.ErrNoCertificate},
		{"sin verificación", "10.1.2.3:5000", certtest.Escaped(client), "", auth.ErrUntrustedCertificate},
		{"verificación fallida", "10.1.2.3:5000", certtest.Escaped(client), "FAILED:unable to verify", auth.ErrUntrustedCertificate},
		{"sin certificado", "10.1.2.3:5000", "", "NONE", auth.ErrNoCertificate},
		{"certificado basura", "10.1.2.3:5000", "no-es-un-certificado", "SUCCESS", auth.ErrUntrustedCertificate},
	} {
		if err := req(c.remote, c.cert, c.verify); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// A TLS connection with a verified chain wins; an unverified peer certificate is refused.
	r := httptest.NewRequest("GET", "/", nil)
	r.TLS = &tls.ConnectionState{VerifiedChains: [][]*x509.Certificate{{client.Leaf, ca.Cert}}}
	if got, err := src.Certificate(r); err != nil || !got.Equal(client.Leaf) {
		t.Fatalf("TLS: %v", err)
	}
	r.TLS = &tls.ConnectionState{PeerCertificates: []*x509.Certificate{client.Leaf}}
	if _, err := src.Certificate(r); !errors.Is(err, auth.ErrUntrustedCertificate) {
		t.Fatalf("unverified TLS: %v", err)
	}
	if _, err := auth.NewCertSource("X", "", []string{"no-es-ip"}); err == nil {
		t.Fatal("bad proxy accepted")
	}
}
