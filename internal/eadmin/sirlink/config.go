package sirlink

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
)

// FromConfig returns the connector the configuration asks for: Manual when
// no CIR address is set (CONCEJO_SIR_URL), else the WebService client with
// the client certificate CONCEJO_SIR_CERT/CONCEJO_SIR_KEY, trusting the
// CIR's server certificate by CONCEJO_SIR_SERVER_CA or the system's roots.
func FromConfig(cfg config.Config) (Connector, error) {
	if cfg.SIREndpoint == "" {
		return Manual{}, nil
	}
	u, err := url.Parse(cfg.SIREndpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("CONCEJO_SIR_URL no es una dirección válida: %q", cfg.SIREndpoint)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("CONCEJO_SIR_URL debe ser una dirección https: el CIR exige TLS con certificado de cliente")
	}
	if cfg.SIRCert == "" || cfg.SIRKey == "" {
		return nil, fmt.Errorf("con CONCEJO_SIR_URL hay que indicar el certificado de cliente y su clave (CONCEJO_SIR_CERT, CONCEJO_SIR_KEY)")
	}
	cert, err := tls.LoadX509KeyPair(cfg.SIRCert, cfg.SIRKey)
	if err != nil {
		return nil, fmt.Errorf("no se puede leer el certificado de cliente para SIR (CONCEJO_SIR_CERT, CONCEJO_SIR_KEY): %w", err)
	}
	var roots *x509.CertPool
	if cfg.SIRServerCA != "" {
		pem, err := os.ReadFile(cfg.SIRServerCA)
		if err != nil {
			return nil, fmt.Errorf("no se puede leer CONCEJO_SIR_SERVER_CA: %w", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CONCEJO_SIR_SERVER_CA no contiene ningún certificado PEM")
		}
	}
	return NewWebService(cfg.SIREndpoint, cert, roots), nil
}

// HandlerFromConfig returns the Handler for the CIR's calls, accepting the
// certificates of CONCEJO_SIR_PEERS read from Concejo's TLS or from the
// trusted proxy's header (CONCEJO_CERT_HEADER, CONCEJO_TRUSTED_PROXIES).
// With no accepted certificate configured it refuses every call.
func HandlerFromConfig(cfg config.Config, recv Receiver) (*Handler, error) {
	certs, err := auth.NewCertSource(cfg.CertHeader, cfg.CertVerifyHeader, cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	peers, err := NewPeers(certs, cfg.SIRPeers)
	if err != nil {
		return nil, err
	}
	return NewHandler(recv, peers), nil
}
