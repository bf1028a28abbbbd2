package parties

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/validate"
)

// Form field names (also the Field of the errors Check returns).
const (
	FieldKind        = "tipo"
	FieldDocType     = "tipo_documento"
	FieldDocNumber   = "documento"
	FieldDocCountry  = "pais_documento"
	FieldName        = "nombre"
	FieldSurname1    = "apellido1"
	FieldSurname2    = "apellido2"
	FieldBirthDate   = "fecha_nacimiento"
	FieldEmail       = "email"
	FieldPhone       = "telefono"
	FieldNotify      = "notificacion_electronica"
	FieldDwelling    = "vivienda"
	FieldAddressText = "direccion"
	FieldPostalCode  = "codigo_postal"
	FieldTown        = "localidad"
	FieldProvince    = "provincia"
	FieldCountry     = "pais"
	FieldNotes       = "notas"
)

// Spain is the INE country code of Spain.
const Spain = "108"

// message returns the Spanish message of a validator's error.
func message(err error) string {
	var ve *validate.FieldError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return err.Error()
}

func maxLen(fe *errs.Fields, field, label, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		fe.Add(field, fmt.Sprintf("%s no puede tener más de %d caracteres.", label, n))
	}
}

// CheckDocument validates number as a document of type docType and returns
// the type (a NIF starting with X, Y or Z becomes NIE) and the normalised
// number. An empty number is accepted only for DocOther (no document).
func CheckDocument(kind, docType, number string) (string, string, error) {
	n := validate.NormalizeID(number)
	if n == "" {
		if docType == DocOther {
			return docType, "", nil
		}
		return docType, "", errors.New("Escriba el número del documento, o elija «Otro documento» si no tiene ninguno.")
	}
	switch docType {
	case DocNIF, DocNIE:
		if kind == KindLegal {
			return docType, "", errors.New("Una persona jurídica se identifica con su NIF de entidad: elija el tipo de documento CIF.")
		}
		v, err := validate.PersonNIF(n)
		if err != nil {
			return docType, "", errors.New(message(err))
		}
		if strings.IndexByte("XYZ", v[0]) >= 0 {
			return DocNIE, v, nil
		}
		if docType == DocNIE {
			return docType, "", fmt.Errorf("El NIE %s no es válido: empieza por X, Y o Z.", v)
		}
		return DocNIF, v, nil
	case DocCIF:
		if kind == KindPerson {
			return docType, "", errors.New("Una persona física se identifica con su DNI, NIE o pasaporte, no con un CIF.")
		}
		v, err := validate.LegalPersonNIF(n)
		if err != nil {
			return docType, "", errors.New(message(err))
		}
		return DocCIF, v, nil
	case DocPassport, DocOther:
		if len(n) < 3 || len(n) > 20 || !alnum(n) {
			return docType, "", errors.New("El número del documento debe tener entre 3 y 20 letras o dígitos.")
		}
		return docType, n, nil
	}
	return docType, "", errors.New("Elija el tipo de documento.")
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// Check validates p and normalises it in place (document, e-mail, phone,
// postal code, trimmed names). Problems come back as errs.Fields with the
// Field* names, so a form can show them and another module can read them.
func Check(p *Party) error {
	var fe errs.Fields
	p.Name, p.Surname1, p.Surname2 = tidy(p.Name), tidy(p.Surname1), tidy(p.Surname2)
	switch p.Kind {
	case KindPerson, KindLegal:
	default:
		fe.Add(FieldKind, "Elija si es una persona física o jurídica.")
		return fe
	}
	switch p.DocType {
	case DocNIF, DocNIE, DocCIF, DocPassport, DocOther:
		t, n, err := CheckDocument(p.Kind, p.DocType, p.DocNumber)
		if err != nil {
			fe.Add(FieldDocNumber, err.Error())
		} else {
			p.DocType, p.DocNumber = t, n
		}
	default:
		fe.Add(FieldDocType, "Elija el tipo de documento.")
	}
	if p.DocCountry != "" && !validCountry(p.DocCountry) {
		fe.Add(FieldDocCountry, "Escriba el código INE del país del documento: 3 dígitos.")
	}
	if p.Kind == KindPerson {
		if p.Name == "" {
			fe.Add(FieldName, "Escriba el nombre.")
		}
		if p.Surname1 == "" {
			fe.Add(FieldSurname1, "Escriba el primer apellido.")
		}
		maxLen(&fe, FieldName, "El nombre", p.Name, 60)
		maxLen(&fe, FieldSurname1, "El primer apellido", p.Surname1, 60)
		maxLen(&fe, FieldSurname2, "El segundo apellido", p.Surname2, 60)
		if p.BirthDate != nil {
			d := time.Date(p.BirthDate.Year(), p.BirthDate.Month(), p.BirthDate.Day(), 0, 0, 0, 0, time.UTC)
			p.BirthDate = &d
			if d.After(time.Now().UTC()) || d.Year() < 1890 {
				fe.Add(FieldBirthDate, "La fecha de nacimiento debe ser una fecha pasada, posterior a 1890.")
			}
		}
	} else {
		p.Surname1, p.Surname2, p.BirthDate = "", "", nil
		if p.Name == "" {
			fe.Add(FieldName, "Escriba la razón social o el nombre de la entidad.")
		}
		maxLen(&fe, FieldName, "La razón social", p.Name, 200)
	}
	if p.Email = strings.TrimSpace(p.Email); p.Email != "" {
		v, err := validate.Email(p.Email)
		if err != nil {
			fe.Add(FieldEmail, message(err))
		} else {
			p.Email = v
		}
	}
	if p.Phone = strings.TrimSpace(p.Phone); p.Phone != "" {
		if p.CountryCode == "" || p.CountryCode == Spain || !strings.HasPrefix(p.Phone, "+") {
			v, err := validate.Phone(p.Phone)
			if err != nil {
				fe.Add(FieldPhone, message(err))
			} else {
				p.Phone = v
			}
		}
		maxLen(&fe, FieldPhone, "El teléfono", p.Phone, 20)
	}
	if p.ElectronicNotification && p.Email == "" {
		fe.Add(FieldEmail, "Para notificar electrónicamente hace falta un correo electrónico donde avisar de cada notificación.")
	}
	p.AddressText, p.Town, p.Province = tidy(p.AddressText), tidy(p.Town), tidy(p.Province)
	maxLen(&fe, FieldAddressText, "La dirección", p.AddressText, 200)
	maxLen(&fe, FieldTown, "La localidad", p.Town, 100)
	maxLen(&fe, FieldProvince, "La provincia", p.Province, 60)
	if p.CountryCode != "" && !validCountry(p.CountryCode) {
		fe.Add(FieldCountry, "Escriba el código INE del país: 3 dígitos (108 es España).")
	}
	if p.PostalCode = strings.TrimSpace(p.PostalCode); p.PostalCode != "" {
		if p.CountryCode == "" || p.CountryCode == Spain {
			v, err := validate.PostalCode(p.PostalCode, "")
			if err != nil {
				fe.Add(FieldPostalCode, message(err))
			} else {
				p.PostalCode = v
			}
		} else {
			maxLen(&fe, FieldPostalCode, "El código postal", p.PostalCode, 12)
		}
	}
	if p.DwellingID != "" && p.AddressText != "" {
		fe.Add(FieldAddressText, "Indique el domicilio en el callejero o como dirección libre, no de las dos formas.")
	}
	p.Notes = strings.TrimSpace(p.Notes)
	maxLen(&fe, FieldNotes, "Las notas", p.Notes, 2000)
	return fe.Err()
}

// tidy trims s and collapses inner white space.
func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }
