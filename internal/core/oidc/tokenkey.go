package oidc

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/keyvault"
)

// tokenKeyAlgorithm marks, in oidc_keys, the AES key that encrypts the
// opaque access tokens and the authorization codes. It is kept sealed with
// the master key and never published.
const tokenKeyAlgorithm = "A256GCMKW"

// tokenCrypto returns the provider's encryption of access tokens and codes
// with the installation's token key, made on first use. The key lives in
// the database, so tokens survive a restart and every instance reads them.
// A database restored under another master key has keys it cannot open:
// a new one is made, and the tokens of the old one (short-lived) simply
// stop being valid, rather than the server refusing to start.
func tokenCrypto(ctx context.Context, d *db.DB, vault *keyvault.Vault) (op.Crypto, error) {
	kid, key, err := loadTokenKey(ctx, d, vault)
	if errors.Is(err, db.ErrNotFound) {
		if err = createTokenKey(ctx, d, vault); err == nil {
			// Read again: another instance starting at once may have made its own first.
			kid, key, err = loadTokenKey(ctx, d, vault)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("oidc: clave de los tokens de acceso: %w", err)
	}
	return op.NewAES256GCMCrypto(key, kid), nil
}

// loadTokenKey opens the oldest token key that this installation's master
// key opens (db.ErrNotFound when there is none).
func loadTokenKey(ctx context.Context, d *db.DB, vault *keyvault.Vault) (string, [32]byte, error) {
	type sealedKey struct {
		id     string
		sealed []byte
	}
	keys, err := db.Collect(ctx, d, func(s db.Scanner) (sealedKey, error) {
		var k sealedKey
		return k, s.Scan(&k.id, &k.sealed)
	}, `SELECT id, private_der FROM oidc_keys WHERE algorithm = $1 ORDER BY created_at, id`, tokenKeyAlgorithm)
	if err != nil {
		return "", [32]byte{}, err
	}
	for _, k := range keys {
		raw, err := vault.Open(k.sealed, tokenKeyAAD(k.id))
		if err != nil || len(raw) != 32 {
			continue // sealed under another master key
		}
		return k.id, [32]byte(raw), nil
	}
	return "", [32]byte{}, db.ErrNotFound
}

func createTokenKey(ctx context.Context, d *db.DB, vault *keyvault.Vault) error {
	key := make([]byte, 32)
	rand.Read(key)
	kid := id.New()
	sealed, err := vault.Seal(key, tokenKeyAAD(kid))
	if err != nil {
		return err
	}
	_, err = d.ExecContext(ctx, `INSERT INTO oidc_keys (id, algorithm, private_der, created_at) VALUES ($1, $2, $3, $4)`,
		kid, tokenKeyAlgorithm, sealed, time.Now().UTC())
	return err
}

// tokenKeyAAD binds a sealed token key to its row.
func tokenKeyAAD(kid string) string { return "oidc_keys/" + kid }
