package sicres

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"strings"
)

// Limits of what SIR carries. regweb3 applies them when an entry is sent
// (CheckSending), not to the files it receives.
const (
	MaxAnexos          = 5
	MaxAnexoBytes      = 10 << 20
	MaxTotalAnexoBytes = 15 << 20
)

// forbiddenNameChars may not appear in Nombre_Fichero_Anexado
// (regweb3's CARACTERES_NO_PERMITIDOS_SIR).
const forbiddenNameChars = `<>%*&:;¿?/\|"!¡#•`

// Extensions maps each file extension SIR accepts for a form or an
// attached document (Tipo_Documento 01 and 02) to its MIME type
// (regweb3's ANEXO_EXTENSIONES_SIR). A MIME type longer than Tipo_MIME's
// 20 characters is left out of the file.
var Extensions = map[string]string{
	"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "svg": "image/svg+xml", "tiff": "image/tiff",
	"pdf": "application/pdf", "rtf": "application/rtf", "txt": "text/plain", "csv": "text/csv",
	"xml": "application/xml", "xsig": "application/xml", "csig": "application/pkcs7-signature",
	"odt": "application/vnd.oasis.opendocument.text", "odp": "application/vnd.oasis.opendocument.presentation",
	"ods": "application/vnd.oasis.opendocument.spreadsheet", "odg": "application/vnd.oasis.opendocument.graphics",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// mimeAliases are the other MIME types producers write for an extension.
var mimeAliases = map[string][]string{
	"jpg": {"image/jpg", "image/pjpeg"}, "jpeg": {"image/jpg", "image/pjpeg"}, "tiff": {"image/tif"},
	"rtf": {"text/rtf"}, "xml": {"text/xml"}, "xsig": {"text/xml"},
}

// mimeMatches tells whether mime is a MIME type of the extension ext.
func mimeMatches(ext, mime string) bool {
	if strings.EqualFold(Extensions[ext], mime) {
		return true
	}
	for _, m := range mimeAliases[ext] {
		if strings.EqualFold(m, mime) {
			return true
		}
	}
	return false
}

// fileSuffixRe is what follows "<Identificador_Intercambio>_" in an
// Identificador_Fichero: file type 01, a sequence of up to 4 digits and
// the extension.
var fileSuffixRe = regexp.MustCompile(`^01_(\d{1,4})\.([A-Za-z0-9]{1,10})$`)

// fileExt returns the extension of an Identificador_Fichero of the
// exchange, or false when its format is wrong.
func fileExt(id, exchangeID string) (string, bool) {
	rest, ok := strings.CutPrefix(id, exchangeID+"_")
	m := fileSuffixRe.FindStringSubmatch(rest)
	if !ok || m == nil {
		return "", false
	}
	return strings.ToLower(m[2]), true
}

// hashes are the digests a Hash may hold, by length (the schema does not
// name the algorithm; this platform writes SHA-256).
var hashes = map[int]func([]byte) []byte{
	sha1.Size:      func(b []byte) []byte { s := sha1.Sum(b); return s[:] },
	sha256.Size:    func(b []byte) []byte { s := sha256.Sum256(b); return s[:] },
	sha512.Size384: func(b []byte) []byte { s := sha512.Sum384(b); return s[:] },
	sha512.Size:    func(b []byte) []byte { s := sha512.Sum512(b); return s[:] },
}

func (f *Fichero) checkAnexos() error {
	ids := map[string]bool{}
	for i := range f.Anexos {
		ids[f.Anexos[i].IdentificadorFichero] = true
	}
	seen := map[string]bool{}
	for i := range f.Anexos {
		a := &f.Anexos[i]
		seg := fmt.Sprintf("De_Anexo[%d]", i+1)
		if err := checkLengths(seg, reflect.ValueOf(*a), anexoMax); err != nil {
			return err
		}
		if err := a.check(seg, f.Control.IdentificadorIntercambio); err != nil {
			return err
		}
		switch {
		case seen[a.IdentificadorFichero]:
			return errf("%s: el identificador de fichero %s está repetido.", seg, q(a.IdentificadorFichero))
		case a.IdentificadorDocFirmado == a.IdentificadorFichero:
			return errf("%s: Identificador_Documento_Firmado apunta al propio anexo.", seg)
		case a.IdentificadorDocFirmado != "" && !ids[a.IdentificadorDocFirmado]:
			return errf("%s: Identificador_Documento_Firmado %s no es ningún anexo de este fichero.", seg, q(a.IdentificadorDocFirmado))
		}
		seen[a.IdentificadorFichero] = true
	}
	return nil
}

// check verifies one annex: name, identifier, codes, the extension and
// MIME type, and the content against its Hash.
func (a *Anexo) check(seg, exchangeID string) error {
	ext, ok := fileExt(a.IdentificadorFichero, exchangeID)
	nameExt := strings.ToLower(strings.TrimPrefix(path.Ext(a.NombreFichero), "."))
	switch {
	case a.NombreFichero == "":
		return errf("%s: falta el nombre del fichero.", seg)
	case strings.ContainsAny(a.NombreFichero, forbiddenNameChars):
		return errf("%s: el nombre del fichero %s tiene caracteres no admitidos (%s).", seg, q(a.NombreFichero), forbiddenNameChars)
	case !ok:
		return errf("%s: el identificador de fichero %s no tiene el formato <identificador de intercambio>_01_<número de hasta 4 cifras>.<extensión>.", seg, q(a.IdentificadorFichero))
	case nameExt != ext:
		return errf("%s: la extensión del nombre %s no es la del identificador de fichero (.%s).", seg, q(a.NombreFichero), ext)
	case !tiposAnexo[a.TipoDocumento]:
		return errf("%s: Tipo_Documento %s no es 01, 02 ni 03.", seg, q(a.TipoDocumento))
	case a.TipoDocumento != "03" && Extensions[ext] == "":
		return errf("%s: la extensión .%s no está admitida en SIR.", seg, ext)
	case a.TipoMIME != "" && Extensions[ext] != "" && !mimeMatches(ext, a.TipoMIME):
		return errf("%s: el tipo MIME %s no corresponde a un fichero .%s.", seg, q(a.TipoMIME), ext)
	case a.ValidezDocumento != "" && !validez[a.ValidezDocumento]:
		return errf("%s: Validez_Documento %s no es 01, 02, 03 ni 04.", seg, q(a.ValidezDocumento))
	case a.Hash == "":
		return errf("%s: falta la huella (Hash).", seg)
	case a.Anexo == "":
		return nil // the content travels apart (SIR's web service) or not at all
	}
	content, _ := base64.StdEncoding.DecodeString(a.Anexo)
	h, _ := base64.StdEncoding.DecodeString(a.Hash)
	if sum := hashes[len(h)]; sum != nil && !bytes.Equal(sum(content), h) {
		return errc(CodeAttachments, "%s: la huella no coincide con el contenido de %s.", seg, q(a.NombreFichero))
	}
	return nil
}

// CheckSending applies the limits SIR sets to the entries a registry
// sends (regweb3 checks them before sending and not on reception): every
// annex carries its content, at most MaxAnexos documents (technical
// files, Tipo_Documento 03, apart), MaxAnexoBytes each and
// MaxTotalAnexoBytes in all.
func (f *Fichero) CheckSending() error {
	docs, total := 0, 0
	for i := range f.Anexos {
		a := &f.Anexos[i]
		n := base64.StdEncoding.DecodedLen(len(a.Anexo)) - strings.Count(a.Anexo[max(0, len(a.Anexo)-2):], "=")
		if a.TipoDocumento != "03" {
			docs++
		}
		if a.Anexo == "" {
			return errc(CodeAttachments, "Al anexo %s le falta el contenido.", q(a.NombreFichero))
		}
		if n > MaxAnexoBytes {
			return errc(CodeAttachments, "El anexo %s ocupa más de %d MB, el máximo de SIR.", q(a.NombreFichero), MaxAnexoBytes>>20)
		}
		total += n
	}
	switch {
	case docs > MaxAnexos:
		return errc(CodeAttachments, "El asiento tiene %d documentos anexos y SIR admite como máximo %d.", docs, MaxAnexos)
	case total > MaxTotalAnexoBytes:
		return errc(CodeAttachments, "Los anexos ocupan más de %d MB en total, el máximo de SIR.", MaxTotalAnexoBytes>>20)
	}
	return nil
}
