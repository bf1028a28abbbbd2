package sign

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// ErrUnreadableXML: the file to verify is not well-formed XML.
var ErrUnreadableXML = errors.New("El fichero no es un XML legible.")

// Bounds on the work a hostile file may ask for.
const (
	maxSignatures = 64
	maxReferences = 32
)

// VerifyXAdES finds every ds:Signature in an XML file, in document
// order, and checks its references (same-document only) and signature
// value; it reports the signer, the chain carried in KeyInfo and the XAdES
// signing time. A signature is Intact when every reference digests right,
// the value verifies with one of its certificates and, when the signature
// names its signing certificate (SigningCertificate or V2), that is the
// one. A file without signatures gives none and no error.
func VerifyXAdES(data []byte) ([]Signed, error) {
	doc, err := ParseXML(data)
	if err != nil {
		return nil, ErrUnreadableXML
	}
	var sigs []*etree.Element
	walkElements(doc.Root(), func(e *etree.Element) {
		if isElem(e, nsDS, "Signature") {
			sigs = append(sigs, e)
		}
	})
	if len(sigs) > maxSignatures {
		sigs = sigs[:maxSignatures]
	}
	out := make([]Signed, 0, len(sigs))
	for _, sig := range sigs {
		out = append(out, verifyXMLSignature(doc, sig))
	}
	return out, nil
}

// verifyXMLSignature checks one ds:Signature of doc.
func verifyXMLSignature(doc *etree.Document, sig *etree.Element) Signed {
	s := Signed{Format: XAdESDetached}
	for _, data := range xmlChildren(xmlChild(sig, nsDS, "KeyInfo"), nsDS, "X509Data") {
		for _, c := range xmlChildren(data, nsDS, "X509Certificate") {
			der, err := xmlBase64Value(c)
			if err != nil {
				continue
			}
			if cert, err := x509.ParseCertificate(der); err == nil {
				s.Chain = append(s.Chain, cert)
			}
		}
	}
	props := xadesSignedSignatureProps(sig)
	s.Time = parseXSDateTime(strings.TrimSpace(xmlText(xmlChild(props, nsXAdES, "SigningTime"))))
	named := signingCertMatcher(props)

	si := xmlChild(sig, nsDS, "SignedInfo")
	refs := xmlChildren(si, nsDS, "Reference")
	refsOK := len(refs) > 0 && len(refs) <= maxReferences
	for _, ref := range refs {
		for _, t := range xmlChildren(xmlChild(ref, nsDS, "Transforms"), nsDS, "Transform") {
			if xmlAttr(t, "Algorithm") == xmlEnveloped {
				s.Format = XAdESEnveloped
			}
		}
	}
	for i := 0; refsOK && i < len(refs); i++ {
		want, err := xmlBase64Value(xmlChild(refs[i], nsDS, "DigestValue"))
		got, err2 := referenceDigest(doc, sig, refs[i])
		refsOK = err == nil && err2 == nil && bytes.Equal(got, want)
	}

	valueOK := false
	if si != nil {
		cm := xmlChild(si, nsDS, "CanonicalizationMethod")
		prefixes := xmlAttr(xmlChild(cm, "http://www.w3.org/2001/10/xml-exc-c14n#", "InclusiveNamespaces"), "PrefixList")
		signed, err := c14nElement(si, xmlAttr(cm, "Algorithm"), prefixes, true)
		value, err2 := xmlBase64Value(xmlChild(sig, nsDS, "SignatureValue"))
		method := xmlAttr(xmlChild(si, nsDS, "SignatureMethod"), "Algorithm")
		for _, cert := range s.Chain {
			if err == nil && err2 == nil && verifyXMLValue(cert.PublicKey, method, signed, value) {
				s.Signer, valueOK = cert, true
				break
			}
		}
	}
	if s.Signer == nil {
		for _, cert := range s.Chain {
			if named(cert) {
				s.Signer = cert
				break
			}
		}
	}
	if s.Signer == nil && len(s.Chain) > 0 {
		s.Signer = s.Chain[0]
	}
	s.Intact = refsOK && valueOK && named(s.Signer)
	return s
}

// xadesSignedSignatureProps is the XAdES SignedSignatureProperties of sig.
func xadesSignedSignatureProps(sig *etree.Element) *etree.Element {
	for _, obj := range xmlChildren(sig, nsDS, "Object") {
		for _, qp := range xmlChildren(obj, nsXAdES, "QualifyingProperties") {
			if ssp := xmlChild(xmlChild(qp, nsXAdES, "SignedProperties"), nsXAdES, "SignedSignatureProperties"); ssp != nil {
				return ssp
			}
		}
	}
	return nil
}

// signingCertMatcher returns whether a certificate is the signing
// certificate the properties name by digest; any certificate is when they
// name none.
func signingCertMatcher(props *etree.Element) func(*x509.Certificate) bool {
	var certs []*etree.Element
	for _, name := range []string{"SigningCertificate", "SigningCertificateV2"} {
		for _, sc := range xmlChildren(props, nsXAdES, name) {
			certs = append(certs, xmlChildren(sc, nsXAdES, "Cert")...)
		}
	}
	return func(c *x509.Certificate) bool {
		if c == nil {
			return false
		}
		if len(certs) == 0 {
			return true
		}
		for _, el := range certs {
			d := xmlChild(el, nsXAdES, "CertDigest")
			hash, ok := xmlDigests[xmlAttr(xmlChild(d, nsDS, "DigestMethod"), "Algorithm")]
			want, err := xmlBase64Value(xmlChild(d, nsDS, "DigestValue"))
			if !ok || err != nil {
				continue
			}
			h := hash.New()
			h.Write(c.Raw)
			if bytes.Equal(h.Sum(nil), want) {
				return true
			}
		}
		return false
	}
}

// parseXSDateTime reads an xsd:dateTime; zero when it is not one.
func parseXSDateTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
