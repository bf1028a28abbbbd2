package sign

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"
	"time"

	"github.com/beevik/etree"
)

// Types of the references of a XAdES signature.
const (
	xadesSignedPropsType = "http://uri.etsi.org/01903#SignedProperties"
	xmlObjectType        = nsDS + "Object"
)

// prepareXAdES builds a XAdES baseline B-B signature (ETSI EN 319 132-1)
// of data for the signer of chain: the ds:Signature is put in the
// document (enveloped) or next to a CONTENT that carries data in
// AutoFirma's AFIRMA root (detached), complete but for its
// SignatureValue. ToBeSigned is the canonical ds:SignedInfo. A time-stamp
// (o.TSA, baseline B-T) is not made for XAdES yet: asking for one is
// ErrUnsupported.
func prepareXAdES(f Format, data []byte, chain []*x509.Certificate, o Options) (*Pending, error) {
	if o.TSA != "" {
		return nil, ErrUnsupported
	}
	method, err := xmlMethodFor(chain[0].PublicKey)
	if err != nil {
		return nil, err
	}
	id := "Signature-" + rand.Text()
	var (
		doc     *etree.Document
		parent  *etree.Element
		content xadesContent
	)
	if f == XAdESDetached {
		doc, content = afirmaDocument(data, id)
		parent = doc.Root()
	} else {
		if doc, err = ParseXML(data); err != nil {
			return nil, ErrBadInput
		}
		if parent, content, err = envelopedPlace(doc, o); err != nil {
			return nil, err
		}
	}
	signingTime := o.Time
	if signingTime.IsZero() {
		signingTime = time.Now()
	}
	sig := xadesSignature(id, method, content, chain, signingTime.Truncate(time.Second))
	parent.AddChild(sig)
	for _, ref := range xmlChildren(xmlChild(sig, nsDS, "SignedInfo"), nsDS, "Reference") {
		sum, err := referenceDigest(doc, sig, ref)
		if err != nil {
			return nil, fmt.Errorf("sign: digest of %s: %w", xmlAttr(ref, "URI"), err)
		}
		xmlChild(ref, nsDS, "DigestValue").SetText(base64.StdEncoding.EncodeToString(sum))
	}
	signedInfo, err := c14nElement(xmlChild(sig, nsDS, "SignedInfo"), xmlC14N, "", false)
	if err != nil {
		return nil, err
	}
	state, err := writeXML(doc)
	if err != nil {
		return nil, err
	}
	return &Pending{Format: f, Hash: crypto.SHA256, ToBeSigned: signedInfo, State: state, Chain: chain}, nil
}

// finishXAdES checks the signature value against the signer's key, puts
// it in the prepared signature and returns the signed XML.
func finishXAdES(p *Pending, value []byte) ([]byte, error) {
	if len(p.Chain) == 0 {
		return nil, ErrBadInput
	}
	doc, err := ParseXML(p.State)
	if err != nil {
		return nil, ErrBadInput
	}
	var pending *etree.Element
	walkElements(doc.Root(), func(e *etree.Element) {
		if isElem(e, nsDS, "SignatureValue") && e.Text() == "" && isElem(e.Parent(), nsDS, "Signature") {
			pending = e
		}
	})
	if pending == nil {
		return nil, ErrBadInput
	}
	si := xmlChild(pending.Parent(), nsDS, "SignedInfo")
	signedInfo, err := c14nElement(si, xmlAttr(xmlChild(si, nsDS, "CanonicalizationMethod"), "Algorithm"), "", false)
	if err != nil {
		return nil, ErrBadInput
	}
	raw, err := xmlSignatureValue(p.Chain[0].PublicKey, p.Hash, signedInfo, value)
	if err != nil {
		return nil, err
	}
	pending.SetText(base64.StdEncoding.EncodeToString(raw))
	return writeXML(doc)
}

// xadesContent is the signed content: the reference's URI and transforms
// and what DataObjectFormat says of it.
type xadesContent struct {
	uri, typ           string
	transforms         []string
	mimeType, encoding string
}

// afirmaDocument is AutoFirma's internally detached layout: AFIRMA
// holding CONTENT, with data as XML when it is XML and in base64 when not.
func afirmaDocument(data []byte, id string) (*etree.Document, xadesContent) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("AFIRMA")
	root.CreateAttr("Id", id+"-AFIRMA")
	content := root.CreateElement("CONTENT")
	contentID := "CONTENT-" + id
	content.CreateAttr("Id", contentID)
	ref := xadesContent{uri: "#" + contentID, typ: xmlObjectType}
	if inner, err := ParseXML(data); err == nil {
		content.CreateAttr("Encoding", "UTF-8")
		content.CreateAttr("MimeType", "text/xml")
		content.AddChild(inner.Root())
		ref.transforms = []string{xmlC14N}
		ref.mimeType = "text/xml"
		return doc, ref
	}
	content.CreateAttr("Encoding", xmlBase64)
	content.CreateAttr("MimeType", "application/octet-stream")
	content.SetText(base64.StdEncoding.EncodeToString(data))
	ref.transforms = []string{xmlBase64}
	ref.mimeType, ref.encoding = "application/octet-stream", xmlBase64
	return doc, ref
}

// envelopedPlace finds where an enveloped signature goes (o.Parent) and
// what it signs (the document, or the element whose Id is o.Reference).
func envelopedPlace(doc *etree.Document, o Options) (*etree.Element, xadesContent, error) {
	ref := xadesContent{transforms: []string{xmlEnveloped, xmlC14N}, mimeType: "text/xml"}
	if o.Reference != "" {
		if _, err := elementByID(doc.Root(), o.Reference); err != nil {
			return nil, ref, ErrBadInput
		}
		ref.uri = "#" + o.Reference
	}
	if o.Parent == "" {
		return doc.Root(), ref, nil
	}
	var parent *etree.Element
	walkElements(doc.Root(), func(e *etree.Element) {
		if parent == nil && e.Tag == o.Parent {
			parent = e
		}
	})
	if parent == nil {
		return nil, ref, ErrBadInput
	}
	return parent, ref, nil
}

// xadesSignature builds the ds:Signature with empty digests and value.
func xadesSignature(id, method string, content xadesContent, chain []*x509.Certificate, at time.Time) *etree.Element {
	sig := etree.NewElement("ds:Signature")
	sig.CreateAttr("xmlns:ds", nsDS)
	sig.CreateAttr("Id", id)
	si := sig.CreateElement("ds:SignedInfo")
	si.CreateAttr("Id", id+"-SignedInfo")
	si.CreateElement("ds:CanonicalizationMethod").CreateAttr("Algorithm", xmlC14N)
	si.CreateElement("ds:SignatureMethod").CreateAttr("Algorithm", method)
	contentID := id + "-Reference"
	ref := addReference(si, content.uri, content.transforms)
	ref.CreateAttr("Id", contentID)
	if content.typ != "" {
		ref.CreateAttr("Type", content.typ)
	}
	addReference(si, "#"+id+"-SignedProperties", []string{xmlC14N}).CreateAttr("Type", xadesSignedPropsType)
	addReference(si, "#"+id+"-KeyInfo", []string{xmlC14N})
	sig.CreateElement("ds:SignatureValue").CreateAttr("Id", id+"-SignatureValue")

	keyInfo := sig.CreateElement("ds:KeyInfo")
	keyInfo.CreateAttr("Id", id+"-KeyInfo")
	x509Data := keyInfo.CreateElement("ds:X509Data")
	for _, c := range chain {
		x509Data.CreateElement("ds:X509Certificate").SetText(base64.StdEncoding.EncodeToString(c.Raw))
	}

	qp := sig.CreateElement("ds:Object").CreateElement("xades:QualifyingProperties")
	qp.CreateAttr("xmlns:xades", nsXAdES)
	qp.CreateAttr("Id", id+"-QualifyingProperties")
	qp.CreateAttr("Target", "#"+id)
	sp := qp.CreateElement("xades:SignedProperties")
	sp.CreateAttr("Id", id+"-SignedProperties")
	ssp := sp.CreateElement("xades:SignedSignatureProperties")
	ssp.CreateElement("xades:SigningTime").SetText(at.Format(time.RFC3339))
	addSigningCertificate(ssp, chain[0])
	spi := ssp.CreateElement("xades:SignaturePolicyIdentifier").CreateElement("xades:SignaturePolicyId")
	// The AGE policy v1.9 as AutoFirma declares it (policy.go, firma.md §2).
	spi.CreateElement("xades:SigPolicyId").CreateElement("xades:Identifier").SetText("urn:oid:" + agePolicyOID.String())
	addDigest(spi.CreateElement("xades:SigPolicyHash"), xmlSHA1, agePolicyHash)
	spi.CreateElement("xades:SigPolicyQualifiers").CreateElement("xades:SigPolicyQualifier").
		CreateElement("xades:SPURI").SetText(agePolicyURL)
	dof := sp.CreateElement("xades:SignedDataObjectProperties").CreateElement("xades:DataObjectFormat")
	dof.CreateAttr("ObjectReference", "#"+contentID)
	dof.CreateElement("xades:MimeType").SetText(content.mimeType)
	if content.encoding != "" {
		dof.CreateElement("xades:Encoding").SetText(content.encoding)
	}
	return sig
}

// addReference adds a ds:Reference to SignedInfo with SHA-256 and an empty
// DigestValue.
func addReference(si *etree.Element, uri string, transforms []string) *etree.Element {
	ref := si.CreateElement("ds:Reference")
	ref.CreateAttr("URI", uri)
	ts := ref.CreateElement("ds:Transforms")
	for _, t := range transforms {
		ts.CreateElement("ds:Transform").CreateAttr("Algorithm", t)
	}
	addDigest(ref, xmlSHA256, "")
	return ref
}

// addDigest adds ds:DigestMethod and ds:DigestValue to el.
func addDigest(el *etree.Element, alg, value string) {
	el.CreateElement("ds:DigestMethod").CreateAttr("Algorithm", alg)
	el.CreateElement("ds:DigestValue").SetText(value)
}

// addSigningCertificate adds xades:SigningCertificateV2 (EN 319 132-1
// 5.2.2): the SHA-256 of the signer's certificate and its issuer and
// serial number as the DER of an IssuerSerial (RFC 5035).
func addSigningCertificate(ssp *etree.Element, cert *x509.Certificate) {
	c := ssp.CreateElement("xades:SigningCertificateV2").CreateElement("xades:Cert")
	sum := sha256.Sum256(cert.Raw)
	addDigest(c.CreateElement("xades:CertDigest"), xmlSHA256, base64.StdEncoding.EncodeToString(sum[:]))
	issuerSerial, err := asn1.Marshal(struct {
		Issuer []asn1.RawValue
		Serial *big.Int
	}{[]asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer}}, cert.SerialNumber})
	if err == nil {
		c.CreateElement("xades:IssuerSerialV2").SetText(base64.StdEncoding.EncodeToString(issuerSerial))
	}
}
