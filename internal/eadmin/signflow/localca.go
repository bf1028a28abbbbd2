package signflow

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"time"

	"concejo/internal/platform/db"
)

// localCAID is the one row of signflow_local_ca.
const localCAID = "local"

// localCAName is the subject of the platform's own authority.
var localCAName = pkix.Name{Country: []string{"ES"}, Organization: []string{"Concejo"},
	OrganizationalUnit: []string{"Pruebas y demostración"}, CommonName: "AC de pruebas de Concejo"}

// errNoLocalCA says that the installation issues no certificates itself.
var errNoLocalCA = errors.New("Esta instalación no emite certificados propios: registre el certificado (PKCS#12) en Portafirmas › Certificados, o firme con AutoFirma.")

// localCA returns the platform's own authority, made on first use when the
// configuration allows it (CONCEJO_LOCAL_CA=1). q is the caller's
// transaction, if any, so that a first use inside one does not wait for it.
func (m *Module) localCA(ctx context.Context, q db.Queryer) (*x509.Certificate, crypto.Signer, error) {
	if !m.kit.Config.LocalCA {
		return nil, nil, errNoLocalCA
	}
	var der, sealed []byte
	err := q.QueryRowContext(ctx, `SELECT cert, key_sealed FROM signflow_local_ca WHERE id = $1`, localCAID).Scan(&der, &sealed)
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return m.newLocalCA(ctx, q)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("portafirmas: leer la AC local: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("portafirmas: AC local: %w", err)
	}
	key, err := m.openKey(sealed, "ac-local")
	return cert, key, err
}

func (m *Module) newLocalCA(ctx context.Context, q db.Queryer) (*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := m.kit.Now()
	tpl := &x509.Certificate{SerialNumber: randomSerial(), Subject: localCAName, NotBefore: now.Add(-time.Hour),
		NotAfter: now.AddDate(20, 0, 0), IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	sealed, err := m.sealKey(key, "ac-local")
	if err != nil {
		return nil, nil, err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO signflow_local_ca (id, cert, key_sealed, created_at) VALUES ($1, $2, $3, $4)`,
		localCAID, der, sealed, now)
	if err != nil {
		return nil, nil, fmt.Errorf("portafirmas: guardar la AC local: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// sealKey encrypts a private key for the record named aad.
func (m *Module) sealKey(key crypto.Signer, aad string) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("portafirmas: clave: %w", err)
	}
	return m.kit.Vault.Seal(der, aad)
}

// openKey decrypts a key sealed by sealKey.
func (m *Module) openKey(sealed []byte, aad string) (crypto.Signer, error) {
	der, err := m.kit.Vault.Open(sealed, aad)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("portafirmas: clave: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("portafirmas: clave de tipo %T", k)
	}
	return s, nil
}

// randomSerial is a 128-bit positive serial number.
func randomSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n.Add(n, big.NewInt(1))
}
