package validate

import (
	"net/mail"
	"strings"
)

const (
	fieldEmail      = "email"
	fieldPhone      = "telefono"
	fieldPostalCode = "codigo_postal"
	msgEmail        = "La dirección de correo electrónico no es válida."
)

// Email validates a bare e-mail address (no display name or angle
// brackets): it trims surrounding space, requires a domain made of dotted
// ASCII labels and at most 254 characters, and returns the address with the
// domain lower-cased.
func Email(s string) (string, error) {
	bad := &FieldError{Field: fieldEmail, Message: msgEmail}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &FieldError{Field: fieldEmail, Message: "La dirección de correo electrónico es obligatoria."}
	}
	if len(s) > 254 || strings.ContainsAny(s, "<>") {
		return "", bad
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || !validDomain(domain) {
		return "", bad
	}
	return local + "@" + strings.ToLower(domain), nil
}

// validDomain reports whether d is an ASCII host name with at least two
// labels.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || isUpper(c) || isDigit(c) || c == '-') {
				return false
			}
		}
	}
	return true
}

// Phone validates a Spanish telephone number: an optional +34 or 0034
// prefix and 9 digits starting with 6, 7, 8 or 9; spaces, dots and hyphens
// are ignored. It returns the 9 digits without prefix.
func Phone(s string) (string, error) {
	n := stripSeparators(s)
	if n == "" {
		return "", &FieldError{Field: fieldPhone, Message: "El número de teléfono es obligatorio."}
	}
	if rest, ok := strings.CutPrefix(n, "+34"); ok {
		n = rest
	} else if rest, ok := strings.CutPrefix(n, "0034"); ok {
		n = rest
	}
	if !isDigits(n) {
		return "", &FieldError{Field: fieldPhone, Message: "El número de teléfono solo puede contener dígitos y el prefijo +34."}
	}
	if len(n) != 9 {
		return "", &FieldError{Field: fieldPhone, Message: "El número de teléfono debe tener 9 dígitos."}
	}
	if n[0] < '6' {
		return "", &FieldError{Field: fieldPhone, Message: "El número de teléfono debe empezar por 6, 7, 8 o 9."}
	}
	return n, nil
}

// PostalCode validates a Spanish postal code: 5 digits whose first two are
// a province code 01–52. When province is not empty the postal code must
// belong to it (e.g. "10" for Cáceres).
func PostalCode(s string, province string) (string, error) {
	n := strings.TrimSpace(s)
	if len(n) != 5 || !isDigits(n) {
		return "", &FieldError{Field: fieldPostalCode, Message: "El código postal debe tener 5 dígitos."}
	}
	if !validProvince(n[:2]) {
		return "", fieldErr(fieldPostalCode, "El código postal %s no es válido: la provincia %s no existe.", n, n[:2])
	}
	if province != "" && n[:2] != province {
		return "", fieldErr(fieldPostalCode, "El código postal %s no corresponde a la provincia %s.", n, province)
	}
	return n, nil
}
