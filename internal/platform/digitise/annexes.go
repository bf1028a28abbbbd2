package digitise

import (
	"strconv"
	"strings"

	"concejo/internal/platform/errs"
)

// The limits SIR puts on the annexes of one registry entry (regweb3's
// defaults, see docs of SICRES 3.0 in the standards folder).
const (
	MaxAnnexes        = 5
	MaxAnnexSize      = 10 << 20 // 10 MiB per annex
	MaxAnnexesSize    = 15 << 20 // 15 MiB for all the annexes of an entry
	maxAnnexNameRunes = 80
)

// TooLargeError is a document or set of annexes over a SIR size limit. It
// is of kind errs.TooLarge.
type TooLargeError struct {
	Name  string // the file, when one file is too large
	Size  int64  // its size in bytes
	Limit int64  // the limit in bytes
}

// Error says in Spanish what is too large and what SIR admits.
func (e *TooLargeError) Error() string {
	if e.Name == "" {
		return "La copia auténtica ocupa " + megabytes(e.Size) + " y SIR admite como máximo " + megabytes(e.Limit) +
			" por anexo: divida el documento en partes y haga una copia auténtica de cada una."
	}
	return "«" + displayName(e.Name) + "» ocupa " + megabytes(e.Size) + " y SIR admite como máximo " +
		megabytes(e.Limit) + " por anexo."
}

// Is reports whether target is errs.TooLarge.
func (e *TooLargeError) Is(target error) bool { return target == errs.TooLarge }

// megabytes writes n bytes in MB (of 2^20 bytes) with one decimal, Spanish style.
func megabytes(n int64) string {
	tenths := (n*10 + 1<<19) >> 20
	s := strconv.FormatInt(tenths/10, 10)
	if d := tenths % 10; d != 0 {
		s += "," + strconv.FormatInt(d, 10)
	}
	return s + " MB"
}

// annexType is an extension SIR accepts and the MIME types accepted for
// it (the first is the usual one).
type annexType struct {
	ext   string
	mimes []string
}

// annexTypes are the extensions SIR accepts, in the order messages list them.
var annexTypes = []annexType{
	{"jpg", []string{"image/jpeg"}},
	{"jpeg", []string{"image/jpeg"}},
	{"png", []string{"image/png"}},
	{"tiff", []string{"image/tiff"}},
	{"pdf", []string{"application/pdf"}},
	{"odt", []string{"application/vnd.oasis.opendocument.text"}},
	{"odp", []string{"application/vnd.oasis.opendocument.presentation"}},
	{"ods", []string{"application/vnd.oasis.opendocument.spreadsheet"}},
	{"odg", []string{"application/vnd.oasis.opendocument.graphics"}},
	{"docx", []string{"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}},
	{"xlsx", []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}},
	{"pptx", []string{"application/vnd.openxmlformats-officedocument.presentationml.presentation"}},
	{"rtf", []string{"application/rtf", "text/rtf"}},
	{"svg", []string{"image/svg+xml"}},
	{"txt", []string{"text/plain"}},
	{"xml", []string{"application/xml", "text/xml"}},
	{"xsig", []string{"application/xml", "text/xml"}},
}

// mimesOf returns the MIME types accepted for an extension; nil when SIR
// does not accept the extension.
func mimesOf(ext string) []string {
	for _, t := range annexTypes {
		if t.ext == ext {
			return t.mimes
		}
	}
	return nil
}

// MIMEType returns the usual MIME type of a file name's extension when SIR
// accepts it, and whether it does.
func MIMEType(name string) (string, bool) {
	mimes := mimesOf(extension(name))
	if mimes == nil {
		return "", false
	}
	return mimes[0], true
}

func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(name[i+1:])
}

// Annex is a file to be sent as an annex of a registry entry.
type Annex struct {
	Name    string // the file name, with its extension
	MIME    string // the declared MIME type; empty takes the extension's
	Content []byte
}

// CheckAnnexes checks a set of annexes against the limits of SIR before
// it is sent: how many, the size of each and of all, the extension, the
// MIME type declared for it and, for PDF and images, that the content is
// what the name says. Every problem is reported, naming its file; the
// error is of kind Invalid (errs.Fields, one per problem, whose field is
// "anexo-1"… for a problem of one annex and "anexos" for one of the set),
// or TooLarge when only sizes fail.
func CheckAnnexes(annexes []Annex) error {
	var problems errs.Fields
	tooLarge := true
	add := func(field, msg string, size bool) {
		problems.Add(field, msg)
		tooLarge = tooLarge && size
	}
	if len(annexes) > MaxAnnexes {
		add("anexos", "Un asiento puede llevar como máximo "+strconv.Itoa(MaxAnnexes)+" anexos por SIR y este lleva "+
			strconv.Itoa(len(annexes))+": una los documentos o envíe el resto en otro asiento.", false)
	}
	var total int64
	for i, a := range annexes {
		field := "anexo-" + strconv.Itoa(i+1)
		size := int64(len(a.Content))
		total += size
		if size > MaxAnnexSize {
			add(field, (&TooLargeError{Name: a.Name, Size: size, Limit: MaxAnnexSize}).Error(), true)
		}
		if size == 0 {
			add(field, "«"+displayName(a.Name)+"» está vacío.", false)
		}
		if msg := checkName(a.Name); msg != "" {
			add(field, about(a.Name, msg), false)
			continue
		}
		if msg := checkType(a); msg != "" {
			add(field, about(a.Name, msg), false)
		}
	}
	if total > MaxAnnexesSize {
		add("anexos", "Los anexos ocupan en total "+megabytes(total)+" y SIR admite como máximo "+
			megabytes(MaxAnnexesSize)+" por asiento.", true)
	}
	if len(problems) == 0 {
		return nil
	}
	if tooLarge {
		return errs.New(errs.TooLarge, problems.Error())
	}
	return problems
}

// forbiddenNameChars are the characters SICRES does not allow in
// Nombre_Fichero_Anexado.
const forbiddenNameChars = `>%*&:;¿?/\|"!<¡#`

// checkName returns what is wrong with an annex's file name, or "".
func checkName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "el fichero no tiene nombre."
	case len([]rune(name)) > maxAnnexNameRunes:
		return "el nombre del fichero tiene más de " + strconv.Itoa(maxAnnexNameRunes) + " caracteres; acórtelo."
	case strings.ContainsAny(name, forbiddenNameChars):
		return "el nombre del fichero lleva caracteres que SIR no admite (" + forbiddenNameChars + "); cámbielo."
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7F }):
		return "el nombre del fichero lleva caracteres de control; cámbielo."
	}
	if extension(name) == "" {
		return "el fichero no tiene extensión y SIR solo admite " + allowedExtensions() + "."
	}
	if mimesOf(extension(name)) == nil {
		return "SIR no admite ficheros con la extensión «" + extension(name) + "»; se admiten " + allowedExtensions() + "."
	}
	return ""
}

// checkType returns what is wrong with the declared MIME type or the
// content of an annex whose extension is allowed, or "".
func checkType(a Annex) string {
	ext := extension(a.Name)
	if a.MIME != "" {
		mime := strings.ToLower(strings.TrimSpace(strings.SplitN(a.MIME, ";", 2)[0]))
		ok := false
		for _, t := range mimesOf(ext) {
			ok = ok || t == mime
		}
		if !ok {
			return "el tipo MIME declarado («" + a.MIME + "») no corresponde a un fichero ." + ext +
				" (" + strings.Join(mimesOf(ext), " o ") + ")."
		}
	}
	if msg := disguised(a.Name, a.Content); msg != "" {
		return msg
	}
	if isZipOffice(ext) && len(a.Content) > 0 && !strings.HasPrefix(string(a.Content[:min(4, len(a.Content))]), "PK\x03\x04") {
		return "el contenido no es un documento ." + ext + " aunque el nombre acabe así."
	}
	return ""
}

// isZipOffice reports whether files with extension ext are ZIP packages
// (OpenDocument and Office Open XML).
func isZipOffice(ext string) bool {
	switch ext {
	case "odt", "odp", "ods", "odg", "docx", "xlsx", "pptx":
		return true
	}
	return false
}

// allowedExtensions lists the extensions SIR accepts.
func allowedExtensions() string {
	exts := make([]string, len(annexTypes))
	for i, t := range annexTypes {
		exts[i] = t.ext
	}
	return strings.Join(exts[:len(exts)-1], ", ") + " y " + exts[len(exts)-1]
}
