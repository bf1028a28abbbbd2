// Package validate holds pure functions that validate and normalise Spanish
// public-sector identifiers (NIF/NIE/CIF, INE municipality codes, DIR3 codes,
// bank accounts, SEPA creditor identifiers, cadastral references) and common
// contact data (e-mail, telephone, postal code).
//
// The algorithms follow shared/standards/identifiers.md. Every validator
// returns the normalised value on success and a *FieldError whose message is
// a Spanish sentence suitable for showing to end users on failure.
package validate

import (
	"fmt"
	"strings"
	"unicode"
)

// FieldError is a validation failure for a single field. Field is a stable
// machine-readable key (callers may overwrite it with their form field name)
// and Message is a user-facing Spanish sentence.
type FieldError struct {
	Field   string
	Message string
}

// Error returns the user-facing Spanish message.
func (e *FieldError) Error() string { return e.Message }

// fieldErr builds a *FieldError with a formatted message.
func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// NormalizeID removes white space, dots and hyphens from s and upper-cases
// the result. It does not validate anything.
func NormalizeID(s string) string {
	return strings.ToUpper(stripSeparators(s))
}

// stripSeparators removes white space, dots and hyphens.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// isDigits reports whether s is non-empty and made only of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isUpper reports whether c is an ASCII upper-case letter.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// validProvince reports whether pp is an INE province code 01–52.
func validProvince(pp string) bool {
	if len(pp) != 2 || !isDigits(pp) {
		return false
	}
	n := int(pp[0]-'0')*10 + int(pp[1]-'0')
	return n >= 1 && n <= 52
}
