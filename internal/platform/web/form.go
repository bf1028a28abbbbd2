package web

import (
	"errors"
	"net/http"
	"strings"
)

// FieldError is one problem with one form field, shown in the error summary
// at the top of the page and next to the field.
type FieldError struct {
	Field   string
	Message string
}

// FormErrors collects field problems in the order found. It is an error so a
// service can return it and the handler re-render the form with 422.
type FormErrors []FieldError

func (f FormErrors) Error() string {
	msgs := make([]string, len(f))
	for i, e := range f {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, " ")
}

// Add records a problem with field.
func (f *FormErrors) Add(field, msg string) { *f = append(*f, FieldError{field, msg}) }

// Check records err (its message) against field when err is non-nil.
func (f *FormErrors) Check(field string, err error) {
	if err != nil {
		f.Add(field, err.Error())
	}
}

// For returns the message for field, or "".
func (f FormErrors) For(field string) string {
	for _, e := range f {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Err returns f as an error, or nil when empty.
func (f FormErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// AsFormErrors extracts FormErrors from err.
func AsFormErrors(err error) (FormErrors, bool) {
	var fe FormErrors
	ok := errors.As(err, &fe)
	return fe, ok
}

// MaxForm is the size limit of an ordinary (non-upload) form.
const MaxForm = 64 << 10

// ParseForm parses a urlencoded or multipart form with a size limit, mapping
// oversize and malformed bodies to 4xx errors.
func ParseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return ErrTooLarge
		}
		return BadRequest("El formulario enviado no se puede leer.")
	}
	return nil
}

// Field returns the trimmed value of a form field.
func Field(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
