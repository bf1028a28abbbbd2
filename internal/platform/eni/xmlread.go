package eni

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"

	"concejo/internal/platform/sign"
)

// nsDS is the namespace of XML Signature (ds:Signature).
const nsDS = "http://www.w3.org/2000/09/xmldsig#"

// ErrNotXML: what was given to read is not a well-formed XML file.
var ErrNotXML = errors.New("eni: el fichero no es un XML bien formado")

// readXML parses an ENI file, in UTF-8 or another encoding it declares,
// whose root must be local in namespace ns.
func readXML(data []byte, ns, local, what string) (*etree.Element, error) {
	doc, err := sign.ParseXML(data)
	if err != nil {
		return nil, ErrNotXML
	}
	root := doc.Root()
	if root.Tag != local || root.NamespaceURI() != ns {
		return nil, fmt.Errorf("eni: el fichero no es %s ENI (su raíz es %s)", what, root.Tag)
	}
	return root, nil
}

// IsDocument reports whether data is XML whose root is an ENI document
// (enidoc:documento), reading no further than the root's start: whether
// the document is valid is ParseDocument's to say.
func IsDocument(data []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = sign.XMLCharsetReader
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			return tok.Name.Space == nsDocument && tok.Name.Local == "documento"
		case xml.CharData:
			if len(bytes.TrimSpace(tok)) > 0 {
				return false
			}
		}
	}
}

// kids returns the child elements of el named local in namespace ns.
func kids(el *etree.Element, ns, local string) []*etree.Element {
	var list []*etree.Element
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if c.Tag == local && c.NamespaceURI() == ns {
			list = append(list, c)
		}
	}
	return list
}

// kid returns the first child element of el named local in ns, or nil.
func kid(el *etree.Element, ns, local string) *etree.Element {
	if list := kids(el, ns, local); len(list) > 0 {
		return list[0]
	}
	return nil
}

// textOf is the trimmed text of el ("" for nil).
func textOf(el *etree.Element) string {
	if el == nil {
		return ""
	}
	return strings.TrimSpace(el.Text())
}

// required is the text of the child local of el, which must be there.
func required(el *etree.Element, ns, local string) (string, error) {
	if v := textOf(kid(el, ns, local)); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("eni: falta el elemento %s", local)
}

// dateTime reads an xsd:dateTime (without zone: UTC).
func dateTime(s, what string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("eni: la fecha %q de %s no es válida", s, what)
}

// requiredDate is the xsd:dateTime of the child local of el.
func requiredDate(el *etree.Element, ns, local string) (time.Time, error) {
	s, err := required(el, ns, local)
	if err != nil {
		return time.Time{}, err
	}
	return dateTime(s, local)
}
