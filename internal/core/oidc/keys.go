package oidc

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// KeyRetention is how long a retired signing key stays in the JWKS, so the
// tokens it signed can still be verified. It exceeds every token lifetime.
const KeyRetention = 48 * time.Hour

// keyBits is the RSA modulus size of new signing keys.
const keyBits = 2048

// signingKey is one RSA key of the provider.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is a key as published in the JWKS.
type publicKey struct {
	id  string
	key *rsa.PublicKey
}

func (k *publicKey) ID() string                         { return k.id }
func (k *publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *publicKey) Use() string                        { return "sig" }
func (k *publicKey) Key() any                           { return k.key }

// keyRing reads the signing keys from the database and keeps the parsed
// private keys in memory (keys never change once written).
type keyRing struct {
	db     *db.DB
	mu     sync.Mutex
	parsed map[string]*rsa.PrivateKey
}

func newKeyRing(d *db.DB) *keyRing { return &keyRing{db: d, parsed: map[string]*rsa.PrivateKey{}} }

// EnsureKey creates the first signing key when there is none.
func EnsureKey(ctx context.Context, d *db.DB) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM oidc_keys WHERE retired_at IS NULL AND algorithm = $1`,
		string(jose.RS256)).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := RotateKey(ctx, d)
	return err
}

// RotateKey generates a new RSA signing key, makes it the active one and
// retires the previous ones, which stay in the JWKS for KeyRetention.
// It returns the new key id.
func RotateKey(ctx context.Context, d *db.DB) (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, keyBits)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", err
	}
	kid := id.New()
	now := time.Now().UTC()
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE oidc_keys SET retired_at = $1 WHERE retired_at IS NULL AND algorithm = $2`,
			now, string(jose.RS256)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_keys (id, algorithm, private_der, created_at) VALUES ($1, $2, $3, $4)`,
			kid, string(jose.RS256), der, now)
		return err
	})
	return kid, err
}

func (kr *keyRing) parse(kid string, der []byte) (*rsa.PrivateKey, error) {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	if k, ok := kr.parsed[kid]; ok {
		return k, nil
	}
	raw, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("clave de firma %s: %w", kid, err)
	}
	k, ok := raw.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("clave de firma %s: no es RSA", kid)
	}
	kr.parsed[kid] = k
	return k, nil
}

// active returns the key that signs now.
func (kr *keyRing) active(ctx context.Context) (*signingKey, error) { return kr.activeIn(ctx, kr.db) }

// activeIn is active read through q (inside a caller's transaction).
func (kr *keyRing) activeIn(ctx context.Context, q db.Queryer) (*signingKey, error) {
	var kid string
	var der []byte
	err := q.QueryRowContext(ctx, `SELECT id, private_der FROM oidc_keys WHERE retired_at IS NULL AND algorithm = $1
		ORDER BY created_at DESC, id DESC LIMIT 1`, string(jose.RS256)).Scan(&kid, &der)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("no hay ninguna clave de firma activa")
	}
	if err != nil {
		return nil, err
	}
	k, err := kr.parse(kid, der)
	if err != nil {
		return nil, err
	}
	return &signingKey{id: kid, key: k}, nil
}

// published returns the keys of the JWKS: the active one and those retired
// less than KeyRetention ago.
func (kr *keyRing) published(ctx context.Context) ([]op.Key, error) {
	rows, err := kr.db.QueryContext(ctx, `SELECT id, private_der FROM oidc_keys
		WHERE algorithm = $1 AND (retired_at IS NULL OR retired_at > $2) ORDER BY created_at DESC, id DESC`,
		string(jose.RS256), time.Now().UTC().Add(-KeyRetention))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []op.Key
	for rows.Next() {
		var kid string
		var der []byte
		if err := rows.Scan(&kid, &der); err != nil {
			return nil, err
		}
		k, err := kr.parse(kid, der)
		if err != nil {
			return nil, err
		}
		out = append(out, &publicKey{id: kid, key: &k.PublicKey})
	}
	return out, rows.Err()
}
