package sign

import (
	encasn1 "encoding/asn1"
	"encoding/base64"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// The signature policy of the AGE, v1.9 (firma.md §2), identified as
// AutoFirma does: its OID, the SHA-1 of the policy document and its URL.
var agePolicyOID = encasn1.ObjectIdentifier{2, 16, 724, 1, 3, 1, 1, 2, 1, 9}

const (
	agePolicyHash = "G7roucf600+f03r/o0bAOQ6WAs0="
	agePolicyURL  = "https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf"
)

var agePolicyDigest = func() []byte {
	d, err := base64.StdEncoding.DecodeString(agePolicyHash)
	if err != nil {
		panic(err)
	}
	return d
}()

// addPolicy adds the value of the signature-policy-identifier attribute
// (ETSI EN 319 122-1 §5.2.9.1): the policy's OID, its hash and its URL.
func addPolicy(b *cryptobyte.Builder) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignaturePolicyId
		b.AddASN1ObjectIdentifier(agePolicyOID)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // OtherHashAlgAndValue
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidSHA1) })
			b.AddASN1OctetString(agePolicyDigest)
		})
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { // sigPolicyQualifiers
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidSPURI)
				b.AddASN1(asn1.IA5String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(agePolicyURL)) })
			})
		})
	})
}
