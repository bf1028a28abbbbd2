package sign

import (
	"crypto"
	_ "crypto/sha1" // digests of references and certificates signed by others
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/ianaindex"
)

// XML Signature algorithms and namespaces (XMLDSig 1.0, RFC 4051, ETSI EN
// 319 132-1).
const (
	nsDS    = "http://www.w3.org/2000/09/xmldsig#"
	nsXAdES = "http://uri.etsi.org/01903/v1.3.2#"

	xmlC14N            = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	xmlC14NComments    = xmlC14N + "#WithComments"
	xmlC14N11          = "http://www.w3.org/2006/12/xml-c14n11"
	xmlC14N11Comments  = xmlC14N11 + "#WithComments"
	xmlExcC14N         = "http://www.w3.org/2001/10/xml-exc-c14n#"
	xmlExcC14NComments = xmlExcC14N + "WithComments"
	xmlEnveloped       = nsDS + "enveloped-signature"
	xmlBase64          = nsDS + "base64"
	xmlXPath           = "http://www.w3.org/TR/1999/REC-xpath-19991116"

	xmlSHA1   = nsDS + "sha1"
	xmlSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
	xmlSHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
	xmlSHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
)

// xmlDigests are the digest methods read in references and
// certificate digests.
var xmlDigests = map[string]crypto.Hash{
	xmlSHA1: crypto.SHA1, xmlSHA256: crypto.SHA256, xmlSHA384: crypto.SHA384, xmlSHA512: crypto.SHA512,
}

// errUnsupportedXML: a reference or transform this package does not process.
var errUnsupportedXML = errors.New("sign: unsupported XML signature construct")

// ParseXML reads an XML document with one root element; encodings other
// than UTF-8 are decoded (see XMLCharsetReader).
func ParseXML(data []byte) (*etree.Document, error) {
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = XMLCharsetReader
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, err
	}
	if !oneRoot(doc) {
		return nil, errors.New("sign: XML without one root element")
	}
	return doc, nil
}

// XMLCharsetReader decodes an XML file in the encoding its declaration
// names (ISO-8859-1 and the other IANA ones).
func XMLCharsetReader(label string, r io.Reader) (io.Reader, error) {
	if strings.EqualFold(label, "utf-8") {
		return r, nil
	}
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, fmt.Errorf("sign: encoding %q: %w", label, errUnsupportedXML)
	}
	return enc.NewDecoder().Reader(r), nil
}

// oneRoot reports whether doc has one root element and nothing but
// blanks, comments and processing instructions around it (etree reads
// more and its own check refuses a final line break).
func oneRoot(doc *etree.Document) bool {
	roots := 0
	for _, t := range doc.Child {
		switch t := t.(type) {
		case *etree.Element:
			roots++
		case *etree.CharData:
			if strings.TrimSpace(t.Data) != "" {
				return false
			}
		}
	}
	return roots == 1
}

// writeXML serializes doc in UTF-8 with the escapes of canonical XML, so
// that reading it back gives the same canonical forms.
func writeXML(doc *etree.Document) ([]byte, error) {
	for _, t := range doc.Child {
		if p, ok := t.(*etree.ProcInst); ok && p.Target == "xml" {
			p.Inst = `version="1.0" encoding="UTF-8"`
		}
	}
	doc.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalText: true}
	return doc.WriteToBytes()
}

// isElem reports whether el is the element local in namespace ns.
func isElem(el *etree.Element, ns, local string) bool {
	return el != nil && el.Tag == local && el.NamespaceURI() == ns
}

// xmlChildren returns the child elements of el named local in ns (none when
// el is nil).
func xmlChildren(el *etree.Element, ns, local string) []*etree.Element {
	if el == nil {
		return nil
	}
	var list []*etree.Element
	for _, c := range el.ChildElements() {
		if isElem(c, ns, local) {
			list = append(list, c)
		}
	}
	return list
}

// xmlChild returns the first child element of el named local in ns.
func xmlChild(el *etree.Element, ns, local string) *etree.Element {
	if list := xmlChildren(el, ns, local); len(list) > 0 {
		return list[0]
	}
	return nil
}

// xmlAttr is the value of el's unprefixed attribute key ("" when el is nil
// or has none).
func xmlAttr(el *etree.Element, key string) string {
	if el == nil {
		return ""
	}
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value
		}
	}
	return ""
}

// walkElements calls f for el and every element under it in document order.
func walkElements(el *etree.Element, f func(*etree.Element)) {
	f(el)
	for _, c := range el.ChildElements() {
		walkElements(c, f)
	}
}

// elementByID finds the one element whose Id attribute is id; a repeated Id is an
// error (the signature could then be moved onto other content).
func elementByID(root *etree.Element, id string) (*etree.Element, error) {
	var found *etree.Element
	n := 0
	walkElements(root, func(e *etree.Element) {
		for _, a := range e.Attr {
			if a.Space == "" && (a.Key == "Id" || a.Key == "ID" || a.Key == "id") && a.Value == id {
				found = e
				n++
				return
			}
		}
	})
	if n != 1 {
		return nil, fmt.Errorf("sign: %d elements with Id %q", n, id)
	}
	return found, nil
}

// stringValue is the string value of el: the text of all its descendants.
func stringValue(el *etree.Element) string {
	var b strings.Builder
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for _, t := range e.Child {
			switch t := t.(type) {
			case *etree.CharData:
				b.WriteString(t.Data)
			case *etree.Element:
				walk(t)
			}
		}
	}
	walk(el)
	return b.String()
}

// xmlText is the text of el ("" when el is nil).
func xmlText(el *etree.Element) string {
	if el == nil {
		return ""
	}
	return el.Text()
}

// xmlBase64Value reads the base64 text of el, line breaks and all.
func xmlBase64Value(el *etree.Element) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(xmlText(el)), ""))
}
