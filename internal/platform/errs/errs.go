// Package errs holds the kinds of error a use case can end in, with the
// Spanish message the user reads, and nothing about HTTP: services, stores,
// jobs and the command line return them, and the web layer maps each kind to
// a status in one place (web.StatusOf).
//
// An error is classified by its Kind, found through any wrapping:
//
//	return errs.New(errs.Conflict, "Ya existe un tercero con ese NIF.")
//	...
//	if errors.Is(err, errs.Conflict) { ... }   // or errs.KindOf(err) == errs.Conflict
//
// Form validation collects field messages in Fields, whose kind is Invalid.
// Any other error is Internal: its text goes to the log, never to the user.
package errs

import (
	"errors"
	"strings"
)

// Kind says what went wrong in terms of what the caller can do about it.
// A Kind is itself an error so that errors.Is(err, errs.NotFound) asks
// whether err, or any error it wraps, is of that kind.
type Kind uint8

// The kinds. Internal is the zero value: an unexpected failure.
const (
	Internal        Kind = iota // a bug or a failure the user cannot fix
	NotFound                    // the thing does not exist, or is not visible to the person
	Forbidden                   // the person may not do this
	Unauthorized                // the person has to sign in (again)
	Invalid                     // the request or its data is not acceptable
	Conflict                    // the thing's current state does not allow this
	TooLarge                    // the file or form sent is too big
	TooManyRequests             // a throttle: too many attempts in a short time
	Unavailable                 // a part of the platform is switched off or not ready
	Upstream                    // an outside system (mail, SIR, a signature service) failed
	Gone                        // the thing existed but is no longer offered (an expired link)
)

var kindNames = [...]string{"interno", "no encontrado", "prohibido", "sin sesión", "no válido",
	"en conflicto", "demasiado grande", "demasiados intentos", "no disponible", "fallo externo", "caducado"}

// Error returns the kind's name, so a Kind can be the target of errors.Is.
func (k Kind) Error() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "desconocido"
}

// Error is an error of a kind with the message the user reads.
type Error struct {
	Kind    Kind
	Message string
}

// New returns an error of kind k whose message for the user is msg.
func New(k Kind, msg string) error { return &Error{Kind: k, Message: msg} }

func (e *Error) Error() string { return e.Message }

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind
}

// Common errors with their standard messages.
var (
	ErrNotFound     = New(NotFound, "La página o el elemento que busca no existe, o no tiene acceso a él.")
	ErrForbidden    = New(Forbidden, "No tiene acceso a esta acción. Si la necesita, pídasela al administrador de usuarios de su entidad.")
	ErrUnauthorized = New(Unauthorized, "Tiene que iniciar sesión.")
	ErrInvalid      = New(Invalid, "La petición no es válida.")
	ErrTooLarge     = New(TooLarge, "El fichero o el formulario enviado es demasiado grande.")
)

// KindOf returns the kind of err or of the first error of a kind it wraps;
// Internal when there is none.
func KindOf(err error) Kind {
	var e *Error
	var f Fields
	switch {
	case errors.As(err, &e):
		return e.Kind
	case errors.As(err, &f):
		return Invalid
	}
	return Internal
}

// FieldError is one problem with one form field, shown in the error summary
// at the top of the page and next to the field.
type FieldError struct {
	Field   string
	Message string
}

// Fields collects field problems in the order found. It is an error of kind
// Invalid, so a service can return it and the handler re-render the form.
type Fields []FieldError

func (f Fields) Error() string {
	msgs := make([]string, len(f))
	for i, e := range f {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, " ")
}

// Is reports whether target is the kind Invalid.
func (f Fields) Is(target error) bool { return target == Invalid }

// Add records a problem with field.
func (f *Fields) Add(field, msg string) { *f = append(*f, FieldError{field, msg}) }

// Check records err (its message) against field when err is non-nil.
func (f *Fields) Check(field string, err error) {
	if err != nil {
		f.Add(field, err.Error())
	}
}

// For returns the message for field, or "".
func (f Fields) For(field string) string {
	for _, e := range f {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Err returns f as an error, or nil when empty.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// AsFields extracts the field problems that err is or wraps.
func AsFields(err error) (Fields, bool) {
	var f Fields
	ok := errors.As(err, &f)
	return f, ok
}
