package web

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
)

func TestStatusOf(t *testing.T) {
	var fe errs.Fields
	fe.Add("nif", "El NIF es obligatorio.")
	for _, c := range []struct {
		err    error
		status int
		msg    string
	}{
		{errs.New(errs.Conflict, "Ya existe."), http.StatusConflict, "Ya existe."},
		{fmt.Errorf("usuarios: leer el usuario 1: %w", db.ErrNotFound), http.StatusNotFound, errs.ErrNotFound.Error()},
		{errs.ErrForbidden, http.StatusForbidden, errs.ErrForbidden.Error()},
		{errs.ErrUnauthorized, http.StatusUnauthorized, "Tiene que iniciar sesión."},
		{errs.New(errs.Invalid, "Mal."), http.StatusBadRequest, "Mal."},
		{fmt.Errorf("alta: %w", fe), http.StatusUnprocessableEntity, "Revise los datos del formulario."},
		{errs.New(errs.TooManyRequests, "Espere."), http.StatusTooManyRequests, "Espere."},
		{errs.New(errs.Unavailable, "Parado."), http.StatusServiceUnavailable, "Parado."},
		{errs.New(errs.Upstream, "El SIR no responde."), http.StatusBadGateway, "El SIR no responde."},
		{&http.MaxBytesError{Limit: 1}, http.StatusRequestEntityTooLarge, errs.ErrTooLarge.Error()},
		{errs.New(errs.Internal, "Se ha producido un error interno."), http.StatusInternalServerError, "Se ha producido un error interno."},
	} {
		if status, msg := StatusOf(c.err); status != c.status || msg != c.msg {
			t.Errorf("StatusOf(%v) = %d %q, want %d %q", c.err, status, msg, c.status, c.msg)
		}
	}
	if status, msg := StatusOf(errors.New("pq: relation does not exist")); status != http.StatusInternalServerError || msg == "pq: relation does not exist" {
		t.Fatalf("an unknown error leaks: %d %q", status, msg)
	}
}

// TestEveryKindHasAStatus keeps the map in step with the kinds.
func TestEveryKindHasAStatus(t *testing.T) {
	for k := errs.Internal; k.Error() != "desconocido"; k++ {
		if _, ok := statuses[k]; !ok {
			t.Errorf("kind %v has no status", k)
		}
	}
}
