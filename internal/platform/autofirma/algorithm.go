package autofirma

import (
	"crypto"
	"strings"
)

// HashOf returns the digest of an AutoFirma signature algorithm name:
// "SHA256", "SHA256withRSA" or "SHA256withECDSA", and the same for 384 and
// 512. SHA-1, which AutoFirma still accepts, is refused.
func HashOf(algorithm string) (crypto.Hash, error) {
	digest, suffix, _ := strings.Cut(algorithm, "with")
	if suffix != "" && suffix != "RSA" && suffix != "ECDSA" {
		return 0, invalid("Algoritmo de firma no admitido: " + algorithm + ".")
	}
	switch strings.ReplaceAll(strings.ToUpper(digest), "-", "") {
	case "SHA256":
		return crypto.SHA256, nil
	case "SHA384":
		return crypto.SHA384, nil
	case "SHA512":
		return crypto.SHA512, nil
	}
	return 0, invalid("Algoritmo de firma no admitido: " + algorithm + ".")
}
