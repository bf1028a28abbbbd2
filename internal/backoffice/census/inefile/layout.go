package inefile

import (
	"fmt"
	"strings"
	"time"
)

// Layout encodes and decodes one record line (without its line end).
type Layout interface {
	// Width is the length of a line in characters.
	Width() int
	// Encode returns the line of r; an error names the field that does not fit.
	Encode(r Record) (string, error)
	// Decode parses one line; an error says, in Spanish, what is wrong.
	Decode(line string) (Record, error)
}

// field is one fixed-width field: 1-based start position, width, its name
// in messages, and where it lives in a Record.
type field struct {
	pos, width int
	name       string
	str        func(*Record) *string
	date       func(*Record) *time.Time
	digits     bool
}

func s(f func(*Record) *string) func(*Record) *string { return f }

// fields554 are the positions of the 554-character person record (see the
// package doc for their source).
var fields554 = []field{
	{1, 2, "provincia", s(func(r *Record) *string { return &r.Province }), nil, true},
	{3, 3, "municipio", s(func(r *Record) *string { return &r.Municipality }), nil, true},
	{6, 20, "nombre", s(func(r *Record) *string { return &r.Key.Name }), nil, false},
	{26, 6, "partícula del primer apellido", s(func(r *Record) *string { return &r.Key.Particle1 }), nil, false},
	{32, 25, "primer apellido", s(func(r *Record) *string { return &r.Key.Surname1 }), nil, false},
	{57, 6, "partícula del segundo apellido", s(func(r *Record) *string { return &r.Key.Particle2 }), nil, false},
	{63, 25, "segundo apellido", s(func(r *Record) *string { return &r.Key.Surname2 }), nil, false},
	{88, 2, "provincia de nacimiento", s(func(r *Record) *string { return &r.Key.BirthProvince }), nil, true},
	{90, 3, "municipio de nacimiento", s(func(r *Record) *string { return &r.Key.BirthMunicipality }), nil, true},
	{93, 8, "fecha de nacimiento", nil, func(r *Record) *time.Time { return &r.Key.BirthDate }, true},
	{101, 1, "tipo de identificador", s(func(r *Record) *string { return &r.Key.DocType }), nil, true},
	{102, 1, "letra de extranjero", s(func(r *Record) *string { return &r.Key.DocLetter }), nil, false},
	{103, 8, "número de identificador", s(func(r *Record) *string { return &r.Key.DocNumber }), nil, true},
	{111, 1, "carácter de control", s(func(r *Record) *string { return &r.Key.DocControl }), nil, false},
	{112, 20, "número de documento", s(func(r *Record) *string { return &r.Key.OtherDoc }), nil, false},
	{132, 15, "identificador del ayuntamiento", s(func(r *Record) *string { return &r.Key.LocalID }), nil, false},
	{147, 11, "identificador electoral", s(func(r *Record) *string { return &r.Key.ElectoralID }), nil, false},
	{158, 1, "tipo de información", s(func(r *Record) *string { return &r.Info }), nil, false},
	{159, 2, "causa de devolución", s(func(r *Record) *string { return &r.ReturnCode }), nil, false},
	{161, 8, "fecha de variación", nil, func(r *Record) *time.Time { return &r.Date }, true},
	{169, 1, "código de variación", s(func(r *Record) *string { return &r.Variation }), nil, false},
	{170, 2, "causa de variación", s(func(r *Record) *string { return &r.Cause }), nil, false},
	{172, 2, "distrito", s(func(r *Record) *string { return &r.Address.District }), nil, true},
	{174, 3, "sección", s(func(r *Record) *string { return &r.Address.Section }), nil, true},
	{177, 1, "letra de sección", s(func(r *Record) *string { return &r.Address.SectionLetter }), nil, false},
	{178, 2, "entidad colectiva", s(func(r *Record) *string { return &r.Address.CollectiveEntity }), nil, true},
	{180, 2, "entidad singular", s(func(r *Record) *string { return &r.Address.SingularEntity }), nil, true},
	{182, 1, "dígito de control de la entidad singular", s(func(r *Record) *string { return &r.Address.SingularDC }), nil, true},
	{183, 2, "núcleo o diseminado", s(func(r *Record) *string { return &r.Address.Nucleus }), nil, true},
	{185, 25, "nombre de la entidad colectiva", s(func(r *Record) *string { return &r.Address.CollectiveName }), nil, false},
	{210, 25, "nombre de la entidad singular", s(func(r *Record) *string { return &r.Address.SingularName }), nil, false},
	{235, 25, "nombre del núcleo", s(func(r *Record) *string { return &r.Address.NucleusName }), nil, false},
	{260, 5, "código de vía", s(func(r *Record) *string { return &r.Address.StreetCode }), nil, true},
	{265, 5, "tipo de vía", s(func(r *Record) *string { return &r.Address.StreetType }), nil, false},
	{270, 25, "nombre de la vía", s(func(r *Record) *string { return &r.Address.StreetName }), nil, false},
	{295, 5, "código de pseudovía", s(func(r *Record) *string { return &r.Address.PseudoStreetCode }), nil, true},
	{300, 50, "nombre de la pseudovía", s(func(r *Record) *string { return &r.Address.PseudoStreetName }), nil, false},
	{350, 1, "tipo de numeración", s(func(r *Record) *string { return &r.Address.NumberingType }), nil, false},
	{351, 4, "número", s(func(r *Record) *string { return &r.Address.Number }), nil, true},
	{355, 1, "calificador", s(func(r *Record) *string { return &r.Address.Qualifier }), nil, false},
	{356, 4, "número superior", s(func(r *Record) *string { return &r.Address.UpperNumber }), nil, true},
	{360, 1, "calificador superior", s(func(r *Record) *string { return &r.Address.UpperQualifier }), nil, false},
	{361, 3, "kilómetro", s(func(r *Record) *string { return &r.Address.Km }), nil, true},
	{364, 1, "hectómetro", s(func(r *Record) *string { return &r.Address.Hm }), nil, true},
	{365, 2, "bloque", s(func(r *Record) *string { return &r.Address.Block }), nil, false},
	{367, 2, "portal", s(func(r *Record) *string { return &r.Address.Portal }), nil, false},
	{369, 2, "escalera", s(func(r *Record) *string { return &r.Address.Stair }), nil, false},
	{371, 3, "planta", s(func(r *Record) *string { return &r.Address.Floor }), nil, false},
	{374, 4, "puerta", s(func(r *Record) *string { return &r.Address.Door }), nil, false},
	{378, 1, "tipo de local", s(func(r *Record) *string { return &r.Address.PremisesType }), nil, false},
	{379, 15, "identificador del ayuntamiento (datos)", s(func(r *Record) *string { return &r.Data.LocalID }), nil, false},
	{394, 10, "número de hoja padronal", s(func(r *Record) *string { return &r.Sheet }), nil, false},
	{404, 11, "identificador electoral (datos)", s(func(r *Record) *string { return &r.Data.ElectoralID }), nil, false},
	{415, 20, "nombre (datos)", s(func(r *Record) *string { return &r.Data.Name }), nil, false},
	{435, 6, "partícula 1 (datos)", s(func(r *Record) *string { return &r.Data.Particle1 }), nil, false},
	{441, 25, "primer apellido (datos)", s(func(r *Record) *string { return &r.Data.Surname1 }), nil, false},
	{466, 6, "partícula 2 (datos)", s(func(r *Record) *string { return &r.Data.Particle2 }), nil, false},
	{472, 25, "segundo apellido (datos)", s(func(r *Record) *string { return &r.Data.Surname2 }), nil, false},
	{497, 1, "sexo", s(func(r *Record) *string { return &r.Sex }), nil, true},
	{498, 2, "provincia de nacimiento (datos)", s(func(r *Record) *string { return &r.Data.BirthProvince }), nil, true},
	{500, 3, "municipio de nacimiento (datos)", s(func(r *Record) *string { return &r.Data.BirthMunicipality }), nil, true},
	{503, 8, "fecha de nacimiento (datos)", nil, func(r *Record) *time.Time { return &r.Data.BirthDate }, true},
	{511, 1, "tipo de identificador (datos)", s(func(r *Record) *string { return &r.Data.DocType }), nil, true},
	{512, 1, "letra de extranjero (datos)", s(func(r *Record) *string { return &r.Data.DocLetter }), nil, false},
	{513, 8, "identificador (datos)", s(func(r *Record) *string { return &r.Data.DocNumber }), nil, true},
	{521, 1, "control (datos)", s(func(r *Record) *string { return &r.Data.DocControl }), nil, false},
	{522, 20, "número de documento (datos)", s(func(r *Record) *string { return &r.Data.OtherDoc }), nil, false},
	{542, 2, "nivel de estudios", s(func(r *Record) *string { return &r.Studies }), nil, true},
	{544, 3, "nacionalidad", s(func(r *Record) *string { return &r.Nationality }), nil, true},
	{547, 2, "provincia de procedencia o destino", s(func(r *Record) *string { return &r.FromProvince }), nil, true},
	{549, 3, "municipio de procedencia o destino", s(func(r *Record) *string { return &r.FromMunicipality }), nil, true},
	{552, 3, "consulado", s(func(r *Record) *string { return &r.Consulate }), nil, true},
}

// Layout554 is the 554-character person record (see the package doc).
type Layout554 struct{}

// Width implements Layout.
func (Layout554) Width() int { return 554 }

const dateLayout = "20060102"

// Encode implements Layout. Text is upper-cased as INE files are; a value
// longer than its field or not representable in ISO-8859-1 is an error.
func (Layout554) Encode(r Record) (string, error) {
	buf := make([]rune, 554)
	for i := range buf {
		buf[i] = ' '
	}
	for _, f := range fields554 {
		var v string
		if f.date != nil {
			if t := *f.date(&r); !t.IsZero() {
				v = t.Format(dateLayout)
			}
		} else {
			v = strings.ToUpper(strings.TrimSpace(*f.str(&r)))
		}
		rs := []rune(v)
		if len(rs) > f.width {
			return "", fmt.Errorf("el campo «%s» (%q) tiene más de %d caracteres", f.name, v, f.width)
		}
		for _, c := range rs {
			if c > 0xFF || c < 0x20 || (c >= 0x7F && c < 0xA0) {
				return "", fmt.Errorf("el campo «%s» tiene un carácter que no admite el fichero: %q", f.name, c)
			}
		}
		if f.digits && v != "" {
			for _, c := range rs {
				if c < '0' || c > '9' {
					return "", fmt.Errorf("el campo «%s» solo admite cifras: %q", f.name, v)
				}
			}
			// numeric fields are right-aligned with leading zeros
			v = strings.Repeat("0", f.width-len(rs)) + v
			rs = []rune(v)
		}
		copy(buf[f.pos-1:], rs)
	}
	return string(buf), nil
}

// Decode implements Layout. A short line is padded with blanks (trailing
// blanks are often trimmed in transit); a longer one is an error.
func (Layout554) Decode(line string) (Record, error) {
	var r Record
	rs := []rune(strings.TrimRight(line, "\r\n"))
	if len(rs) > 554 {
		return r, fmt.Errorf("la línea tiene %d caracteres y el registro tiene 554", len(rs))
	}
	if strings.TrimSpace(string(rs)) == "" {
		return r, fmt.Errorf("la línea está en blanco")
	}
	for len(rs) < 554 {
		rs = append(rs, ' ')
	}
	for _, f := range fields554 {
		v := strings.TrimSpace(string(rs[f.pos-1 : f.pos-1+f.width]))
		if f.date != nil {
			if v == "" || strings.Trim(v, "0") == "" {
				continue
			}
			t, err := time.Parse(dateLayout, v)
			if err != nil {
				return r, fmt.Errorf("el campo «%s» no es una fecha AAAAMMDD: %q", f.name, v)
			}
			*f.date(&r) = t
			continue
		}
		if f.digits && v != "" {
			for _, c := range v {
				if c < '0' || c > '9' {
					return r, fmt.Errorf("el campo «%s» solo admite cifras: %q", f.name, v)
				}
			}
		}
		*f.str(&r) = v
	}
	if err := check(r); err != nil {
		return r, err
	}
	return r, nil
}

// check validates the coded fields of a decoded record.
func check(r Record) error {
	switch r.Variation {
	case "", Alta, Baja, Modificacion:
	default:
		return fmt.Errorf("el código de variación %q no es A, B ni M", r.Variation)
	}
	switch r.Sex {
	case "", SexMale, SexFemale:
	default:
		return fmt.Errorf("el sexo %q no es 1 (varón) ni 6 (mujer)", r.Sex)
	}
	switch r.Info {
	case "", InfoEnvio, InfoIncidencia, InfoComunicacion:
	default:
		return fmt.Errorf("el tipo de información %q no es E, I ni C", r.Info)
	}
	if r.Variation != "" && r.Date.IsZero() {
		return fmt.Errorf("la variación no tiene fecha")
	}
	return nil
}
