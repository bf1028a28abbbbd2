package web

import (
	"errors"
	"net/http"

	"concejo/internal/platform/db"
)

// Error is an error with the HTTP status and the Spanish message a user sees.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

// NewError returns an *Error.
func NewError(status int, msg string) error { return &Error{Status: status, Message: msg} }

// Common errors.
var (
	ErrNotFound     = &Error{http.StatusNotFound, "La página o el elemento que busca no existe, o no tiene acceso a él."}
	ErrForbidden    = &Error{http.StatusForbidden, "No tiene permiso para hacer esto. Si lo necesita, pídalo al administrador de usuarios de su entidad."}
	ErrBadRequest   = &Error{http.StatusBadRequest, "La petición no es válida."}
	ErrTooLarge     = &Error{http.StatusRequestEntityTooLarge, "El fichero o el formulario enviado es demasiado grande."}
	ErrUnauthorized = &Error{http.StatusUnauthorized, "Tiene que iniciar sesión."}
)

// BadRequest returns a 400 error with msg.
func BadRequest(msg string) error { return &Error{http.StatusBadRequest, msg} }

// Conflict returns a 409 error with msg.
func Conflict(msg string) error { return &Error{http.StatusConflict, msg} }

// StatusOf maps any error to its HTTP status and user message; unknown
// errors are 500 with a generic message (the detail goes to the log only).
func StatusOf(err error) (int, string) {
	var we *Error
	var fe FormErrors
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &we):
		return we.Status, we.Message
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, "Revise los datos del formulario."
	case errors.As(err, &mbe):
		return ErrTooLarge.Status, ErrTooLarge.Message
	case errors.Is(err, db.ErrNotFound):
		return ErrNotFound.Status, ErrNotFound.Message
	}
	return http.StatusInternalServerError, "Se ha producido un error interno. Se ha registrado para su revisión; inténtelo de nuevo más tarde."
}
