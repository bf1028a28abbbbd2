package sicres

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Fit returns value when it fits in max characters, and "" and false
// when it does not: a value is never cut. The mapping leaves out an
// optional element that does not fit; a mandatory one (see Fields) that
// does not fit is an error to the caller.
func Fit(value string, max int) (string, bool) {
	if utf8.RuneCountInString(value) > max {
		return "", false
	}
	return value, true
}

// Field describes an element of the interchange file.
type Field struct {
	Segment, Element string
	// Max is the schema's maxLength; 0 for base64 content.
	Max int
	// Mandatory elements must be present with a value (Expone and
	// Solicita must be present and may be empty).
	Mandatory bool
}

// Fields lists every element of the interchange file in schema order.
func Fields() []Field {
	var out []Field
	for _, seg := range fieldsOf(reflect.TypeOf(Fichero{})) {
		t := reflect.TypeOf(Fichero{}).Field(seg.index).Type
		if t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		for _, f := range fieldsOf(t) {
			max, ok := anexoMax[f.name]
			if !ok || seg.name != "De_Anexo" {
				max = maxLen[f.name]
			}
			out = append(out, Field{Segment: seg.name, Element: f.name, Max: max, Mandatory: f.min > 0})
		}
	}
	return out
}

// TipoMIME returns the Tipo_MIME to write for a file with extension ext:
// the MIME type of the extension when it fits the element's 20
// characters, or "" (the element is left out, e.g. for .odt or .docx).
func TipoMIME(ext string) string {
	mime, _ := Fit(Extensions[strings.ToLower(strings.TrimPrefix(ext, "."))], maxLen["Tipo_MIME"])
	return mime
}

// NoSurname is written as Primer_Apellido of a natural person known by a
// single word (the rules of SIR require a first surname with a name).
const NoSurname = "-"

// surnameParticles join the next word in a surname ("de la Fuente").
var surnameParticles = map[string]bool{"de": true, "del": true, "la": true, "las": true, "los": true, "y": true,
	"da": true, "das": true, "do": true, "dos": true, "di": true, "van": true, "von": true}

// SplitName returns Nombre, Primer_Apellido and Segundo_Apellido of a
// natural person from the full name written "nombre apellido1 apellido2"
// (surname particles such as «de la» stay with their surname). A person
// known by one word is exported with that word as Nombre and NoSurname as
// first surname, never as a razón social. A name or first surname longer
// than 30 characters is an error; a second surname that does not fit is
// left out.
func SplitName(full string) (nombre, apellido1, apellido2 string, err error) {
	groups := nameGroups(strings.Fields(full))
	switch len(groups) {
	case 0:
		return "", "", "", fmt.Errorf("%w: la persona no tiene nombre", ErrInvalid)
	case 1:
		nombre, apellido1 = groups[0], NoSurname
	case 2:
		nombre, apellido1 = groups[0], groups[1]
	default:
		n := len(groups)
		nombre, apellido1, apellido2 = strings.Join(groups[:n-2], " "), groups[n-2], groups[n-1]
	}
	if _, ok := Fit(nombre, maxLen["Nombre_Interesado"]); !ok {
		return "", "", "", fmt.Errorf("%w: el nombre %s tiene más de 30 caracteres", ErrInvalid, q(nombre))
	}
	if _, ok := Fit(apellido1, maxLen["Primer_Apellido_Interesado"]); !ok {
		return "", "", "", fmt.Errorf("%w: el primer apellido %s tiene más de 30 caracteres", ErrInvalid, q(apellido1))
	}
	apellido2, _ = Fit(apellido2, maxLen["Segundo_Apellido_Interesado"])
	return nombre, apellido1, apellido2, nil
}

// nameGroups joins every surname particle to the word after it.
func nameGroups(words []string) []string {
	var groups []string
	for i := 0; i < len(words); i++ {
		g := words[i]
		for surnameParticles[strings.ToLower(words[i])] && i+1 < len(words) && i > 0 {
			i++
			g += " " + words[i]
		}
		groups = append(groups, g)
	}
	return groups
}
