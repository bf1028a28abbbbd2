package pdf

import (
	"bytes"
	"errors"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// pdfcpu would otherwise keep a configuration directory in the user's
// home, and end the process when it cannot write it: its defaults do.
func init() { api.DisableConfigDir() }

// ErrNotAppendable is returned by [Append] when a PDF cannot be read to
// take its pages (damaged, encrypted or not a PDF at all).
var ErrNotAppendable = errors.New("El PDF no se puede leer para añadir sus páginas: está dañado o cifrado.")

// Append returns a PDF with the pages of first followed by those of each
// of more, as they look: the signatures and form fields of the appended
// files do not survive (the result is a copy to read, signed anew when
// the platform seals it).
func Append(first []byte, more ...[]byte) (out []byte, err error) {
	defer func() {
		if recover() != nil {
			out, err = nil, ErrNotAppendable
		}
	}()
	files := []io.ReadSeeker{bytes.NewReader(first)}
	for _, m := range more {
		if !IsPDF(m) {
			return nil, ErrNotAppendable
		}
		files = append(files, bytes.NewReader(m))
	}
	var buf bytes.Buffer
	if err := api.MergeRaw(files, &buf, false, nil); err != nil {
		return nil, ErrNotAppendable
	}
	return buf.Bytes(), nil
}
