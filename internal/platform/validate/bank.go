package validate

import (
	"fmt"
	"strings"
)

const (
	fieldCCC      = "ccc"
	fieldIBAN     = "iban"
	fieldCreditor = "identificador_acreedor"
)

var cccWeights = [10]int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}

// cccDigit computes one CCC control digit over 10 digits.
func cccDigit(d string) byte {
	sum := 0
	for i, w := range cccWeights {
		sum += int(d[i]-'0') * w
	}
	dc := 11 - sum%11
	switch dc {
	case 11:
		dc = 0
	case 10:
		dc = 1
	}
	return byte('0' + dc)
}

// cccControl returns the two control digits of a 20-digit CCC.
func cccControl(ccc string) string {
	return string([]byte{cccDigit("00" + ccc[:8]), cccDigit(ccc[10:])})
}

// CCC validates a Spanish Código Cuenta Cliente (entidad 4 + oficina 4 +
// 2 control digits + account 10) and returns its 20 digits.
func CCC(s string) (string, error) {
	n := stripSeparators(s)
	if len(n) != 20 || !isDigits(n) {
		return "", &FieldError{Field: fieldCCC, Message: "La cuenta bancaria (CCC) debe tener 20 dígitos."}
	}
	if want := cccControl(n); n[8:10] != want {
		return "", fieldErr(fieldCCC, "La cuenta bancaria %s no es válida: los dígitos de control deberían ser %s.", n, want)
	}
	return n, nil
}

// mod97 returns the ISO 7064 MOD 97-10 remainder of s, reading letters as
// A=10 … Z=35. s must only contain ASCII digits and upper-case letters.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// isAlnum reports whether s is made only of ASCII digits and upper-case letters.
func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// IBAN validates an IBAN of any country with the ISO 13616 mod-97 check.
// Spanish IBANs must have 24 characters and their inner CCC control digits
// are checked too. It returns the IBAN without spaces, upper-cased.
func IBAN(s string) (string, error) {
	n := NormalizeID(s)
	if n == "" {
		return "", &FieldError{Field: fieldIBAN, Message: "El IBAN es obligatorio."}
	}
	if len(n) < 15 || len(n) > 34 || !isUpper(n[0]) || !isUpper(n[1]) ||
		!isDigits(n[2:4]) || !isAlnum(n[4:]) {
		return "", fieldErr(fieldIBAN, "El IBAN %s no tiene un formato válido: debe empezar por el código de país y dos dígitos de control, y tener entre 15 y 34 letras o dígitos.", n)
	}
	if n[:2] == "ES" && (len(n) != 24 || !isDigits(n[4:])) {
		return "", fieldErr(fieldIBAN, "El IBAN %s no tiene un formato válido: un IBAN español tiene 24 caracteres (ES, 2 dígitos de control y los 20 dígitos de la cuenta).", n)
	}
	if mod97(n[4:]+n[:4]) != 1 {
		return "", fieldErr(fieldIBAN, "El IBAN %s no es válido: los dígitos de control no coinciden; revise el número.", n)
	}
	if n[:2] == "ES" {
		if want := cccControl(n[4:]); n[12:14] != want {
			return "", fieldErr(fieldIBAN, "El IBAN %s no es válido: los dígitos de control de la cuenta deberían ser %s.", n, want)
		}
	}
	return n, nil
}

// FormatIBAN returns s normalised and split in groups of four characters
// separated by spaces (ES91 2100 0418 4502 0005 1332). It does not validate.
func FormatIBAN(s string) string {
	n := NormalizeID(s)
	var b strings.Builder
	for i := 0; i < len(n); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(n[i:min(i+4, len(n))])
	}
	return b.String()
}

// creditorCheck computes the two check digits of a SEPA creditor identifier
// over id + country + "00"; the business code is excluded.
func creditorCheck(country, id string) string {
	return fmt.Sprintf("%02d", 98-mod97(id+country+"00"))
}

// SEPACreditorID builds the Spanish SEPA creditor identifier (AT-02):
// "ES" + 2 check digits + 3-character business code + NIF. An empty business
// code defaults to "000".
func SEPACreditorID(nif, business string) (string, error) {
	n, err := NIF(nif)
	if err != nil {
		return "", err
	}
	b := NormalizeID(business)
	if b == "" {
		b = "000"
	}
	if len(b) != 3 || !isAlnum(b) {
		return "", &FieldError{Field: fieldCreditor, Message: "El sufijo del acreedor debe tener 3 letras o dígitos."}
	}
	return "ES" + creditorCheck("ES", n) + b + n, nil
}
