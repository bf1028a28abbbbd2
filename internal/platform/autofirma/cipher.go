package autofirma

import (
	"crypto/des"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// ErrKey is returned for a cipher key that is not 8 bytes long.
var ErrKey = errors.New("La clave de cifrado de AutoFirma debe tener 8 caracteres.")

// errCiphertext is returned for text that is not a ciphered value.
var errCiphertext = errors.New("Los datos cifrados recibidos de AutoFirma no son válidos.")

// Encipher ciphers data with key as AutoFirma does for the key parameter
// (DesServerCipher.cipherData): the data padded with zero bytes to a
// multiple of 8, DES in ECB mode with the key's bytes as the DES key, and
// the result written as "<padding>." followed by the URL-safe Base64 (with
// '=' padding) of the ciphertext, where <padding> is the number of zero
// bytes added (0 to 7).
func Encipher(data []byte, key string) (string, error) {
	block, err := desBlock(key)
	if err != nil {
		return "", err
	}
	pad := (8 - len(data)%8) % 8
	buf := make([]byte, len(data)+pad)
	copy(buf, data)
	for i := 0; i < len(buf); i += 8 {
		block.Encrypt(buf[i:i+8], buf[i:i+8])
	}
	return strconv.Itoa(pad) + "." + base64.URLEncoding.EncodeToString(buf), nil
}

// Decipher reverses Encipher. Like AutoFirma it also takes text without the
// "<padding>." prefix (nothing to remove) and either Base64 alphabet; unlike
// it, it reads "0." (nothing ciphered) too.
func Decipher(text, key string) ([]byte, error) {
	block, err := desBlock(key)
	if err != nil {
		return nil, err
	}
	pad := 0
	if len(text) >= 2 && text[1] == '.' {
		pad = int(text[0] - '0')
		if pad < 0 || pad > 7 {
			return nil, errCiphertext
		}
		text = text[2:]
	}
	buf, err := decodeBase64(text)
	if err != nil || len(buf)%8 != 0 || len(buf) < pad {
		return nil, errCiphertext
	}
	for i := 0; i < len(buf); i += 8 {
		block.Decrypt(buf[i:i+8], buf[i:i+8])
	}
	return buf[:len(buf)-pad], nil
}

func desBlock(key string) (interface {
	Encrypt(dst, src []byte)
	Decrypt(dst, src []byte)
}, error) {
	if len(key) != keyLength {
		return nil, ErrKey
	}
	return des.NewCipher([]byte(key))
}

// decodeBase64 reads standard or URL-safe Base64, padded or not, ignoring
// line breaks, as AutoFirma's decoder does.
func decodeBase64(s string) ([]byte, error) {
	s = strings.NewReplacer("-", "+", "_", "/", "\r", "", "\n", "").Replace(s)
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
