package eni

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"time"

	"concejo/internal/platform/sign"
)

// Namespaces of the ENI expediente, version 1.0.
const (
	nsExpediente   = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e"
	nsIndex        = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e"
	nsIndexContent = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e/contenido"
	nsExpMeta      = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/metadatos"
)

// indexID is the Id of the IndiceContenido, the element the índice's
// signature covers.
const indexID = "INDICE_CONTENIDO"

// SHA512 is the FuncionResumen of the ValorHuella written here.
const SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"

// Expediente is an electronic expediente as the NTI de Expediente
// electrónico describes it: its metadata and the índice of its documents,
// which is signed to guarantee the expediente's integrity.
type Expediente struct {
	// Identifier is ES_<DIR3>_<year>_EXP_<specific> (see ExpedienteIdentifier).
	Identifier string
	// Organs are the DIR3 codes of the bodies in charge, the first the
	// one that opened it.
	Organs []string
	// Opened is the date it was opened.
	Opened time.Time
	// Classification is the SIA code of the procedure or
	// <DIR3>_PRO_<specific>.
	Classification string
	// State is E01 (abierto), E02 (cerrado) or E03 (índice para remisión
	// cerrado).
	State string
	// Interested are the identifiers (NIF) of the interesados.
	Interested []string
	// IndexDate is the date of the índice; zero: when it is written.
	IndexDate time.Time
	// Documents and Folders are the índice's entries.
	Documents []IndexedDocument
	Folders   []Folder
}

// IndexedDocument is a document in the índice.
type IndexedDocument struct {
	// Identifier is the document's ENI identifier.
	Identifier string
	// Digest is the ValorHuella of the document's ENI file and
	// DigestMethod its FuncionResumen; Indexed writes the SHA-512 in
	// base64, Matches also reads hexadecimal and SHA-256/384.
	Digest, DigestMethod string
	// Incorporated is when it was added to the expediente (zero: not
	// stated) and Order its place in it ("" not stated).
	Incorporated time.Time
	Order        string
}

// Folder is a carpeta of the índice, with its own entries.
type Folder struct {
	Identifier string
	Documents  []IndexedDocument
	Folders    []Folder
}

// Indexed is the índice's entry of the document whose ENI file is file:
// its ValorHuella is the SHA-512 of those bytes in base64.
func Indexed(identifier string, file []byte, incorporated time.Time, order string) IndexedDocument {
	sum := sha512.Sum512(file)
	return IndexedDocument{Identifier: identifier, Digest: base64.StdEncoding.EncodeToString(sum[:]),
		DigestMethod: SHA512, Incorporated: incorporated, Order: order}
}

var expIdentifierRE = regexp.MustCompile(`^ES_[A-Z][A-Z0-9][0-9]{7}_[0-9]{4}_EXP_[A-Za-z0-9._-]+$`)

// ExpedienteIdentifier builds an expediente's ENI identifier from the
// organ's DIR3 code, the year and a specific part (letters and digits
// kept, upper case, at most 26 so that EXP_ and it make 30).
func ExpedienteIdentifier(dir3 string, year int, specific string) string {
	s := specificRE.ReplaceAllString(strings.ToUpper(specific), "")
	if len(s) > 26 {
		s = s[len(s)-26:]
	}
	return fmt.Sprintf("ES_%s_%04d_EXP_%s", dir3, year, s)
}

// check reports what the schema or the NTI would refuse.
func (e Expediente) check() error {
	if len(e.Organs) == 0 {
		return fmt.Errorf("eni: el expediente no tiene órgano")
	}
	for _, o := range e.Organs {
		if !dir3RE.MatchString(o) {
			return fmt.Errorf("eni: el órgano %q no es un código DIR3", o)
		}
	}
	switch {
	case !expIdentifierRE.MatchString(e.Identifier) || len(e.Identifier) > 52:
		return fmt.Errorf("eni: identificador de expediente %q no válido", e.Identifier)
	case e.Opened.IsZero():
		return fmt.Errorf("eni: falta la fecha de apertura del expediente")
	case strings.TrimSpace(e.Classification) == "":
		return fmt.Errorf("eni: falta la clasificación (código SIA) del expediente")
	case e.State != "E01" && e.State != "E02" && e.State != "E03":
		return fmt.Errorf("eni: estado de expediente %q no válido", e.State)
	}
	for _, n := range e.Interested {
		if strings.TrimSpace(n) == "" {
			return fmt.Errorf("eni: un interesado sin identificador")
		}
	}
	return checkEntries("el índice", e.Documents, e.Folders)
}

// checkEntries checks the entries of the índice or of a folder.
func checkEntries(where string, docs []IndexedDocument, folders []Folder) error {
	if len(docs)+len(folders) == 0 {
		return fmt.Errorf("eni: %s no tiene documentos", where)
	}
	for _, d := range docs {
		if d.Identifier == "" || d.Digest == "" || d.DigestMethod == "" {
			return fmt.Errorf("eni: un documento de %s sin identificador o sin huella", where)
		}
	}
	for _, f := range folders {
		if f.Identifier == "" {
			return fmt.Errorf("eni: una carpeta de %s sin identificador", where)
		}
		if err := checkEntries("la carpeta "+f.Identifier, f.Documents, f.Folders); err != nil {
			return err
		}
	}
	return nil
}

// XML writes the expediente ready for the signature of its índice: the
// índice's enids:firmas holds a firma TF03 whose FirmaConCertificado is
// empty. Sign it with sign.Prepare (or sign.Sign) in format
// sign.XAdESEnveloped and the options of IndexSignature; the signed XML
// that Finish returns is the complete expediente, valid against
// ExpedienteEni.xsd.
func (e Expediente) XML() ([]byte, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	indexDate := e.IndexDate
	if indexDate.IsZero() {
		indexDate = time.Now()
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<eniexp:expediente xmlns:eniexp=%q xmlns:eniexpind=%q xmlns:eniconexpind=%q xmlns:eniexpmeta=%q xmlns:enids=%q>`,
		nsExpediente, nsIndex, nsIndexContent, nsExpMeta, nsSign)
	fmt.Fprintf(&b, `<eniexpind:indice><eniexpind:IndiceContenido Id=%q>`, indexID)
	element(&b, "eniconexpind:FechaIndiceElectronico", indexDate.Format(time.RFC3339))
	writeEntries(&b, e.Documents, e.Folders)
	b.WriteString(`</eniexpind:IndiceContenido>`)
	fmt.Fprintf(&b, `<enids:firmas><enids:firma Id="FIRMA_INDICE" ref="#%s">`, indexID)
	element(&b, "enids:TipoFirma", sign.XAdESEnveloped.ENIType())
	b.WriteString(`<enids:ContenidoFirma><enids:FirmaConCertificado></enids:FirmaConCertificado></enids:ContenidoFirma>`)
	b.WriteString(`</enids:firma></enids:firmas></eniexpind:indice>`)
	b.WriteString(`<eniexpmeta:metadatosExp>`)
	element(&b, "eniexpmeta:VersionNTI", nsExpediente)
	element(&b, "eniexpmeta:Identificador", e.Identifier)
	for _, o := range e.Organs {
		element(&b, "eniexpmeta:Organo", o)
	}
	element(&b, "eniexpmeta:FechaAperturaExpediente", e.Opened.Format(time.RFC3339))
	element(&b, "eniexpmeta:Clasificacion", e.Classification)
	element(&b, "eniexpmeta:Estado", e.State)
	for _, n := range e.Interested {
		element(&b, "eniexpmeta:Interesado", n)
	}
	b.WriteString(`</eniexpmeta:metadatosExp></eniexp:expediente>`)
	return []byte(b.String()), nil
}

// writeEntries writes documents and folders of the índice.
func writeEntries(b *strings.Builder, docs []IndexedDocument, folders []Folder) {
	for _, d := range docs {
		b.WriteString(`<eniconexpind:DocumentoIndizado>`)
		element(b, "eniconexpind:IdentificadorDocumento", d.Identifier)
		element(b, "eniconexpind:ValorHuella", d.Digest)
		element(b, "eniconexpind:FuncionResumen", d.DigestMethod)
		if !d.Incorporated.IsZero() {
			element(b, "eniconexpind:FechaIncorporacionExpediente", d.Incorporated.Format(time.RFC3339))
		}
		if d.Order != "" {
			element(b, "eniconexpind:OrdenDocumentoExpediente", d.Order)
		}
		b.WriteString(`</eniconexpind:DocumentoIndizado>`)
	}
	for _, f := range folders {
		b.WriteString(`<eniconexpind:CarpetaIndizada>`)
		element(b, "eniconexpind:IdentificadorCarpeta", f.Identifier)
		writeEntries(b, f.Documents, f.Folders)
		b.WriteString(`</eniconexpind:CarpetaIndizada>`)
	}
}

// IndexSignature are the options of the XAdES enveloped signature of an
// expediente's índice made at the given time: it covers IndiceContenido
// and goes in the FirmaConCertificado that XML leaves for it.
func IndexSignature(at time.Time) sign.Options {
	return sign.Options{Time: at, Reference: indexID, Parent: "FirmaConCertificado"}
}
