package facturae

import (
	"fmt"
	"unicode/utf8"
)

// Error is why a file is not an acceptable Facturae invoice, in Spanish.
type Error struct {
	Msg string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// errf builds an Error.
func errf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// q quotes a value taken from a file in a message, bounded so that no
// message grows with the input.
func q(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return "«" + s + "»"
}
