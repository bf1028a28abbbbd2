// Package config reads the platform's configuration from flags and
// environment variables, in one place (documented in the README).
package config

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of a running Concejo.
type Config struct {
	// Addr is HOST:PORT to listen on (CONCEJO_ADDR, --addr).
	Addr string
	// DataDir holds the SQLite file and backups (CONCEJO_DATA, --data).
	DataDir string
	// DatabaseURL selects PostgreSQL when set (CONCEJO_DATABASE_URL).
	DatabaseURL string
	// BaseURL is the public address used in e-mails and documents (CONCEJO_BASE_URL).
	BaseURL string
	// SMTP server for outgoing mail, HOST:PORT (CONCEJO_SMTP_ADDR); empty logs mails instead.
	SMTPAddr string
	// SMTPFrom is the sender address (CONCEJO_SMTP_FROM).
	SMTPFrom string
	// InboundSMTPAddr is HOST:PORT where the inbound SMTP endpoint listens for
	// replies by e-mail to support tickets (CONCEJO_SMTP_INBOUND_ADDR); empty: off.
	InboundSMTPAddr string
	// ReplyAddress is the mailbox replies are sent to; its local part gets
	// "+<token>" per ticket (CONCEJO_SMTP_REPLY_ADDRESS, default soporte@dipcaceres.es).
	ReplyAddress string
	// SessionTTL and SessionIdle bound sessions.
	SessionTTL, SessionIdle time.Duration
	// LoginAttempts is how many sign-in attempts one address may make in
	// five minutes (CONCEJO_LOGIN_ATTEMPTS, default 20).
	LoginAttempts int
	// SecureCookies marks cookies Secure (CONCEJO_SECURE_COOKIES=1, set behind TLS).
	SecureCookies bool
	// TLSCert and TLSKey make Concejo terminate TLS itself (CONCEJO_TLS_CERT,
	// CONCEJO_TLS_KEY, --tls-cert, --tls-key).
	TLSCert, TLSKey string
	// TLSClientCA is a PEM file of the CAs whose client certificates are
	// accepted for certificate sign-in (CONCEJO_TLS_CLIENT_CA, --client-ca).
	TLSClientCA string
	// CertHeader is the header in which a trusted reverse proxy passes the
	// URL-encoded PEM client certificate (CONCEJO_CERT_HEADER, e.g. X-SSL-Client-Cert).
	CertHeader string
	// CertVerifyHeader is the proxy's verification result header, which must
	// say SUCCESS (CONCEJO_CERT_VERIFY_HEADER, default X-SSL-Client-Verify).
	CertVerifyHeader string
	// TrustedProxies are the IPs/CIDRs of the reverse proxies in front of
	// Concejo (CONCEJO_TRUSTED_PROXIES, comma-separated): only from them are
	// X-Forwarded-For (the client address for throttles, sessions and the
	// audit), X-Request-Id and CertHeader believed.
	TrustedProxies []string
	// MasterKey is the base64 of the 32-byte key that encrypts the signing
	// keys kept by the platform (CONCEJO_MASTER_KEY); empty: the file
	// clave-maestra in DataDir, made on first use.
	MasterKey string
	// LocalCA lets the platform issue seal and centrally held signing
	// certificates from its own certification authority, for the demo and
	// for trials (CONCEJO_LOCAL_CA=1); real ones come from the FNMT.
	LocalCA bool
	// LocalClave makes the platform serve its own SAML identity provider
	// playing Cl@ve at /clave-pruebas/, trusted by every sede, for the demo
	// and for trials (CONCEJO_LOCAL_CLAVE=1; never in production): anybody
	// can identify as anybody there.
	LocalClave bool
	// SIREndpoint is the base address of the web services of the CIR
	// (Componente de Intercambio Registral of SIR) to which the register
	// sends interchange files and messages (CONCEJO_SIR_URL); empty: the
	// exchange is by file, handed over through ORVE/GEISER by the clerk.
	SIREndpoint string
	// SIRCert and SIRKey are the PEM files of the client certificate and key
	// the platform presents to the CIR (CONCEJO_SIR_CERT, CONCEJO_SIR_KEY).
	SIRCert, SIRKey string
	// SIRServerCA is a PEM file of the CAs trusted for the CIR's server
	// certificate (CONCEJO_SIR_SERVER_CA); empty: the system's roots.
	SIRServerCA string
	// SIRPeers are the client certificates accepted from the CIR when it
	// delivers files and messages (CONCEJO_SIR_PEERS, separated by ";"):
	// SHA-256 fingerprints in hex or subjects such as "CN=…,O=…,C=ES".
	SIRPeers []string
}

// CertLogin reports whether sign-in with an electronic certificate is configured.
func (c Config) CertLogin() bool {
	return c.TLSClientCA != "" || (c.CertHeader != "" && len(c.TrustedProxies) > 0)
}

// Default returns the configuration from the environment with defaults.
func Default() Config {
	return Config{
		Addr:             env("CONCEJO_ADDR", "127.0.0.1:8080"),
		DataDir:          env("CONCEJO_DATA", "./concejo-data"),
		DatabaseURL:      os.Getenv("CONCEJO_DATABASE_URL"),
		BaseURL:          os.Getenv("CONCEJO_BASE_URL"),
		SMTPAddr:         os.Getenv("CONCEJO_SMTP_ADDR"),
		SMTPFrom:         env("CONCEJO_SMTP_FROM", "concejo@dipcaceres.es"),
		InboundSMTPAddr:  os.Getenv("CONCEJO_SMTP_INBOUND_ADDR"),
		ReplyAddress:     env("CONCEJO_SMTP_REPLY_ADDRESS", "soporte@dipcaceres.es"),
		SessionTTL:       12 * time.Hour,
		SessionIdle:      2 * time.Hour,
		SecureCookies:    os.Getenv("CONCEJO_SECURE_COOKIES") == "1",
		LoginAttempts:    envInt("CONCEJO_LOGIN_ATTEMPTS", 20),
		TLSCert:          os.Getenv("CONCEJO_TLS_CERT"),
		TLSKey:           os.Getenv("CONCEJO_TLS_KEY"),
		TLSClientCA:      os.Getenv("CONCEJO_TLS_CLIENT_CA"),
		CertHeader:       os.Getenv("CONCEJO_CERT_HEADER"),
		CertVerifyHeader: env("CONCEJO_CERT_VERIFY_HEADER", "X-SSL-Client-Verify"),
		TrustedProxies:   envList("CONCEJO_TRUSTED_PROXIES"),
		MasterKey:        os.Getenv("CONCEJO_MASTER_KEY"),
		LocalCA:          os.Getenv("CONCEJO_LOCAL_CA") == "1",
		LocalClave:       os.Getenv("CONCEJO_LOCAL_CLAVE") == "1",
		SIREndpoint:      os.Getenv("CONCEJO_SIR_URL"),
		SIRCert:          os.Getenv("CONCEJO_SIR_CERT"),
		SIRKey:           os.Getenv("CONCEJO_SIR_KEY"),
		SIRServerCA:      os.Getenv("CONCEJO_SIR_SERVER_CA"),
		SIRPeers:         splitList(os.Getenv("CONCEJO_SIR_PEERS"), ";"),
	}
}

// Flags binds the serving flags to c on fs.
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "dirección HOST:PUERTO en la que escuchar (CONCEJO_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "directorio de datos: base SQLite y copias (CONCEJO_DATA)")
	fs.StringVar(&c.TLSCert, "tls-cert", c.TLSCert, "certificado TLS del servidor en PEM; con --tls-key sirve HTTPS (CONCEJO_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", c.TLSKey, "clave privada TLS del servidor en PEM (CONCEJO_TLS_KEY)")
	fs.StringVar(&c.TLSClientCA, "client-ca", c.TLSClientCA, "CA en PEM de los certificados de cliente admitidos para entrar con certificado (CONCEJO_TLS_CLIENT_CA)")
}

// Public returns the base URL for links, derived from Addr when unset.
func (c Config) Public() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return "http://" + c.Addr
}

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

func envList(k string) []string { return splitList(os.Getenv(k), ",") }

// splitList splits s at sep, trimmed, without blank entries.
func splitList(s, sep string) []string {
	var out []string
	for _, v := range strings.Split(s, sep) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
