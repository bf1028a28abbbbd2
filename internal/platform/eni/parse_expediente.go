package eni

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"concejo/internal/platform/sign"
)

// maxDepth bounds the nesting of folders read from others' índices.
const maxDepth = 32

// ParseExpediente reads an ENI expediente made by anyone (eniexp:expediente
// as root): its metadata and índice, and verifies the XAdES signatures of
// the índice, each of which must cover IndiceContenido. Whether each
// signature is intact is the caller's to judge; a file that is not an ENI
// expediente, or whose índice has no signature over its content, is an
// error meant for the user. Sub-expedientes in the índice
// (ExpedienteIndizado) are refused.
func ParseExpediente(data []byte) (Expediente, []sign.Signed, error) {
	var e Expediente
	root, err := readXML(data, nsExpediente, "expediente", "un expediente")
	if err != nil {
		return e, nil, err
	}
	index := kid(kid(root, nsIndex, "indice"), nsIndex, "IndiceContenido")
	meta := kid(root, nsExpMeta, "metadatosExp")
	if index == nil || meta == nil {
		return e, nil, fmt.Errorf("eni: al expediente le faltan el índice o los metadatos")
	}
	if err := readExpMetadata(meta, &e); err != nil {
		return e, nil, err
	}
	if e.IndexDate, err = requiredDate(index, nsIndexContent, "FechaIndiceElectronico"); err != nil {
		return e, nil, err
	}
	if e.Documents, e.Folders, err = readEntries(index, 0); err != nil {
		return e, nil, err
	}
	if err := checkEntries("el índice", e.Documents, e.Folders); err != nil {
		return e, nil, err
	}
	firmas := kids(kid(kid(root, nsIndex, "indice"), nsSign, "firmas"), nsSign, "firma")
	if len(firmas) == 0 {
		return e, nil, fmt.Errorf("eni: el índice del expediente no está firmado")
	}
	if err := checkFirmas(firmas); err != nil {
		return e, nil, err
	}
	id := index.SelectAttrValue("Id", "")
	var signatures []*etree.Element
	var walk func(*etree.Element)
	walk = func(el *etree.Element) {
		if el.Tag == "Signature" && el.NamespaceURI() == nsDS {
			signatures = append(signatures, el)
		}
		for _, c := range el.ChildElements() {
			walk(c)
		}
	}
	walk(root)
	for _, s := range signatures {
		if !coversIndex(s, id) {
			return e, nil, fmt.Errorf("eni: una firma del expediente no cubre el contenido de su índice")
		}
	}
	signed, err := sign.VerifyXAdES(data)
	if err != nil {
		return e, nil, err
	}
	return e, signed, nil
}

// coversIndex reports whether a ds:Signature has a reference to the
// IndiceContenido whose Id is id (or to the whole file).
func coversIndex(sig *etree.Element, id string) bool {
	for _, ref := range kids(kid(sig, nsDS, "SignedInfo"), nsDS, "Reference") {
		uri := ref.SelectAttrValue("URI", "-")
		if uri == "" || id != "" && uri == "#"+id {
			return true
		}
	}
	return false
}

// readExpMetadata reads eniexpmeta:metadatosExp into e.
func readExpMetadata(meta *etree.Element, e *Expediente) (err error) {
	if e.Identifier, err = required(meta, nsExpMeta, "Identificador"); err != nil {
		return err
	}
	if !expIdentifierRE.MatchString(e.Identifier) {
		return fmt.Errorf("eni: identificador de expediente %q no válido", e.Identifier)
	}
	for _, o := range kids(meta, nsExpMeta, "Organo") {
		e.Organs = append(e.Organs, textOf(o))
	}
	if len(e.Organs) == 0 {
		return fmt.Errorf("eni: falta el elemento Organo")
	}
	if e.Opened, err = requiredDate(meta, nsExpMeta, "FechaAperturaExpediente"); err != nil {
		return err
	}
	if e.Classification, err = required(meta, nsExpMeta, "Clasificacion"); err != nil {
		return err
	}
	if e.State, err = required(meta, nsExpMeta, "Estado"); err != nil {
		return err
	}
	if e.State != "E01" && e.State != "E02" && e.State != "E03" {
		return fmt.Errorf("eni: estado de expediente %q no válido", e.State)
	}
	for _, n := range kids(meta, nsExpMeta, "Interesado") {
		e.Interested = append(e.Interested, textOf(n))
	}
	return nil
}

// readEntries reads the documents and folders of the índice or a folder.
func readEntries(el *etree.Element, depth int) ([]IndexedDocument, []Folder, error) {
	if depth > maxDepth {
		return nil, nil, fmt.Errorf("eni: el índice anida demasiadas carpetas")
	}
	if kid(el, nsIndexContent, "ExpedienteIndizado") != nil {
		return nil, nil, fmt.Errorf("eni: el índice incluye subexpedientes (ExpedienteIndizado), que no se admiten")
	}
	var docs []IndexedDocument
	for _, d := range kids(el, nsIndexContent, "DocumentoIndizado") {
		var doc IndexedDocument
		var err error
		if doc.Identifier, err = required(d, nsIndexContent, "IdentificadorDocumento"); err != nil {
			return nil, nil, err
		}
		if doc.Digest, err = required(d, nsIndexContent, "ValorHuella"); err != nil {
			return nil, nil, err
		}
		if doc.DigestMethod, err = required(d, nsIndexContent, "FuncionResumen"); err != nil {
			return nil, nil, err
		}
		if s := textOf(kid(d, nsIndexContent, "FechaIncorporacionExpediente")); s != "" {
			if doc.Incorporated, err = dateTime(s, "FechaIncorporacionExpediente"); err != nil {
				return nil, nil, err
			}
		}
		doc.Order = textOf(kid(d, nsIndexContent, "OrdenDocumentoExpediente"))
		docs = append(docs, doc)
	}
	var folders []Folder
	for _, f := range kids(el, nsIndexContent, "CarpetaIndizada") {
		id, err := required(f, nsIndexContent, "IdentificadorCarpeta")
		if err != nil {
			return nil, nil, err
		}
		d, sub, err := readEntries(f, depth+1)
		if err != nil {
			return nil, nil, err
		}
		folders = append(folders, Folder{Identifier: id, Documents: d, Folders: sub})
	}
	return docs, folders, nil
}

// Matches reports whether file is the document the entry indexes: its
// digest by FuncionResumen (SHA-256, SHA-384 or SHA-512, as XML
// Signature URIs or as InSide's SHA256/SHA512 names) equals ValorHuella,
// read in base64 or in hexadecimal.
func (d IndexedDocument) Matches(file []byte) bool {
	var sum []byte
	switch d.DigestMethod {
	case SHA512, "SHA512", "SHA-512":
		s := sha512.Sum512(file)
		sum = s[:]
	case "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA384", "SHA-384":
		s := sha512.Sum384(file)
		sum = s[:]
	case "http://www.w3.org/2001/04/xmlenc#sha256", "SHA256", "SHA-256":
		s := sha256.Sum256(file)
		sum = s[:]
	default:
		return false
	}
	digest := strings.TrimSpace(d.Digest)
	if raw, err := hex.DecodeString(digest); err == nil && len(raw) == len(sum) {
		return subtle.ConstantTimeCompare(raw, sum) == 1
	}
	raw, err := base64.StdEncoding.DecodeString(digest)
	return err == nil && subtle.ConstantTimeCompare(raw, sum) == 1
}
