package oidc

import (
	"context"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/keyvault"
)

// TestTokenKeyPersists: the key of the opaque access tokens is made once
// and read back by the next start (or another instance) with the same
// master key, so tokens survive a restart; with another master key it does
// not open, and it is never taken for an RSA signing key.
func TestTokenKeyPersists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		master := keyvault.NewKey()
		first, err := tokenCrypto(ctx, d, keyvault.New(master, t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := first.Encrypt("id-del-token:sujeto")
		if err != nil {
			t.Fatal(err)
		}
		again, err := tokenCrypto(ctx, d, keyvault.New(master, t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := again.Decrypt(tok); err != nil || got != "id-del-token:sujeto" {
			t.Fatalf("after a restart the token reads %q, %v", got, err)
		}
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM oidc_keys WHERE algorithm = $1`, tokenKeyAlgorithm).Scan(&n)
		if n != 1 {
			t.Errorf("%d token keys, want 1", n)
		}
		// The base restored under another master key: the server starts
		// with a key of its own, and the old tokens are not valid there.
		other, err := tokenCrypto(ctx, d, keyvault.New(keyvault.NewKey(), t.TempDir()))
		if err != nil {
			t.Fatalf("under another master key: %v", err)
		}
		if got, err := other.Decrypt(tok); err == nil {
			t.Errorf("a token of the old key reads %q under another master key", got)
		}
		if tok2, err := other.Encrypt("otro"); err != nil {
			t.Fatal(err)
		} else if got, err := other.Decrypt(tok2); err != nil || got != "otro" {
			t.Errorf("the new key's token reads %q, %v", got, err)
		}
		// and the first installation still reads its own tokens.
		if first, err = tokenCrypto(ctx, d, keyvault.New(master, t.TempDir())); err != nil {
			t.Fatal(err)
		}
		if got, err := first.Decrypt(tok); err != nil || got != "id-del-token:sujeto" {
			t.Errorf("the first installation's token reads %q, %v", got, err)
		}
		if err := EnsureKey(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, err := newKeyRing(d).active(ctx); err != nil {
			t.Errorf("the RSA signing key is not found next to the token key: %v", err)
		}
	})
}
