package pdf

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "crypto/sha1" // registers the hashes that signers may use
	_ "crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/smallstep/pkcs7"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

var (
	oidMessageDigest = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidRSAPSS        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	// oidTimestampToken is id-aa-signatureTimeStampToken (RFC 3161 annex A).
	oidTimestampToken = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

// hashByOID maps digest algorithm OIDs (and the signature OIDs some signers
// wrongly put in digestAlgorithm) to hashes.
var hashByOID = map[string]crypto.Hash{
	"1.3.14.3.2.26":           crypto.SHA1,
	"2.16.840.1.101.3.4.2.4":  crypto.SHA224,
	"2.16.840.1.101.3.4.2.1":  crypto.SHA256,
	"2.16.840.1.101.3.4.2.2":  crypto.SHA384,
	"2.16.840.1.101.3.4.2.3":  crypto.SHA512,
	"2.16.840.1.101.3.4.2.8":  crypto.SHA3_256,
	"2.16.840.1.101.3.4.2.9":  crypto.SHA3_384,
	"2.16.840.1.101.3.4.2.10": crypto.SHA3_512,
	"1.2.840.113549.1.1.5":    crypto.SHA1,
	"1.2.840.113549.1.1.14":   crypto.SHA224,
	"1.2.840.113549.1.1.11":   crypto.SHA256,
	"1.2.840.113549.1.1.12":   crypto.SHA384,
	"1.2.840.113549.1.1.13":   crypto.SHA512,
}

// signerInfo is the part of a CMS SignerInfo needed for verification.
type signerInfo struct {
	issuer      []byte // DER Name of the issuer (issuerAndSerialNumber)
	serial      *big.Int
	ski         []byte // subjectKeyIdentifier, when used instead
	digestAlg   encasn1.ObjectIdentifier
	signedAttrs []byte            // DER of the signed attributes as a SET, nil if absent
	attrs       map[string][]byte // first value (full DER element) by OID
	sigAlg      encasn1.ObjectIdentifier
	sigParams   []byte
	signature   []byte
	unsigned    map[string][]byte // unsigned attributes: first value by OID
}

// cmsResult is what we learn from one CMS signature.
type cmsResult struct {
	cert        *x509.Certificate
	certs       []*x509.Certificate // the CMS certificate set
	signingTime time.Time
	digestValid bool
	timestamp   *Timestamp
	content     []byte // the encapsulated content, if any
}

// Timestamp is a signature time-stamp token (RFC 3161) found among the
// unsigned attributes of a signature.
type Timestamp struct {
	Time         time.Time           // genTime of the token
	Authority    *x509.Certificate   // the time-stamp authority's certificate
	Certificates []*x509.Certificate // the token's certificate set
	// Valid: the token's signature verifies with Authority's key and its
	// message imprint is the digest of the signature value it stamps.
	Valid bool
}

// ranges is the signed part of the file: the two ByteRange intervals.
type ranges [2][]byte

func (r ranges) sum(h crypto.Hash) []byte {
	w := h.New()
	w.Write(r[0])
	w.Write(r[1])
	return w.Sum(nil)
}

// attachedCMS is the subFilter verifyCMS is given for a CMS signature
// outside a PDF, which may encapsulate the content it signs.
const attachedCMS = " CAdES"

// verifyCMS parses a detached CMS/PKCS#7 signature over doc, identifies the
// signer certificate and checks integrity: the digest of doc against the
// messageDigest attribute (or the encapsulated digest / timestamp imprint
// for adbe.pkcs7.sha1 and ETSI.RFC3161) and the signature value with the
// signer's public key. A signature time-stamp token among the unsigned
// attributes is read and checked the same way. Trust, validity and
// revocation are not checked here (see [Verify]).
func verifyCMS(der []byte, doc ranges, subFilter string) (cmsResult, error) {
	res, si, err := verifySignedData(der, doc, subFilter)
	if err != nil {
		return res, err
	}
	if token, ok := si.unsigned[oidTimestampToken.String()]; ok {
		res.timestamp = readTimestamp(token, si.signature)
	}
	return res, nil
}

// readTimestamp checks a time-stamp token over the signature value sig;
// nil when it cannot be read at all.
func readTimestamp(token, sig []byte) *Timestamp {
	tr, _, err := verifySignedData(token, ranges{sig}, "ETSI.RFC3161")
	if err != nil {
		return nil
	}
	t, ok := genTime(tr.content)
	if !ok {
		return nil
	}
	return &Timestamp{Time: t, Authority: tr.cert, Certificates: tr.certs, Valid: tr.digestValid}
}

// genTime reads the genTime of a DER TSTInfo.
func genTime(content []byte) (time.Time, bool) {
	s := cryptobyte.String(content)
	var tst, gt cryptobyte.String
	var version int64
	if !s.ReadASN1(&tst, asn1.SEQUENCE) || !tst.ReadASN1Integer(&version) ||
		!tst.SkipASN1(asn1.OBJECT_IDENTIFIER) || !tst.SkipASN1(asn1.SEQUENCE) ||
		!tst.SkipASN1(asn1.INTEGER) || !tst.ReadASN1(&gt, asn1.GeneralizedTime) {
		return time.Time{}, false
	}
	// time.Parse accepts the optional fraction of a second after the seconds.
	t, err := time.Parse("20060102150405Z0700", string(gt))
	return t.UTC(), err == nil
}

// verifySignedData is verifyCMS without the time-stamp token; it also
// returns the signer info.
func verifySignedData(der []byte, doc ranges, subFilter string) (res cmsResult, si signerInfo, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pkcs7: %v", r)
		}
	}()
	p7, err := ParseCMS(der)
	if err != nil {
		return res, si, err
	}
	if len(p7.Signers) == 0 {
		return res, si, errors.New("pkcs7: sin firmantes")
	}
	si, err = parseSignerInfo(der)
	if err != nil {
		si = signerInfoFromPKCS7(p7) // BER encoded: rely on the library's view
	}
	res.certs, res.content = p7.Certificates, p7.Content
	res.cert = findSigner(p7.Certificates, si)
	if res.cert == nil {
		return res, si, errors.New("pkcs7: falta el certificado del firmante")
	}
	if v, ok := si.attrs[oidSigningTime.String()]; ok {
		var t time.Time
		if _, err := encasn1.Unmarshal(v, &t); err == nil {
			res.signingTime = t
		}
	}
	h, ok := hashByOID[si.digestAlg.String()]
	if !ok || !h.Available() {
		return res, si, nil // unknown digest: signer reported, integrity not proven
	}

	// What the signer info actually signs (its "content"), and whether that
	// content is bound to the document bytes.
	var content ranges
	bound := true
	switch {
	case len(p7.Content) == 0:
		content = doc
	case subFilter == "adbe.pkcs7.sha1":
		content = ranges{p7.Content}
		bound = bytes.Equal(p7.Content, doc.sum(crypto.SHA1))
	case subFilter == attachedCMS: // CAdES attached: doc, when given, must be what it encapsulates
		content = ranges{p7.Content}
		bound = len(doc[0])+len(doc[1]) == 0 || bytes.Equal(append(bytes.Clone(doc[0]), doc[1]...), p7.Content)
	default: // ETSI.RFC3161 document timestamp, or a timestamp-like token
		content = ranges{p7.Content}
		bound = imprintMatches(p7.Content, doc)
	}

	var sigOK bool
	if si.signedAttrs != nil {
		md, ok := octets(si.attrs[oidMessageDigest.String()])
		if !ok || subtle.ConstantTimeCompare(md, content.sum(h)) != 1 {
			return res, si, nil
		}
		sigOK = checkSignature(res.cert, si, h, ranges{si.signedAttrs})
	} else {
		sigOK = checkSignature(res.cert, si, h, content)
	}
	res.digestValid = bound && sigOK
	return res, si, nil
}

// checkSignature verifies si.signature over msg with the public key of cert.
func checkSignature(cert *x509.Certificate, si signerInfo, h crypto.Hash, msg ranges) bool {
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if si.sigAlg.Equal(oidRSAPSS) {
			ph := pssHash(si.sigParams)
			if !ph.Available() {
				return false
			}
			opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}
			return rsa.VerifyPSS(pub, ph, msg.sum(ph), si.signature, opts) == nil
		}
		return rsa.VerifyPKCS1v15(pub, h, msg.sum(h), si.signature) == nil
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(pub, msg.sum(h), si.signature)
	case ed25519.PublicKey:
		return ed25519.Verify(pub, append(append([]byte(nil), msg[0]...), msg[1]...), si.signature)
	}
	return false
}

// pssHash returns the hash of RSASSA-PSS-params (SHA-1 by default).
func pssHash(params []byte) crypto.Hash {
	s := cryptobyte.String(params)
	var seq, alg cryptobyte.String
	var oid encasn1.ObjectIdentifier
	if !s.ReadASN1(&seq, asn1.SEQUENCE) {
		return crypto.SHA1
	}
	var tagged cryptobyte.String
	var present bool
	if !seq.ReadOptionalASN1(&tagged, &present, asn1.Tag(0).Constructed().ContextSpecific()) || !present {
		return crypto.SHA1
	}
	if !tagged.ReadASN1(&alg, asn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return 0
	}
	return hashByOID[oid.String()]
}

// imprintMatches reports whether content is a TSTInfo whose message imprint
// is the digest of doc.
func imprintMatches(content []byte, doc ranges) bool {
	s := cryptobyte.String(content)
	var tst, imprint, alg, digest cryptobyte.String
	var version int64
	var oid encasn1.ObjectIdentifier
	if !s.ReadASN1(&tst, asn1.SEQUENCE) || !tst.ReadASN1Integer(&version) ||
		!tst.SkipASN1(asn1.OBJECT_IDENTIFIER) || !tst.ReadASN1(&imprint, asn1.SEQUENCE) ||
		!imprint.ReadASN1(&alg, asn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) ||
		!imprint.ReadASN1(&digest, asn1.OCTET_STRING) {
		return false
	}
	h, ok := hashByOID[oid.String()]
	return ok && h.Available() && subtle.ConstantTimeCompare(digest, doc.sum(h)) == 1
}

// octets decodes a DER OCTET STRING element.
func octets(v []byte) ([]byte, bool) {
	s := cryptobyte.String(v)
	var out cryptobyte.String
	if !s.ReadASN1(&out, asn1.OCTET_STRING) {
		return nil, false
	}
	return out, true
}

// findSigner returns the certificate identified by the signer info.
func findSigner(certs []*x509.Certificate, si signerInfo) *x509.Certificate {
	for _, c := range certs {
		if si.serial != nil && c.SerialNumber != nil && c.SerialNumber.Cmp(si.serial) == 0 &&
			bytes.Equal(c.RawIssuer, si.issuer) {
			return c
		}
		if len(si.ski) > 0 && bytes.Equal(c.SubjectKeyId, si.ski) {
			return c
		}
	}
	var match *x509.Certificate
	for _, c := range certs { // issuer encoded differently: serial alone, if unique
		if si.serial != nil && c.SerialNumber != nil && c.SerialNumber.Cmp(si.serial) == 0 {
			if match != nil {
				return nil
			}
			match = c
		}
	}
	if match == nil && len(certs) == 1 {
		match = certs[0]
	}
	return match
}

// parseSignerInfo reads the first SignerInfo of a DER ContentInfo, keeping
// the signed attributes exactly as encoded (they are what was signed).
func parseSignerInfo(der []byte) (signerInfo, error) {
	var si signerInfo
	bad := errors.New("pkcs7: SignerInfo no DER")
	s := cryptobyte.String(der)
	var ci, wrap, sd, sis, inf, alg cryptobyte.String
	var oid encasn1.ObjectIdentifier
	var version int64
	if !s.ReadASN1(&ci, asn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&oid) ||
		!ci.ReadASN1(&wrap, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!wrap.ReadASN1(&sd, asn1.SEQUENCE) || !sd.ReadASN1Integer(&version) ||
		!sd.SkipASN1(asn1.SET) || !sd.SkipASN1(asn1.SEQUENCE) ||
		!sd.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) ||
		!sd.SkipOptionalASN1(asn1.Tag(1).Constructed().ContextSpecific()) ||
		!sd.ReadASN1(&sis, asn1.SET) || !sis.ReadASN1(&inf, asn1.SEQUENCE) ||
		!inf.ReadASN1Integer(&version) {
		return si, bad
	}
	switch {
	case inf.PeekASN1Tag(asn1.SEQUENCE):
		var ias, issuer cryptobyte.String
		si.serial = new(big.Int)
		if !inf.ReadASN1(&ias, asn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, asn1.SEQUENCE) ||
			!ias.ReadASN1Integer(si.serial) {
			return si, bad
		}
		si.issuer = issuer
	case inf.PeekASN1Tag(asn1.Tag(0).ContextSpecific()):
		var ski cryptobyte.String
		if !inf.ReadASN1(&ski, asn1.Tag(0).ContextSpecific()) {
			return si, bad
		}
		si.ski = ski
	default:
		return si, bad
	}
	if !inf.ReadASN1(&alg, asn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&si.digestAlg) {
		return si, bad
	}
	if inf.PeekASN1Tag(asn1.Tag(0).Constructed().ContextSpecific()) {
		var full cryptobyte.String
		if !inf.ReadASN1Element(&full, asn1.Tag(0).Constructed().ContextSpecific()) {
			return si, bad
		}
		si.signedAttrs = append([]byte(nil), full...)
		si.signedAttrs[0] = byte(asn1.SET) // [0] IMPLICIT is signed as SET OF
		var err error
		if si.attrs, err = parseAttrs(si.signedAttrs); err != nil {
			return si, err
		}
	}
	var salg cryptobyte.String
	var sig cryptobyte.String
	if !inf.ReadASN1(&salg, asn1.SEQUENCE) || !salg.ReadASN1ObjectIdentifier(&si.sigAlg) ||
		!inf.ReadASN1(&sig, asn1.OCTET_STRING) {
		return si, bad
	}
	si.sigParams = salg
	si.signature = sig
	if inf.PeekASN1Tag(asn1.Tag(1).Constructed().ContextSpecific()) {
		var full cryptobyte.String
		if !inf.ReadASN1Element(&full, asn1.Tag(1).Constructed().ContextSpecific()) {
			return si, bad
		}
		set := append([]byte(nil), full...)
		set[0] = byte(asn1.SET)
		var err error
		if si.unsigned, err = parseAttrs(set); err != nil {
			return si, err
		}
	}
	return si, nil
}

// parseAttrs indexes a DER SET OF Attribute by OID, keeping the first value.
func parseAttrs(set []byte) (map[string][]byte, error) {
	s := cryptobyte.String(set)
	var body cryptobyte.String
	if !s.ReadASN1(&body, asn1.SET) {
		return nil, errors.New("pkcs7: atributos mal formados")
	}
	m := make(map[string][]byte)
	for !body.Empty() {
		var attr, vals, first cryptobyte.String
		var oid encasn1.ObjectIdentifier
		if !body.ReadASN1(&attr, asn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) ||
			!attr.ReadASN1(&vals, asn1.SET) || !vals.ReadAnyASN1Element(&first, nil) {
			return nil, errors.New("pkcs7: atributos mal formados")
		}
		if _, dup := m[oid.String()]; !dup {
			m[oid.String()] = first
		}
	}
	return m, nil
}

// attribute mirrors the attribute type of the pkcs7 package, to re-encode
// signed attributes parsed from BER.
type attribute struct {
	Type  encasn1.ObjectIdentifier
	Value encasn1.RawValue `asn1:"set"`
}

// signerInfoFromPKCS7 builds a signerInfo from the library's parse, used
// when the CMS is not DER. Signed attributes are re-encoded in DER.
func signerInfoFromPKCS7(p7 *pkcs7.PKCS7) signerInfo {
	s := p7.Signers[0]
	si := signerInfo{
		issuer:    s.IssuerAndSerialNumber.IssuerName.FullBytes,
		serial:    s.IssuerAndSerialNumber.SerialNumber,
		digestAlg: s.DigestAlgorithm.Algorithm,
		sigAlg:    s.DigestEncryptionAlgorithm.Algorithm,
		sigParams: s.DigestEncryptionAlgorithm.Parameters.FullBytes,
		signature: s.EncryptedDigest,
		unsigned:  map[string][]byte{},
	}
	for _, a := range s.UnauthenticatedAttributes {
		var first encasn1.RawValue
		if _, err := encasn1.Unmarshal(a.Value.Bytes, &first); err == nil {
			if _, dup := si.unsigned[a.Type.String()]; !dup {
				si.unsigned[a.Type.String()] = first.FullBytes
			}
		}
	}
	if len(s.AuthenticatedAttributes) == 0 {
		return si
	}
	attrs := make([]attribute, len(s.AuthenticatedAttributes))
	for i, a := range s.AuthenticatedAttributes {
		attrs[i] = attribute{Type: a.Type, Value: a.Value}
	}
	enc, err := encasn1.Marshal(struct {
		A []attribute `asn1:"set"`
	}{A: attrs})
	var outer encasn1.RawValue
	if err == nil {
		_, err = encasn1.Unmarshal(enc, &outer)
	}
	if err != nil {
		return si
	}
	si.signedAttrs = outer.Bytes
	si.attrs, _ = parseAttrs(si.signedAttrs)
	return si
}
