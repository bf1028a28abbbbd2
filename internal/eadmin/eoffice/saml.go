package eoffice

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/crewjam/saml"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/eoffice/clave"
	"concejo/internal/platform/db"
)

// SAML settings, read from the environment when the module is built:
//
//	CONCEJO_CLAVE_METADATA   file with the IdP (Cl@ve) metadata XML; unset disables Cl@ve
//	CONCEJO_CLAVE_LOA        minimum level of assurance: low, substantial (default) or high
//	CONCEJO_CLAVE_PROVIDER   ProviderName sent to the IdP (default "Concejo")
//	CONCEJO_SAML_SP_CERT/KEY PEM files of the SP signing/decryption key pair;
//	                         unset: one is generated once and kept in the database
type samlConfig struct {
	idp      *saml.EntityDescriptor
	loa      string
	provider string
	certFile string
	keyFile  string
	err      error
}

func readSAMLConfig() samlConfig {
	c := samlConfig{loa: clave.LoASubstantial, provider: "Concejo",
		certFile: os.Getenv("CONCEJO_SAML_SP_CERT"), keyFile: os.Getenv("CONCEJO_SAML_SP_KEY")}
	switch strings.ToLower(os.Getenv("CONCEJO_CLAVE_LOA")) {
	case "low", "bajo":
		c.loa = clave.LoALow
	case "high", "alto":
		c.loa = clave.LoAHigh
	}
	if p := strings.TrimSpace(os.Getenv("CONCEJO_CLAVE_PROVIDER")); p != "" {
		c.provider = p
	}
	if f := os.Getenv("CONCEJO_CLAVE_METADATA"); f != "" {
		raw, err := os.ReadFile(f)
		if err == nil {
			c.idp = &saml.EntityDescriptor{}
			if err = xml.Unmarshal(raw, c.idp); err == nil && len(c.idp.IDPSSODescriptors) == 0 {
				err = errors.New("no describe un proveedor de identidad (IDPSSODescriptor)")
			}
		}
		if err != nil {
			c.err = fmt.Errorf("metadatos de Cl@ve %s: %w", f, err)
		}
	}
	return c
}

// claveEnabled reports whether identification with Cl@ve is configured:
// the real one's metadata, or the platform's Cl@ve de pruebas (localidp.go).
func (m *Module) claveEnabled() bool { return m.saml.idp != nil || m.localClave() }

// idpMetadata is the metadata of the identity provider the sedes trust.
func (m *Module) idpMetadata(ctx context.Context) (*saml.EntityDescriptor, error) {
	if m.saml.idp != nil {
		return m.saml.idp, nil
	}
	idp, err := m.localIdP(ctx)
	if err != nil {
		return nil, err
	}
	return idp.Metadata(), nil
}

// spKeys returns the SP key pair: configured files, or the one kept in the
// database (made on first use).
func (m *Module) spKeys(ctx context.Context) (*rsa.PrivateKey, *x509.Certificate, error) {
	m.keyMu.Lock()
	defer m.keyMu.Unlock()
	if m.spKey != nil {
		return m.spKey, m.spCert, nil
	}
	var certPEM, keyPEM []byte
	if m.saml.certFile != "" && m.saml.keyFile != "" {
		var err error
		if certPEM, err = os.ReadFile(m.saml.certFile); err != nil {
			return nil, nil, err
		}
		if keyPEM, err = os.ReadFile(m.saml.keyFile); err != nil {
			return nil, nil, err
		}
	} else {
		var err error
		if certPEM, keyPEM, err = m.storedKeyPair(ctx, "sp", "Concejo sede electrónica (SAML SP)"); err != nil {
			return nil, nil, err
		}
	}
	key, cert, err := parseKeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, nil, err
	}
	m.spKey, m.spCert = key, cert
	return key, cert, nil
}

// storedKeyPair returns the PEM key pair kept in eoffice_saml_keys under id,
// making one for commonName on first use.
func (m *Module) storedKeyPair(ctx context.Context, id, commonName string) ([]byte, []byte, error) {
	var c, k string
	err := m.kit.DB.QueryRowContext(ctx, `SELECT cert_pem, key_pem FROM eoffice_saml_keys WHERE id = $1`, id).Scan(&c, &k)
	if err == nil {
		return []byte(c), []byte(k), nil
	}
	if err = db.NotFound(err); !errors.Is(err, db.ErrNotFound) {
		return nil, nil, err
	}
	if c, k, err = newKeyPair(commonName); err != nil {
		return nil, nil, err
	}
	_, err = m.kit.DB.ExecContext(ctx, `INSERT INTO eoffice_saml_keys (id, cert_pem, key_pem, created_at)
		VALUES ($1, $2, $3, $4)`, id, c, k, time.Now().UTC())
	if db.IsUniqueViolation(err) { // another process made it first
		err = m.kit.DB.QueryRowContext(ctx, `SELECT cert_pem, key_pem FROM eoffice_saml_keys WHERE id = $1`, id).Scan(&c, &k)
	}
	if err != nil {
		return nil, nil, err
	}
	return []byte(c), []byte(k), nil
}

func newKeyPair(commonName string) (string, string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", "", err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: commonName,
		Organization: []string{"Diputación Provincial de Cáceres"}, Country: []string{"ES"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return "", "", err
	}
	c := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	k := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return string(c), string(k), nil
}

func parseKeyPair(certPEM, keyPEM []byte) (*rsa.PrivateKey, *x509.Certificate, error) {
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, errors.New("par de claves SAML en PEM no válido")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(kb.Bytes); err == nil {
		key = k
	} else {
		k8, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
		if err != nil {
			return nil, nil, err
		}
		rk, ok := k8.(*rsa.PrivateKey)
		if !ok {
			return nil, nil, errors.New("la clave del proveedor de servicio SAML debe ser RSA")
		}
		key = rk
	}
	return key, cert, nil
}

// serviceProvider is the SAML SP of the entity's sede: its entity id is the
// URL of its metadata and its ACS is the sede's own, so an assertion for one
// sede is refused at any other (audience and recipient).
func (m *Module) serviceProvider(ctx context.Context, e directory.Entity) (*clave.SP, error) {
	key, cert, err := m.spKeys(ctx)
	if err != nil {
		return nil, err
	}
	idp, err := m.idpMetadata(ctx)
	if err != nil {
		return nil, err
	}
	base := m.PublicBase(e)
	return &clave.SP{EntityID: base + "/saml/metadata", ACSURL: base + "/saml/acs", Key: key, Cert: cert,
		IDP: idp, MinLoA: m.saml.loa, ProviderName: m.saml.provider,
		Replay: replayCache{m: m}, Now: m.now}, nil
}

// replayCache records consumed assertion ids in eoffice_saml_assertions.
type replayCache struct{ m *Module }

// Consume records assertionID until expiresAt, refusing one seen before.
func (c replayCache) Consume(assertionID string, expiresAt time.Time) error {
	ctx := context.Background()
	now := c.m.now().UTC()
	_, err := c.m.kit.DB.ExecContext(ctx, `INSERT INTO eoffice_saml_assertions (assertion_id, expires_at) VALUES ($1, $2)`,
		trunc(assertionID, 200), expiresAt.UTC())
	if db.IsUniqueViolation(err) {
		return saml.ErrAssertionReplayed
	}
	if err != nil {
		return err
	}
	// Forget what can no longer be replayed (it would be refused as expired).
	_, err = c.m.kit.DB.ExecContext(ctx, `DELETE FROM eoffice_saml_assertions WHERE expires_at < $1`, now.Add(-time.Hour))
	return err
}

// samlRequestTTL bounds how long the IdP may take to answer.
const samlRequestTTL = 15 * time.Minute

// saveRequest records an AuthnRequest sent for the entity's sede.
func (m *Module) saveRequest(ctx context.Context, entityID, reqID, returnTo string) error {
	now := m.now().UTC()
	if _, err := m.kit.DB.ExecContext(ctx, `DELETE FROM eoffice_saml_requests WHERE expires_at < $1`, now); err != nil {
		return err
	}
	_, err := m.kit.DB.ExecContext(ctx, `INSERT INTO eoffice_saml_requests (id, entity_id, return_to, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, reqID, entityID, returnTo, now, now.Add(samlRequestTTL))
	return err
}

// pendingRequest returns where to go after the request reqID of the entity
// is answered, or db.ErrNotFound when it is unknown, expired or of another sede.
func (m *Module) pendingRequest(ctx context.Context, entityID, reqID string) (string, error) {
	var ret, ent string
	var exp time.Time
	err := m.kit.DB.QueryRowContext(ctx, `SELECT entity_id, return_to, expires_at FROM eoffice_saml_requests WHERE id = $1`,
		trunc(reqID, 100)).Scan(&ent, &ret, &exp)
	if err != nil {
		return "", db.NotFound(err)
	}
	if ent != entityID || !m.now().Before(exp) {
		return "", db.ErrNotFound
	}
	return ret, nil
}
