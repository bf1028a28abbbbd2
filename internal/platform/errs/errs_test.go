package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"concejo/internal/platform/errs"
)

func TestKindThroughWrapping(t *testing.T) {
	conflict := errs.New(errs.Conflict, "Ya existe.")
	wrapped := fmt.Errorf("terceros: guardar el tercero 7: %w", conflict)
	if !errors.Is(wrapped, errs.Conflict) || errors.Is(wrapped, errs.NotFound) {
		t.Fatalf("errors.Is by kind: %v", wrapped)
	}
	if got := errs.KindOf(wrapped); got != errs.Conflict {
		t.Fatalf("KindOf = %v", got)
	}
	var e *errs.Error
	if !errors.As(wrapped, &e) || e.Message != "Ya existe." {
		t.Fatalf("errors.As: %v", e)
	}
	if wrapped.Error() != "terceros: guardar el tercero 7: Ya existe." {
		t.Fatalf("Error() = %q", wrapped.Error())
	}
	if !errors.Is(fmt.Errorf("x: %w", errs.ErrNotFound), errs.ErrNotFound) {
		t.Fatal("a sentinel is found by identity")
	}
	if errors.Is(errs.New(errs.NotFound, "otro"), errs.ErrNotFound) {
		t.Fatal("another error of the same kind is not the sentinel")
	}
	for _, err := range []error{errors.New("disco lleno"), nil} {
		if k := errs.KindOf(err); k != errs.Internal {
			t.Fatalf("KindOf(%v) = %v", err, k)
		}
	}
}

func TestFields(t *testing.T) {
	var f errs.Fields
	if f.Err() != nil {
		t.Fatal("no problems is no error")
	}
	f.Add("nif", "El NIF es obligatorio.")
	f.Check("correo", nil)
	f.Check("correo", errors.New("El correo no es válido."))
	err := fmt.Errorf("usuarios: alta: %w", f.Err())
	if !errors.Is(err, errs.Invalid) || errs.KindOf(err) != errs.Invalid {
		t.Fatalf("field problems are Invalid: %v", err)
	}
	got, ok := errs.AsFields(err)
	if !ok || len(got) != 2 || got.For("correo") != "El correo no es válido." || got.For("nombre") != "" {
		t.Fatalf("AsFields = %v %v", got, ok)
	}
	if got.Error() != "El NIF es obligatorio. El correo no es válido." {
		t.Fatalf("Error() = %q", got.Error())
	}
	if _, ok := errs.AsFields(errs.ErrInvalid); ok {
		t.Fatal("an Invalid error without fields has no Fields")
	}
}
