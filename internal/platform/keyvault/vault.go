// Package keyvault encrypts the secrets the platform keeps in its database
// (the private keys of seal and centrally held signing certificates) with
// a master key that is not in the database: AES-256-GCM, with the record's
// identity as additional data so that a sealed value moved to another
// record does not open.
package keyvault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileName is the master key's file in the data directory.
const FileName = "clave-maestra"

// ErrCorrupt is returned when a sealed value does not open with the key.
var ErrCorrupt = errors.New("La clave guardada no se puede descifrar con la clave maestra de esta instalación.")

// Vault seals and opens secrets with the master key.
type Vault struct {
	encoded, dir string
	once         sync.Once
	aead         cipher.AEAD
	err          error
}

// New returns a vault whose key is encoded (base64 of 32 bytes) or, when
// encoded is empty, read from FileName in dir, made there (0600) when
// missing. The key is read on first use.
func New(encoded, dir string) *Vault { return &Vault{encoded: encoded, dir: dir} }

// NewKey returns a fresh master key, base64-encoded.
func NewKey() string {
	k := make([]byte, 32)
	rand.Read(k)
	return base64.StdEncoding.EncodeToString(k)
}

func (v *Vault) load() (cipher.AEAD, error) {
	v.once.Do(func() {
		enc := v.encoded
		if enc == "" {
			enc, v.err = v.fromFile()
			if v.err != nil {
				return
			}
		}
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
		if err != nil || len(key) != 32 {
			v.err = errors.New("keyvault: the master key must be the base64 of 32 bytes")
			return
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			v.err = err
			return
		}
		v.aead, v.err = cipher.NewGCM(block)
	})
	return v.aead, v.err
}

func (v *Vault) fromFile() (string, error) {
	path := filepath.Join(v.dir, FileName)
	b, err := os.ReadFile(path)
	if err == nil {
		return string(b), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("keyvault: %w", err)
	}
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return "", fmt.Errorf("keyvault: %w", err)
	}
	key := NewKey()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // made meanwhile by another process
		b, err := os.ReadFile(path)
		return string(b), err
	}
	if err != nil {
		return "", fmt.Errorf("keyvault: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(key + "\n"); err != nil {
		return "", fmt.Errorf("keyvault: %w", err)
	}
	return key, f.Sync()
}

// Seal encrypts plain; aad names the record it belongs to.
func (v *Vault) Seal(plain []byte, aad string) ([]byte, error) {
	a, err := v.load()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plain)+a.Overhead())
	rand.Read(nonce)
	return a.Seal(nonce, nonce, plain, []byte(aad)), nil
}

// Open decrypts what Seal returned for the same aad.
func (v *Vault) Open(sealed []byte, aad string) ([]byte, error) {
	a, err := v.load()
	if err != nil {
		return nil, err
	}
	if len(sealed) < a.NonceSize() {
		return nil, ErrCorrupt
	}
	plain, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], []byte(aad))
	if err != nil {
		return nil, ErrCorrupt
	}
	return plain, nil
}
