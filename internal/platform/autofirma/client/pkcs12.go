package client

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"

	"golang.org/x/crypto/pkcs12"

	"concejo/internal/platform/sign"
)

// ErrPKCS12 is returned for a PKCS#12 file that cannot be opened.
var ErrPKCS12 = errors.New("No se puede abrir el certificado: el fichero .p12 no es válido o la contraseña no es correcta.")

// ParsePKCS12 opens a PKCS#12 file (.p12, .pfx) with its password and
// returns its key with the chain it carries, the key's certificate first
// and then each issuer found in the file. It reads the files with the
// legacy ciphers browsers and "openssl pkcs12 -export -legacy" write
// (3DES, RC2); AES-encrypted files are not read.
func ParsePKCS12(p12 []byte, password string) (sign.Key, error) {
	blocks, err := pkcs12.ToPEM(p12, password)
	if err != nil {
		return sign.Key{}, ErrPKCS12
	}
	var signer crypto.Signer
	var certs []*x509.Certificate
	for _, b := range blocks {
		switch b.Type {
		case "PRIVATE KEY":
			if signer != nil {
				return sign.Key{}, errors.New("El fichero .p12 contiene más de una clave.")
			}
			if signer, err = privateKey(b.Bytes); err != nil {
				return sign.Key{}, err
			}
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return sign.Key{}, ErrPKCS12
			}
			certs = append(certs, c)
		}
	}
	if signer == nil {
		return sign.Key{}, errors.New("El fichero .p12 no contiene ninguna clave.")
	}
	leaf := -1
	for i, c := range certs {
		if pub, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(signer.Public()) {
			leaf = i
		}
	}
	if leaf < 0 {
		return sign.Key{}, errors.New("El fichero .p12 no contiene el certificado de su clave.")
	}
	return sign.Key{Signer: signer, Chain: orderChain(certs[leaf], certs)}, nil
}

// privateKey reads the key as pkcs12.ToPEM writes it: PKCS#1 for RSA,
// SEC 1 for EC.
func privateKey(der []byte) (crypto.Signer, error) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, errors.New("El tipo de clave del fichero .p12 no está admitido.")
}

// orderChain returns leaf followed by its issuers among certs, as far as
// they go.
func orderChain(leaf *x509.Certificate, certs []*x509.Certificate) []*x509.Certificate {
	chain := []*x509.Certificate{leaf}
	for cur := leaf; len(chain) <= len(certs); {
		next := issuerOf(cur, certs)
		if next == nil || next == cur {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain
}

func issuerOf(c *x509.Certificate, certs []*x509.Certificate) *x509.Certificate {
	for _, cand := range certs {
		if bytes.Equal(cand.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(cand) == nil {
			return cand
		}
	}
	return nil
}
