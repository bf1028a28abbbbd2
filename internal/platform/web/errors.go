package web

import (
	"context"
	"errors"
	"net/http"

	"concejo/internal/platform/errs"
)

// statuses is the HTTP status of each error kind.
var statuses = map[errs.Kind]int{
	errs.Internal:        http.StatusInternalServerError,
	errs.NotFound:        http.StatusNotFound,
	errs.Forbidden:       http.StatusForbidden,
	errs.Unauthorized:    http.StatusUnauthorized,
	errs.Invalid:         http.StatusBadRequest,
	errs.Conflict:        http.StatusConflict,
	errs.TooLarge:        http.StatusRequestEntityTooLarge,
	errs.TooManyRequests: http.StatusTooManyRequests,
	errs.Unavailable:     http.StatusServiceUnavailable,
	errs.Upstream:        http.StatusBadGateway,
	errs.Gone:            http.StatusGone,
}

// StatusOf maps any error to its HTTP status and user message: an errs.Error
// by its kind with its message, form field problems (errs.Fields) to 422, an
// oversize body to 413; other errors are 500 with a generic message (the
// detail goes to the log only).
func StatusOf(err error) (int, string) {
	var e *errs.Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return statuses[e.Kind], e.Message
	case errors.Is(err, errs.Invalid):
		return http.StatusUnprocessableEntity, "Revise los datos del formulario."
	case errors.As(err, &mbe):
		return StatusOf(errs.ErrTooLarge)
	}
	return http.StatusInternalServerError, "Se ha producido un error interno. Se ha registrado para su revisión; inténtelo de nuevo más tarde."
}

// StatusClientClosed is the status (nginx's 499) logged for a request whose
// client went away before the answer: nobody reads it, and it is not an
// error of the server.
const StatusClientClosed = 499

// ClientGone reports whether err comes from r's client having disconnected
// mid-request (the request's context canceled), not from a fault.
func ClientGone(r *http.Request, err error) bool {
	return errors.Is(err, context.Canceled) && r.Context().Err() != nil
}
