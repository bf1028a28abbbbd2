// Package eni writes documents and expedientes in the XML of the Esquema
// Nacional de Interoperabilidad (NTI de Documento electrónico and NTI de
// Expediente electrónico, RD 4/2010): a document's content, its metadata
// (identifier, órgano, date of capture, origin, estado de elaboración,
// tipo documental) and its signatures; an expediente's metadata and its
// índice, signed in XAdES; all valid against the ENI schemas (testdata/xsd,
// copied from InSide; see SOURCES.md there). It also reads the documents
// and expedientes that others send, verifying their XAdES signatures.
package eni

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Namespaces of ENI version 1.0.
const (
	nsDocument = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e"
	nsContent  = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/contenido"
	nsMeta     = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos"
	nsSign     = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/firma"
)

// Document is an electronic document with its ENI metadata.
type Document struct {
	// Identifier is ES_<DIR3>_<year>_<specific> (see Identifier).
	Identifier string
	// Organ is the DIR3 code of the body that produced or captured it.
	Organ string
	// Captured is the date of capture (incorporation).
	Captured time.Time
	// FromAdministration: produced by the administration (true) or brought
	// by a citizen (false).
	FromAdministration bool
	// Elaboration is the estado de elaboración (EE01 original…EE99);
	// OriginID the identifier of the original of a copy (EE02–EE04).
	Elaboration, OriginID string
	// DocType is the tipo documental (TD01…TD20, TD99).
	DocType string
	// Content and Format are the document's bytes and the format's name in
	// the NTI catalogue of standards (PDF, TXT, ODT, JPEG…).
	Content []byte
	Format  string
	// CSV, when set, is the document's código seguro de verificación (a
	// signature of type TF01) and CSVRegulation the instrument that
	// regulates its generation.
	CSV, CSVRegulation string
}

var (
	dir3RE     = regexp.MustCompile(`^[A-Z][A-Z0-9][0-9]{7}$`)
	elaboRE    = regexp.MustCompile(`^EE0[1-4]$|^EE99$`)
	specificRE = regexp.MustCompile(`[^A-Z0-9]`)
)

// Identifier builds a document's ENI identifier from the organ's DIR3
// code, the year and a specific part (letters and digits kept, upper
// case, at most 30).
func Identifier(dir3 string, year int, specific string) string {
	s := specificRE.ReplaceAllString(strings.ToUpper(specific), "")
	if len(s) > 30 {
		s = s[len(s)-30:]
	}
	return fmt.Sprintf("ES_%s_%04d_%s", dir3, year, s)
}

// check reports what the schema or the NTI would refuse.
func (d Document) check() error {
	switch {
	case !dir3RE.MatchString(d.Organ):
		return fmt.Errorf("eni: el órgano %q no es un código DIR3", d.Organ)
	case !strings.HasPrefix(d.Identifier, "ES_"+d.Organ+"_") || len(d.Identifier) > 52:
		return fmt.Errorf("eni: identificador %q no válido", d.Identifier)
	case !elaboRE.MatchString(d.Elaboration):
		return fmt.Errorf("eni: estado de elaboración %q no válido", d.Elaboration)
	case !ValidDocType(d.DocType):
		return fmt.Errorf("eni: tipo documental %q no válido", d.DocType)
	case d.Format == "" || d.Captured.IsZero():
		return fmt.Errorf("eni: faltan el formato o la fecha de captura")
	case d.CSV != "" && d.CSVRegulation == "":
		return fmt.Errorf("eni: un CSV necesita la norma que regula su generación")
	}
	return nil
}

// XML writes the document as an enidoc:documento, the content in base64.
func (d Document) XML() ([]byte, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<enidoc:documento xmlns:enidoc=%q xmlns:enifile=%q xmlns:enidocmeta=%q xmlns:enids=%q Id="DOC">`,
		nsDocument, nsContent, nsMeta, nsSign)
	b.WriteString(`<enifile:contenido Id="CONTENIDO">`)
	b.WriteString(`<enifile:ValorBinario>`)
	b.WriteString(base64.StdEncoding.EncodeToString(d.Content))
	b.WriteString(`</enifile:ValorBinario>`)
	element(&b, "enifile:NombreFormato", d.Format)
	b.WriteString(`</enifile:contenido>`)
	b.WriteString(`<enidocmeta:metadatos Id="METADATOS">`)
	element(&b, "enidocmeta:VersionNTI", nsDocument)
	element(&b, "enidocmeta:Identificador", d.Identifier)
	element(&b, "enidocmeta:Organo", d.Organ)
	element(&b, "enidocmeta:FechaCaptura", d.Captured.Format(time.RFC3339))
	element(&b, "enidocmeta:OrigenCiudadanoAdministracion", fmt.Sprint(d.FromAdministration))
	b.WriteString(`<enidocmeta:EstadoElaboracion>`)
	element(&b, "enidocmeta:ValorEstadoElaboracion", d.Elaboration)
	if d.OriginID != "" {
		element(&b, "enidocmeta:IdentificadorDocumentoOrigen", d.OriginID)
	}
	b.WriteString(`</enidocmeta:EstadoElaboracion>`)
	element(&b, "enidocmeta:TipoDocumental", d.DocType)
	b.WriteString(`</enidocmeta:metadatos>`)
	if d.CSV != "" {
		b.WriteString(`<enids:firmas><enids:firma Id="FIRMA_CSV" ref="#CONTENIDO">`)
		element(&b, "enids:TipoFirma", "TF01")
		b.WriteString(`<enids:ContenidoFirma><enids:CSV>`)
		element(&b, "enids:ValorCSV", d.CSV)
		element(&b, "enids:RegulacionGeneracionCSV", d.CSVRegulation)
		b.WriteString(`</enids:CSV></enids:ContenidoFirma></enids:firma></enids:firmas>`)
	}
	b.WriteString(`</enidoc:documento>`)
	return []byte(b.String()), nil
}

// element writes <name>text</name> with text escaped.
func element(b *strings.Builder, name, text string) {
	b.WriteString("<" + name + ">")
	xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">")
}

// Format is the NTI catalogue's name of a file's format from its MIME type.
func Format(contentType string) string {
	mt := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	switch mt {
	case "application/pdf":
		return "PDF"
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	case "image/tiff":
		return "TIFF"
	case "text/plain":
		return "TXT"
	case "application/xml", "text/xml":
		return "XML"
	case "application/vnd.oasis.opendocument.text":
		return "ODT"
	case "text/html":
		return "HTML"
	}
	return "BIN"
}
