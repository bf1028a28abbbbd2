package sign

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// maxTransforms bounds the work a hostile reference may ask for.
const maxTransforms = 8

// referenceDigest resolves a ds:Reference of the signature sig in doc,
// applies its transforms and returns the digest its DigestMethod names.
// Same-document references only: "" (the document) and "#Id".
func referenceDigest(doc *etree.Document, sig, ref *etree.Element) ([]byte, error) {
	hash, ok := xmlDigests[xmlAttr(xmlChild(ref, nsDS, "DigestMethod"), "Algorithm")]
	if !ok {
		return nil, fmt.Errorf("sign: digest method: %w", errUnsupportedXML)
	}
	uri := xmlAttr(ref, "URI")
	var node *etree.Element
	switch {
	case uri == "":
		node = doc.Root()
	case strings.HasPrefix(uri, "#") && !strings.HasPrefix(uri, "#xpointer("):
		var err error
		if node, err = elementByID(doc.Root(), uri[1:]); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("sign: reference %q: %w", uri, errUnsupportedXML)
	}
	var (
		octets  []byte
		isOctet bool
		remove  []*etree.Element
	)
	// canonical is the node-set, less what transforms removed, in octets.
	canonical := func(alg, prefixes string) ([]byte, error) {
		return withoutElements(remove, func() ([]byte, error) {
			if uri == "" {
				return c14nDocument(doc, alg, prefixes)
			}
			return c14nElement(node, alg, prefixes, false)
		})
	}
	list := xmlChildren(xmlChild(ref, nsDS, "Transforms"), nsDS, "Transform")
	if len(list) > maxTransforms {
		return nil, fmt.Errorf("sign: %d transforms: %w", len(list), errUnsupportedXML)
	}
	for _, t := range list {
		alg := xmlAttr(t, "Algorithm")
		switch {
		case alg == xmlEnveloped && !isOctet:
			remove = append(remove, sig)
		case alg == xmlXPath && !isOctet && notSignatureXPath(t):
			walkElements(doc.Root(), func(e *etree.Element) {
				if isElem(e, nsDS, "Signature") {
					remove = append(remove, e)
				}
			})
		case alg == xmlBase64:
			encoded := string(octets)
			if !isOctet {
				encoded = stringValue(node)
			}
			raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(encoded), ""))
			if err != nil {
				return nil, fmt.Errorf("sign: base64 transform: %w", err)
			}
			octets, isOctet = raw, true
		case !isOctet:
			prefixes := ""
			if inc := xmlChild(t, "http://www.w3.org/2001/10/xml-exc-c14n#", "InclusiveNamespaces"); inc != nil {
				prefixes = xmlAttr(inc, "PrefixList")
			}
			c, err := canonical(alg, prefixes)
			if err != nil {
				return nil, err
			}
			octets, isOctet = c, true
		default:
			return nil, fmt.Errorf("sign: transform %q: %w", alg, errUnsupportedXML)
		}
	}
	if !isOctet {
		c, err := canonical(xmlC14N, "")
		if err != nil {
			return nil, err
		}
		octets = c
	}
	h := hash.New()
	h.Write(octets)
	return h.Sum(nil), nil
}

// notSignatureXPath reports whether an XPath transform is the one that
// leaves out every signature, not(ancestor-or-self::ds:Signature), with ds
// bound to XMLDSig; other XPath expressions are not evaluated.
func notSignatureXPath(t *etree.Element) bool {
	x := xmlChild(t, nsDS, "XPath")
	if x == nil {
		return false
	}
	expr := strings.Join(strings.Fields(x.Text()), "")
	prefix, ok := strings.CutPrefix(expr, "not(ancestor-or-self::")
	if !ok {
		return false
	}
	prefix, ok = strings.CutSuffix(prefix, ":Signature)")
	if !ok {
		return false
	}
	for e := x; e != nil; e = e.Parent() {
		if a := e.SelectAttr("xmlns:" + prefix); a != nil {
			return a.Value == nsDS
		}
	}
	return false
}
