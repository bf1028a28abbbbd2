package keyvault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSealOpen(t *testing.T) {
	v := New(NewKey(), "")
	sealed, err := v.Seal([]byte("clave privada"), "entidad-1/sello")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("clave privada")) {
		t.Fatal("sealed value holds the plain text")
	}
	plain, err := v.Open(sealed, "entidad-1/sello")
	if err != nil || string(plain) != "clave privada" {
		t.Fatalf("Open = %q, %v", plain, err)
	}
	if _, err := v.Open(sealed, "entidad-2/sello"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("moved to another record: %v, want ErrCorrupt", err)
	}
	if _, err := New(NewKey(), "").Open(sealed, "entidad-1/sello"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("other master key: %v, want ErrCorrupt", err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := v.Open(sealed, "entidad-1/sello"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("tampered: %v, want ErrCorrupt", err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "datos")
	sealed, err := New("", dir).Seal([]byte("x"), "a")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	if plain, err := New("", dir).Open(sealed, "a"); err != nil || string(plain) != "x" {
		t.Fatalf("second process with the same file: %q %v", plain, err)
	}
	if _, err := New("no es base64", "").Seal(nil, "a"); err == nil {
		t.Fatal("a bad master key was accepted")
	}
}
