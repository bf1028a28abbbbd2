package signflow

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// Kinds of registered certificate.
const (
	KindSeal     = "sello"
	KindPersonal = "personal"
)

// Origins of a registered certificate.
const (
	OriginLocalCA  = "ac_local"
	OriginImported = "importado"
)

// expiryWarning is how long before expiry a certificate is flagged.
const expiryWarning = 60 * 24 * time.Hour

// Certificate is a signing certificate registered for an entity.
type Certificate struct {
	EntityID, ID, Kind, UserID string
	Subject, NIF, Serial       string
	Issuer                     string
	NotBefore, NotAfter        time.Time
	Origin                     string
	CreatedAt                  time.Time
	CreatedBy                  string
	Revoked                    bool
	Chain                      []*x509.Certificate
	sealed                     []byte
}

// KindLabel names the kind in Spanish.
func (c Certificate) KindLabel() string {
	if c.Kind == KindSeal {
		return "Sello electrónico de órgano"
	}
	return "Certificado de firma centralizada"
}

// OriginLabel names where it comes from.
func (c Certificate) OriginLabel() string {
	if c.Origin == OriginLocalCA {
		return "Emitido por la AC de pruebas de la plataforma"
	}
	return "Importado (PKCS#12)"
}

// Status says whether it is in force, near expiry, expired or revoked.
func (c Certificate) Status(now time.Time) string {
	switch {
	case c.Revoked:
		return "Revocado"
	case now.After(c.NotAfter):
		return "Caducado"
	case now.Add(expiryWarning).After(c.NotAfter):
		return fmt.Sprintf("Caduca en %d días", int(c.NotAfter.Sub(now).Hours()/24)+1)
	}
	return "Vigente"
}

// Expiring reports whether it needs renewal within the warning period.
func (c Certificate) Expiring(now time.Time) bool {
	return !c.Revoked && now.Add(expiryWarning).After(c.NotAfter)
}

const certColumns = `entity_id, id, kind, user_id, subject, nif, serial, issuer, not_before, not_after, origin,
	created_at, created_by, revoked_at IS NOT NULL, certs, key_sealed`

func scanCertificate(sc db.Scanner) (Certificate, error) {
	var c Certificate
	var chain []byte
	err := sc.Scan(&c.EntityID, &c.ID, &c.Kind, &c.UserID, &c.Subject, &c.NIF, &c.Serial, &c.Issuer, &c.NotBefore,
		&c.NotAfter, &c.Origin, &c.CreatedAt, &c.CreatedBy, &c.Revoked, &chain, &c.sealed)
	if err != nil {
		return c, db.NotFound(err)
	}
	c.Chain, err = x509.ParseCertificates(chain)
	return c, err
}

// certificates lists the registered certificates of an entity.
func certificates(ctx context.Context, q db.Queryer, entityID string) ([]Certificate, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+certColumns+` FROM signflow_certificates WHERE entity_id = $1
		ORDER BY revoked_at IS NOT NULL, kind DESC, subject`, entityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// activeCertificate is the certificate in force of a kind and holder.
func activeCertificate(ctx context.Context, q db.Queryer, entityID, kind, userID string) (Certificate, error) {
	return scanCertificate(q.QueryRowContext(ctx, `SELECT `+certColumns+` FROM signflow_certificates
		WHERE entity_id = $1 AND kind = $2 AND user_id = $3 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`,
		entityID, kind, userID))
}

// keyFor returns the signing key of a kind and holder in an entity: its
// registered certificate in force, or, when there is none and the
// installation has its own authority, one issued now. q is the caller's
// transaction when there is one.
func (m *Module) keyFor(ctx context.Context, q db.Queryer, entityID, kind, userID string) (sign.Key, Certificate, error) {
	c, err := activeCertificate(ctx, q, entityID, kind, userID)
	if errors.Is(err, db.ErrNotFound) || (err == nil && m.kit.Now().After(c.NotAfter) && c.Origin == OriginLocalCA) {
		c, err = m.issueLocal(ctx, q, entityID, kind, userID)
	}
	if err != nil {
		return sign.Key{}, c, err
	}
	if m.kit.Now().After(c.NotAfter) {
		return sign.Key{}, c, errs.New(errs.Conflict, "El certificado "+c.Subject+" caducó el "+c.NotAfter.Format("02/01/2006")+": registre uno nuevo.")
	}
	if c.sealed == nil {
		return sign.Key{}, c, errs.New(errs.Conflict, "La plataforma no guarda la clave del certificado "+c.Subject+".")
	}
	key, err := m.openKey(c.sealed, c.aad())
	if err != nil {
		return sign.Key{}, c, err
	}
	return sign.Key{Signer: key, Chain: c.Chain}, c, nil
}

// aad binds a sealed key to its record.
func (c Certificate) aad() string { return c.EntityID + "/" + c.ID }

// issueLocal issues and registers a certificate from the local authority.
func (m *Module) issueLocal(ctx context.Context, q db.Queryer, entityID, kind, userID string) (Certificate, error) {
	caCert, caKey, err := m.localCA(ctx, q)
	if errors.Is(err, errNoLocalCA) {
		return Certificate{}, errs.New(errs.Conflict, err.Error())
	}
	if err != nil {
		return Certificate{}, err
	}
	ent, err := directory.EntityByID(ctx, q, entityID)
	if err != nil {
		return Certificate{}, err
	}
	subject, err := m.subjectFor(ctx, q, ent, kind, userID)
	if err != nil {
		return Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Certificate{}, err
	}
	now := m.kit.Now()
	tpl := &x509.Certificate{SerialNumber: randomSerial(), Subject: subject, NotBefore: now.Add(-time.Hour),
		NotAfter: now.AddDate(3, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return Certificate{}, err
	}
	return m.register(ctx, q, entityID, kind, userID, []*x509.Certificate{leaf, caCert}, key, OriginLocalCA, "sistema")
}

// register stores a certificate (and its key, sealed) as the one in force
// of its kind and holder, revoking the previous one.
func (m *Module) register(ctx context.Context, q db.Queryer, entityID, kind, userID string, chain []*x509.Certificate,
	key crypto.Signer, origin, by string) (Certificate, error) {
	leaf := chain[0]
	c := Certificate{EntityID: entityID, ID: id.New(), Kind: kind, UserID: userID, Subject: leaf.Subject.CommonName,
		NIF: holderNIF(leaf), Serial: leaf.SerialNumber.Text(16), Issuer: issuerName(leaf), NotBefore: leaf.NotBefore,
		NotAfter: leaf.NotAfter, Origin: origin, CreatedAt: m.kit.Now(), CreatedBy: by, Chain: chain}
	var err error
	if key != nil {
		if c.sealed, err = m.sealKey(key, c.aad()); err != nil {
			return c, err
		}
	}
	var all []byte
	for _, x := range chain {
		all = append(all, x.Raw...)
	}
	if _, err := q.ExecContext(ctx, `UPDATE signflow_certificates SET revoked_at = $1
		WHERE entity_id = $2 AND kind = $3 AND user_id = $4 AND revoked_at IS NULL`, c.CreatedAt, entityID, kind, userID); err != nil {
		return c, err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO signflow_certificates (entity_id, id, kind, user_id, subject, nif, serial,
		issuer, not_before, not_after, certs, key_sealed, origin, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		c.EntityID, c.ID, c.Kind, c.UserID, c.Subject, c.NIF, c.Serial, c.Issuer, c.NotBefore.UTC(), c.NotAfter.UTC(),
		all, c.sealed, c.Origin, c.CreatedAt, c.CreatedBy)
	if err != nil {
		return c, fmt.Errorf("portafirmas: registrar el certificado: %w", err)
	}
	return c, nil
}

// Object identifiers of the subject attributes of FNMT-shaped certificates.
var oidOrganizationIdentifier = asn1.ObjectIdentifier{2, 5, 4, 97}

// subjectFor is the subject of a seal (the entity) or of a person's
// certificate, shaped as FNMT's (firma.md §7).
func (m *Module) subjectFor(ctx context.Context, q db.Queryer, ent directory.Entity, kind, userID string) (pkix.Name, error) {
	org := []pkix.AttributeTypeAndValue{{Type: oidOrganizationIdentifier, Value: "VATES-" + ent.NIF}}
	if kind == KindSeal {
		return pkix.Name{Country: []string{"ES"}, Organization: []string{ent.Name}, SerialNumber: ent.NIF,
			CommonName: "Sello electrónico " + ent.Of(), ExtraNames: org}, nil
	}
	mb, err := directory.MemberOf(ctx, q, ent.ID, userID)
	if err != nil {
		return pkix.Name{}, fmt.Errorf("portafirmas: persona %s: %w", userID, err)
	}
	if mb.NIF == "" {
		return pkix.Name{}, errs.New(errs.Conflict, "Para emitir su certificado de firma hace falta su NIF en su ficha de usuario: pídaselo al administrador de usuarios.")
	}
	name := strings.TrimSpace(mb.Given + " " + mb.Surname1 + " " + mb.Surname2)
	n := pkix.Name{Country: []string{"ES"}, Organization: []string{ent.Name}, SerialNumber: "IDCES-" + mb.NIF,
		CommonName: strings.ToUpper(name) + " - " + mb.NIF, ExtraNames: org}
	if mb.JobTitle != "" {
		n.ExtraNames = append(n.ExtraNames, pkix.AttributeTypeAndValue{Type: asn1.ObjectIdentifier{2, 5, 4, 12}, Value: mb.JobTitle})
	}
	return n, nil
}

// holderNIF is the NIF a certificate names (pdf.HolderOf reads the FNMT
// fields), upper case.
func holderNIF(c *x509.Certificate) string { return strings.ToUpper(pdf.HolderOf(c).NIF) }

// issuerName is the issuer's CN, or its O.
func issuerName(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return strings.Join(c.Issuer.Organization, ", ")
}
