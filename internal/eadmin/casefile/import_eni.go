package casefile

import (
	"net/http"
	"path"
	"strings"
	"unicode"

	"concejo/internal/platform/eni"
)

// fromENI turns d, uploaded as an ENI document of any administration, into
// the document it carries: its content, and the metadata it came with
// (tipo documental, origen, estado de elaboración, identifier, órgano,
// date of capture); the ENI file is kept to be exported as it came. It
// returns the checks of its signatures, or a field error with the
// parser's message when the file is not a valid ENI document.
func fromENI(d *Document) ([]signatureCheck, error) {
	doc, sigs, err := eni.ParseDocument(d.Content)
	if err != nil {
		why := strings.TrimSuffix(strings.TrimPrefix(err.Error(), "eni: "), ".")
		return nil, fieldErr("fichero", "El documento ENI no es válido: "+why+".")
	}
	if len(doc.Content) == 0 {
		return nil, fieldErr("fichero", "El documento ENI no trae contenido.")
	}
	d.ENIXML, d.ENIIdentifier, d.ENIOrgan, d.ENICaptured = d.Content, doc.Identifier, doc.Organ, doc.Captured
	d.Content, d.ContentType, d.Filename = doc.Content, http.DetectContentType(doc.Content), contentFilename(d.Filename, doc.Format)
	d.DocType, d.Elaboration, d.Origin = doc.DocType, doc.Elaboration, 0
	if doc.FromAdministration {
		d.Origin = 1
	}
	return signatureChecks(doc, sigs, ""), nil
}

// contentFilename names the content of an ENI file after it, with the
// extension of its format in the NTI catalogue ("PDF/A" gives .pdf).
func contentFilename(eniName, format string) string {
	ext := strings.ToLower(format)
	if i := strings.IndexFunc(ext, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); i >= 0 {
		ext = ext[:i]
	}
	if ext == "" {
		ext = "bin"
	}
	return strings.TrimSuffix(eniName, path.Ext(eniName)) + "." + ext
}
