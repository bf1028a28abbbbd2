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

// loadTokenKey opens the oldest token key (db.ErrNotFound when none).
func loadTokenKey(ctx context.Context, d *db.DB, vault *keyvault.Vault) (string, [32]byte, error) {
	var kid string
	var sealed []byte
	err := d.QueryRowContext(ctx, `SELECT id, private_der FROM oidc_keys WHERE algorithm = $1
		ORDER BY created_at, id LIMIT 1`, tokenKeyAlgorithm).Scan(&kid, &sealed)
	if err := db.NotFound(err); err != nil {
		return "", [32]byte{}, err
	}
	raw, err := vault.Open(sealed, tokenKeyAAD(kid))
	if err != nil {
		return "", [32]byte{}, err
	}
	if len(raw) != 32 {
		return "", [32]byte{}, fmt.Errorf("la clave %s no tiene 32 bytes", kid)
	}
	return kid, [32]byte(raw), nil
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
