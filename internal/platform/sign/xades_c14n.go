package sign

import (
	"bytes"
	"fmt"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// inContext returns a copy of el with no parent that declares the
// namespaces it inherits and, for inclusive canonicalization, the xml:*
// attributes of its ancestors (C14N 1.0 §2.4), as a canonicalizer would
// see el in its document.
func inContext(el *etree.Element, inclusive bool) *etree.Element {
	var ancestors []*etree.Element
	for p := el.Parent(); p != nil; p = p.Parent() {
		ancestors = append(ancestors, p)
	}
	inherited := map[string]string{} // "space:key" or "key" → value
	for i := len(ancestors) - 1; i >= 0; i-- {
		for _, a := range ancestors[i].Attr {
			isNS := a.Space == "xmlns" && a.Key != "xml" || a.Space == "" && a.Key == "xmlns"
			if isNS || inclusive && a.Space == "xml" {
				inherited[a.FullKey()] = a.Value
			}
		}
	}
	cp := el.Copy()
	for key, v := range inherited {
		if v != "" && cp.SelectAttr(key) == nil {
			cp.CreateAttr(key, v)
		}
	}
	return cp
}

// c14nFor returns goxmldsig's canonicalizer for alg and whether it is
// inclusive (it inherits xml:* attributes); comments are
// dropped unless keep (a same-document reference never keeps them).
func c14nFor(alg, prefixes string, keep bool) (dsig.Canonicalizer, bool, error) {
	switch alg {
	case xmlC14N, xmlC14NComments:
		if keep && alg == xmlC14NComments {
			return dsig.MakeC14N10WithCommentsCanonicalizer(), true, nil
		}
		return dsig.MakeC14N10RecCanonicalizer(), true, nil
	case xmlC14N11, xmlC14N11Comments:
		if keep && alg == xmlC14N11Comments {
			return dsig.MakeC14N11WithCommentsCanonicalizer(), true, nil
		}
		return dsig.MakeC14N11Canonicalizer(), true, nil
	case xmlExcC14N, xmlExcC14NComments:
		if keep && alg == xmlExcC14NComments {
			return dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList(prefixes), false, nil
		}
		return dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(prefixes), false, nil
	}
	return nil, false, fmt.Errorf("sign: canonicalization %q: %w", alg, errUnsupportedXML)
}

// c14nElement returns the canonical form of el in its document by alg.
func c14nElement(el *etree.Element, alg, prefixes string, keepComments bool) ([]byte, error) {
	c, inclusive, err := c14nFor(alg, prefixes, keepComments)
	if err != nil {
		return nil, err
	}
	return c.Canonicalize(inContext(el, inclusive))
}

// c14nDocument is the canonical form of the whole document (a
// reference URI ""): the root element and the processing instructions
// around it, without the XML declaration, the DTD or comments.
func c14nDocument(doc *etree.Document, alg, prefixes string) ([]byte, error) {
	var b bytes.Buffer
	afterRoot := false
	for _, t := range doc.Child {
		switch t := t.(type) {
		case *etree.ProcInst:
			if t.Target == "xml" {
				continue
			}
			if afterRoot {
				b.WriteByte('\n')
			}
			b.WriteString("<?" + t.Target)
			if t.Inst != "" {
				b.WriteString(" " + t.Inst)
			}
			b.WriteString("?>")
			if !afterRoot {
				b.WriteByte('\n')
			}
		case *etree.Element:
			c, err := c14nElement(t, alg, prefixes, false)
			if err != nil {
				return nil, err
			}
			b.Write(c)
			afterRoot = true
		}
	}
	return b.Bytes(), nil
}

// withoutElements calls f with the elements removed from the tree (a transform
// that takes signatures out of the signed node-set) and puts them back.
func withoutElements(els []*etree.Element, f func() ([]byte, error)) ([]byte, error) {
	type place struct {
		parent *etree.Element
		index  int
		el     *etree.Element
	}
	var removed []place
	for _, el := range els {
		if p := el.Parent(); p != nil {
			i := el.Index()
			p.RemoveChildAt(i)
			removed = append(removed, place{p, i, el})
		}
	}
	defer func() {
		for i := len(removed) - 1; i >= 0; i-- {
			removed[i].parent.InsertChildAt(removed[i].index, removed[i].el)
		}
	}()
	return f()
}
