package web

import (
	"errors"
	"io"
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

// Upload is a file sent with a multipart form.
type Upload struct {
	Name    string
	Content []byte
}

// FormFiles reads the files of a field of a form parsed by ParseForm, in
// the order sent, skipping an empty file input. Each is read up to max+1
// bytes, so the caller can tell one that is too large.
func FormFiles(r *http.Request, field string, max int64) ([]Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []Upload
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, errs.New(errs.Invalid, "No se ha podido leer el fichero «"+fh.Filename+"».")
		}
		data, err := io.ReadAll(io.LimitReader(f, max+1))
		f.Close()
		if err != nil {
			return nil, errs.New(errs.Invalid, "No se ha podido leer el fichero «"+fh.Filename+"».")
		}
		out = append(out, Upload{Name: fh.Filename, Content: data})
	}
	return out, nil
}

// FormFile reads the first file of a field (a zero Upload when none was
// sent), as FormFiles does.
func FormFile(r *http.Request, field string, max int64) (Upload, error) {
	files, err := FormFiles(r, field, max)
	if err != nil || len(files) == 0 {
		return Upload{}, err
	}
	return files[0], nil
}
