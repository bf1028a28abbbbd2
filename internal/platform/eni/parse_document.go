package eni

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/beevik/etree"

	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

var (
	docIdentifierRE = regexp.MustCompile(`^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_[A-Za-z0-9._-]+$`)
	docTypeRE       = regexp.MustCompile(`^TD[0-9]{2}$`)
	tipoFirmaRE     = regexp.MustCompile(`^TF0[1-6]$`)
)

// ParseDocument reads an ENI document made by anyone (enidoc:documento
// as root): its metadata, its content (base64, XML, or inside the CAdES
// signature it references) and its CSV, and verifies the XAdES signatures
// that it carries or that its content carries (TF02/TF03). Whether each
// signature is intact is the caller's to judge; a file that is not an ENI
// document is an error meant for the user.
func ParseDocument(data []byte) (Document, []sign.Signed, error) {
	var d Document
	root, err := readXML(data, nsDocument, "documento", "un documento")
	if err != nil {
		return d, nil, err
	}
	meta := kid(root, nsMeta, "metadatos")
	content := kid(root, nsContent, "contenido")
	if meta == nil || content == nil {
		return d, nil, fmt.Errorf("eni: al documento le faltan el contenido o los metadatos")
	}
	if err := readMetadata(meta, &d); err != nil {
		return d, nil, err
	}
	firmas := kids(kid(root, nsSign, "firmas"), nsSign, "firma")
	if err := checkFirmas(firmas); err != nil {
		return d, nil, err
	}
	for _, f := range firmas {
		if csv := kid(kid(f, nsSign, "ContenidoFirma"), nsSign, "CSV"); csv != nil {
			d.CSV = textOf(kid(csv, nsSign, "ValorCSV"))
			d.CSVRegulation = textOf(kid(csv, nsSign, "RegulacionGeneracionCSV"))
		}
	}
	if d.Format, err = required(content, nsContent, "NombreFormato"); err != nil {
		return d, nil, err
	}
	if d.Content, err = readContent(content, firmas); err != nil {
		return d, nil, err
	}
	signed, err := sign.VerifyXAdES(data)
	if err != nil {
		return d, nil, err
	}
	signed = outsideContent(root, signed)
	if signsContent(firmas) {
		more, err := sign.VerifyXAdES(d.Content)
		if err != nil {
			return d, nil, fmt.Errorf("eni: el contenido firmado en XAdES no es un XML legible")
		}
		signed = append(signed, more...)
	}
	return d, signed, nil
}

// readMetadata reads enidocmeta:metadatos into d.
func readMetadata(meta *etree.Element, d *Document) (err error) {
	if d.Identifier, err = required(meta, nsMeta, "Identificador"); err != nil {
		return err
	}
	if !docIdentifierRE.MatchString(d.Identifier) || len(d.Identifier) > 52 {
		return fmt.Errorf("eni: identificador %q no válido", d.Identifier)
	}
	if d.Organ, err = required(meta, nsMeta, "Organo"); err != nil {
		return err
	}
	if d.Captured, err = requiredDate(meta, nsMeta, "FechaCaptura"); err != nil {
		return err
	}
	origin, err := required(meta, nsMeta, "OrigenCiudadanoAdministracion")
	if err != nil {
		return err
	}
	switch origin {
	case "true", "1":
		d.FromAdministration = true
	case "false", "0":
	default:
		return fmt.Errorf("eni: origen %q no válido (ha de ser true o false)", origin)
	}
	elab := kid(meta, nsMeta, "EstadoElaboracion")
	if d.Elaboration, err = required(elab, nsMeta, "ValorEstadoElaboracion"); err != nil {
		return err
	}
	if !elaboRE.MatchString(d.Elaboration) {
		return fmt.Errorf("eni: estado de elaboración %q no válido", d.Elaboration)
	}
	d.OriginID = textOf(kid(elab, nsMeta, "IdentificadorDocumentoOrigen"))
	if d.DocType, err = required(meta, nsMeta, "TipoDocumental"); err != nil {
		return err
	}
	if !docTypeRE.MatchString(d.DocType) {
		return fmt.Errorf("eni: tipo documental %q no válido", d.DocType)
	}
	return nil
}

// readContent returns the document's bytes: ValorBinario decoded,
// DatosXML as XML, or the content of the CAdES attached signature that
// referenciaFichero names (TF05 as InSide writes it).
func readContent(content *etree.Element, firmas []*etree.Element) ([]byte, error) {
	if v := kid(content, nsContent, "ValorBinario"); v != nil {
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v.Text()), ""))
		if err != nil {
			return nil, fmt.Errorf("eni: el contenido en base64 no es válido")
		}
		return raw, nil
	}
	if x := kid(content, nsContent, "DatosXML"); x != nil {
		return innerXML(x)
	}
	ref := textOf(kid(content, nsContent, "referenciaFichero"))
	if !strings.HasPrefix(ref, "#") {
		return nil, fmt.Errorf("eni: el contenido del documento no está en el fichero")
	}
	for _, f := range firmas {
		if f.SelectAttrValue("Id", "") != ref[1:] {
			continue
		}
		b64 := textOf(kid(kid(kid(f, nsSign, "ContenidoFirma"), nsSign, "FirmaConCertificado"), nsSign, "FirmaBase64"))
		der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
		if err != nil || b64 == "" {
			break
		}
		p7, err := pdf.ParseCMS(der)
		if err != nil || len(p7.Content) == 0 {
			break
		}
		return p7.Content, nil
	}
	return nil, fmt.Errorf("eni: no se encuentra el contenido %s del documento en sus firmas", ref)
}

// innerXML writes the content of DatosXML: its element with the
// namespaces it inherits, or its text.
func innerXML(x *etree.Element) ([]byte, error) {
	els := x.ChildElements()
	if len(els) == 0 {
		return []byte(x.Text()), nil
	}
	el := els[0].Copy()
	for p := x; p != nil; p = p.Parent() {
		for _, a := range p.Attr {
			if (a.Space == "xmlns" || a.Space == "" && a.Key == "xmlns") && el.SelectAttr(a.FullKey()) == nil {
				el.CreateAttr(a.FullKey(), a.Value)
			}
		}
	}
	doc := etree.NewDocument()
	doc.SetRoot(el)
	doc.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalText: true}
	return doc.WriteToBytes()
}

// checkFirmas checks that every enids:firma says its type and carries a
// CSV or a signature (in base64, as ds:Signature or by reference).
func checkFirmas(firmas []*etree.Element) error {
	for _, f := range firmas {
		if !tipoFirmaRE.MatchString(textOf(kid(f, nsSign, "TipoFirma"))) {
			return fmt.Errorf("eni: tipo de firma %q no válido", textOf(kid(f, nsSign, "TipoFirma")))
		}
		c := kid(f, nsSign, "ContenidoFirma")
		fc := kid(c, nsSign, "FirmaConCertificado")
		if kid(c, nsSign, "CSV") == nil && kid(fc, nsSign, "FirmaBase64") == nil &&
			kid(fc, nsDS, "Signature") == nil && kid(fc, nsSign, "ReferenciaFirma") == nil {
			return fmt.Errorf("eni: una firma no contiene ni CSV ni firma electrónica")
		}
	}
	return nil
}

// signsContent reports whether a XAdES firma (TF02, TF03) points to the
// content instead of carrying its ds:Signature.
func signsContent(firmas []*etree.Element) bool {
	for _, f := range firmas {
		t := textOf(kid(f, nsSign, "TipoFirma"))
		fc := kid(kid(f, nsSign, "ContenidoFirma"), nsSign, "FirmaConCertificado")
		if (t == "TF02" || t == "TF03") && kid(fc, nsSign, "ReferenciaFirma") != nil {
			return true
		}
	}
	return false
}

// outsideContent keeps the signatures of signed (one per ds:Signature in
// document order, as sign.VerifyXAdES reports them) that are not inside
// the content: those are verified over the content itself.
func outsideContent(root *etree.Element, signed []sign.Signed) []sign.Signed {
	var inside []bool
	var walk func(*etree.Element, bool)
	walk = func(e *etree.Element, in bool) {
		in = in || e.Tag == "contenido" && e.NamespaceURI() == nsContent
		if e.Tag == "Signature" && e.NamespaceURI() == nsDS {
			inside = append(inside, in)
		}
		for _, c := range e.ChildElements() {
			walk(c, in)
		}
	}
	walk(root, false)
	var out []sign.Signed
	for i, s := range signed {
		if i >= len(inside) || !inside[i] {
			out = append(out, s)
		}
	}
	return out
}
