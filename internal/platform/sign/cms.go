package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers of the CMS signatures (RFC 5652, RFC 5035, ETSI EN
// 319 122-1).
var (
	oidData            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType     = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime     = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSigningCertV2   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidPolicyID        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 15}
	oidTimeStampToken  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSPURI           = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 5, 1}
	oidSHA1            = encasn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256          = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidRSA             = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256 = encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
)

// signedAttrs are the signed attributes of a CMS signature.
type signedAttrs struct {
	digest []byte            // SHA-256 of the signed content
	signer *x509.Certificate // the signer's certificate
	time   time.Time         // signingTime; zero: none (PAdES keeps it in /M)
}

// marshal returns the DER of the attributes as a SET, what the key signs.
func (a signedAttrs) marshal() ([]byte, error) {
	certHash := sha256.Sum256(a.signer.Raw)
	list := []attribute{
		{oidContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }},
		{oidMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(a.digest) }},
		{oidSigningCertV2, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2, SHA-256 by default
						b.AddASN1OctetString(certHash[:])
						b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
							b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
								b.AddASN1(asn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
									b.AddBytes(a.signer.RawIssuer)
								})
							})
							b.AddASN1BigInt(a.signer.SerialNumber)
						})
					})
				})
			})
		}},
		{oidPolicyID, addPolicy},
	}
	if !a.time.IsZero() {
		list = append(list, attribute{oidSigningTime, func(b *cryptobyte.Builder) {
			if t := a.time.UTC(); t.Year() >= 1950 && t.Year() < 2050 {
				b.AddASN1UTCTime(t)
			} else {
				b.AddASN1GeneralizedTime(t)
			}
		}})
	}
	return marshalSet(list)
}

// attribute is a CMS attribute with one value.
type attribute struct {
	oid   encasn1.ObjectIdentifier
	value cryptobyte.BuilderContinuation
}

// marshalSet encodes attributes as a DER SET OF, sorted by their encoding.
func marshalSet(list []attribute) ([]byte, error) {
	encoded := make([][]byte, 0, len(list))
	for _, a := range list {
		var b cryptobyte.Builder
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(a.oid)
			b.AddASN1(asn1.SET, a.value)
		})
		der, err := b.Bytes()
		if err != nil {
			return nil, fmt.Errorf("sign: encoding attribute %v: %w", a.oid, err)
		}
		encoded = append(encoded, der)
	}
	slices.SortFunc(encoded, bytes.Compare)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
		for _, e := range encoded {
			b.AddBytes(e)
		}
	})
	return b.Bytes()
}

// keyAlgorithm returns the signature algorithm of the signer's key: RSA
// PKCS#1 v1.5 or ECDSA, both over SHA-256.
func keyAlgorithm(c *x509.Certificate) (cryptobyte.BuilderContinuation, error) {
	switch c.PublicKey.(type) {
	case *rsa.PublicKey:
		return func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidRSA)
				b.AddASN1NULL()
			})
		}, nil
	case *ecdsa.PublicKey:
		return func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidECDSAWithSHA256) })
		}, nil
	}
	return nil, ErrUnsupported
}

// checkValue reports ErrBadSignature unless value is the signature of the
// SHA-256 of tbs by the key of cert.
func checkValue(cert *x509.Certificate, tbs, value []byte) error {
	h := sha256.Sum256(tbs)
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], value) == nil {
			return nil
		}
	case *ecdsa.PublicKey:
		if ecdsa.VerifyASN1(pub, h[:], value) {
			return nil
		}
	}
	return ErrBadSignature
}

// signedData is a detached CMS SignedData: the signed attributes tbs (as
// signed, a DER SET), the signature value, the certificates of chain and,
// when token is not nil, a signature time-stamp token.
func signedData(tbs, value []byte, chain []*x509.Certificate, token []byte) ([]byte, error) {
	alg, err := keyAlgorithm(chain[0])
	if err != nil {
		return nil, err
	}
	if len(tbs) == 0 || tbs[0] != byte(asn1.SET) {
		return nil, ErrBadInput
	}
	implicit := slices.Clone(tbs)
	implicit[0] = byte(asn1.Tag(0).Constructed().ContextSpecific()) // [0] IMPLICIT SET OF
	sha256Alg := func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidSHA256) })
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData
				b.AddASN1Int64(1)
				b.AddASN1(asn1.SET, sha256Alg)
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
				b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					for _, c := range chain {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
						b.AddASN1Int64(1)
						b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerAndSerialNumber
							b.AddBytes(chain[0].RawIssuer)
							b.AddASN1BigInt(chain[0].SerialNumber)
						})
						sha256Alg(b)
						b.AddBytes(implicit)
						alg(b)
						b.AddASN1OctetString(value)
						if token != nil {
							b.AddASN1(asn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
								b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
									b.AddASN1ObjectIdentifier(oidTimeStampToken)
									b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(token) })
								})
							})
						}
					})
				})
			})
		})
	})
	return b.Bytes()
}

// finishCMS checks the signature value of p and returns the CMS SignedData,
// time-stamped by the authority at tsa when it is not empty.
func finishCMS(p *Pending, value []byte, tsa string) ([]byte, error) {
	if len(p.Chain) == 0 {
		return nil, ErrBadInput
	}
	if err := checkValue(p.Chain[0], p.ToBeSigned, value); err != nil {
		return nil, err
	}
	var token []byte
	if tsa != "" {
		var err error
		if token, err = timeStampToken(tsa, value); err != nil {
			return nil, err
		}
	}
	return signedData(p.ToBeSigned, value, p.Chain, token)
}
