package autofirma

import (
	"bytes"
	"errors"
	"testing"
)

// The vector was made with OpenSSL, independently of this package:
//
//	printf 'Firma de Concejo\x01\0\0\0\0\0\0\0' |
//	  openssl enc -des-ecb -K 3132333435363738 -nopad -provider legacy -provider default |
//	  base64 | tr '+/' '-_'
const (
	vectorKey   = "12345678"
	vectorPlain = "Firma de Concejo\x01"
	vectorText  = "7.oUdCVvu7xa6z4-Vfg_IQfTlfVrVThuCq"
)

func TestEncipherMatchesAutoFirmasScheme(t *testing.T) {
	got, err := Encipher([]byte(vectorPlain), vectorKey)
	if err != nil || got != vectorText {
		t.Fatalf("Encipher = %q, %v; want %q", got, err, vectorText)
	}
	plain, err := Decipher(vectorText, vectorKey)
	if err != nil || string(plain) != vectorPlain {
		t.Fatalf("Decipher = %q, %v", plain, err)
	}
}

func TestDecipherRoundTripsAndRefusesGarbage(t *testing.T) {
	for n := 0; n < 20; n++ {
		data := bytes.Repeat([]byte{0xA5}, n)
		text, err := Encipher(data, "k3yK3yk3")
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decipher(text, "k3yK3yk3")
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("%d bytes: got %x, %v", n, back, err)
		}
	}
	// Without the padding prefix nothing is removed, as DesServerCipher does.
	plain, err := Decipher(vectorText[2:], vectorKey)
	if err != nil || string(plain) != vectorPlain+"\x00\x00\x00\x00\x00\x00\x00" {
		t.Fatalf("without prefix: %q, %v", plain, err)
	}
	for _, bad := range []string{"9.AAAAAAAAAAA=", "0.AAAA", "x.!!!"} {
		if _, err := Decipher(bad, vectorKey); err == nil {
			t.Errorf("Decipher(%q) succeeded", bad)
		}
	}
	if _, err := Encipher(nil, "corta"); !errors.Is(err, ErrKey) {
		t.Errorf("short key: %v", err)
	}
}

func TestNewIDAndKeyAreWhatAutoFirmaAccepts(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id, key := NewID(), NewKey()
		if !sessionID(id) || len(id) != 20 || len(key) != 8 || seen[id] {
			t.Fatalf("id %q key %q", id, key)
		}
		seen[id] = true
	}
}
