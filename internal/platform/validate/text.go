package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text checks a free text a person typed, named label in messages: valid
// UTF-8 without NUL, present when required, at most max characters. It
// returns nil or an error whose message is a Spanish sentence.
func Text(v, label string, required bool, max int) error {
	switch {
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return &FieldError{Message: label + ": el texto contiene caracteres no válidos."}
	case required && v == "":
		first, size := utf8.DecodeRuneInString(label)
		return &FieldError{Message: "Escriba " + strings.ToLower(string(first)) + label[size:] + "."}
	case utf8.RuneCountInString(v) > max:
		return &FieldError{Message: fmt.Sprintf("%s: como máximo %s caracteres (tiene %s).", label,
			thousands(max), thousands(utf8.RuneCountInString(v)))}
	}
	return nil
}

// thousands writes n with dots between thousands, as Spanish does.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
