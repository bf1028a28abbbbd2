package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/asn1"
	"math/big"
)

// Signature methods (XMLDSig and RFC 4051).
const (
	xmlRSASHA256   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	xmlECDSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
)

// xmlSignatureMethods are the signature methods read in signatures: the hash
// and whether the key is ECDSA (else RSA PKCS#1 v1.5).
var xmlSignatureMethods = map[string]struct {
	hash  crypto.Hash
	ecdsa bool
}{
	nsDS + "rsa-sha1": {crypto.SHA1, false},
	xmlRSASHA256:      {crypto.SHA256, false},
	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": {crypto.SHA384, false},
	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": {crypto.SHA512, false},
	"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1": {crypto.SHA1, true},
	xmlECDSASHA256: {crypto.SHA256, true},
	"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": {crypto.SHA384, true},
	"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": {crypto.SHA512, true},
}

// xmlMethodFor is the SHA-256 signature method of a signer's key.
func xmlMethodFor(pub crypto.PublicKey) (string, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		return xmlRSASHA256, nil
	case *ecdsa.PublicKey:
		return xmlECDSASHA256, nil
	}
	return "", ErrUnsupported
}

// xmlSignatureValue turns the value a key made over the hash of signed
// into the SignatureValue of XMLDSig, checking it with pub: PKCS#1 v1.5
// as it is for RSA; for ECDSA the ASN.1 DER that Go and Java produce
// becomes r||s, each of the curve's size (RFC 4050); r||s is taken as is.
func xmlSignatureValue(pub crypto.PublicKey, hash crypto.Hash, signed, value []byte) ([]byte, error) {
	h := hash.New()
	h.Write(signed)
	sum := h.Sum(nil)
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		if rsa.VerifyPKCS1v15(pub, hash, sum, value) != nil {
			return nil, ErrBadSignature
		}
		return value, nil
	case *ecdsa.PublicKey:
		size := (pub.Curve.Params().BitSize + 7) / 8
		var rs struct{ R, S *big.Int }
		if rest, err := asn1.Unmarshal(value, &rs); err != nil || len(rest) > 0 {
			if len(value) != 2*size {
				return nil, ErrBadSignature
			}
			rs.R, rs.S = new(big.Int).SetBytes(value[:size]), new(big.Int).SetBytes(value[size:])
		}
		if rs.R.Sign() <= 0 || rs.S.Sign() <= 0 || rs.R.BitLen() > 8*size || rs.S.BitLen() > 8*size ||
			!ecdsa.Verify(pub, sum, rs.R, rs.S) {
			return nil, ErrBadSignature
		}
		raw := make([]byte, 2*size)
		rs.R.FillBytes(raw[:size])
		rs.S.FillBytes(raw[size:])
		return raw, nil
	}
	return nil, ErrUnsupported
}

// verifyXMLValue checks a SignatureValue of method over signed with pub.
func verifyXMLValue(pub crypto.PublicKey, method string, signed, value []byte) bool {
	m, ok := xmlSignatureMethods[method]
	if !ok {
		return false
	}
	h := m.hash.New()
	h.Write(signed)
	sum := h.Sum(nil)
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		return !m.ecdsa && rsa.VerifyPKCS1v15(pub, m.hash, sum, value) == nil
	case *ecdsa.PublicKey:
		size := (pub.Curve.Params().BitSize + 7) / 8
		if !m.ecdsa || len(value) != 2*size {
			return false
		}
		return ecdsa.Verify(pub, sum, new(big.Int).SetBytes(value[:size]), new(big.Int).SetBytes(value[size:]))
	}
	return false
}
