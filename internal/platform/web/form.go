package web

import (
	"errors"
	"net/http"
	"strings"

	"concejo/internal/platform/errs"
)

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
			return errs.ErrTooLarge
		}
		return errs.New(errs.Invalid, "El formulario enviado no se puede leer.")
	}
	return nil
}

// Field returns the trimmed value of a form field.
func Field(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
