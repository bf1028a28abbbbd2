package census

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"concejo/internal/platform/errs"
)

// Proof is the file of a justificante: the scan or the electronic copy of
// the document that supports a variation.
type Proof struct {
	Filename, ContentType string
	Content               []byte
}

// MaxProof is the largest justificante accepted (a scanned contract of a
// few pages in colour fits).
const MaxProof = 10 << 20

// proofTypes are the formats accepted for a justificante, as the content
// says it is (not as its name says): PDF, or a photograph or scan.
var proofTypes = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// fieldProof is the form field of the justificante's file.
const fieldProof = "justificante_fichero"

// readProof returns the file of the form's justificante (nil when none was
// chosen), reading at most one byte more than MaxProof so that checkProof
// can tell it is too large.
func readProof(r *http.Request) (*Proof, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	f, hdr, err := r.FormFile(fieldProof)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.New(errs.Invalid, "No se pudo leer el fichero del justificante: vuelva a adjuntarlo.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxProof+1))
	if err != nil {
		return nil, errs.New(errs.Invalid, "No se pudo leer el fichero del justificante: vuelva a adjuntarlo.")
	}
	if len(data) == 0 && hdr.Filename == "" {
		return nil, nil
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))
	if name == "" || name == "." || name == "/" || len([]rune(name)) > 150 {
		name = "justificante"
	}
	return &Proof{Filename: name, ContentType: http.DetectContentType(data), Content: data}, nil
}

// checkProof adds to fe what is wrong with the justificante p: missing,
// empty, too large or of a format not accepted.
func checkProof(fe *errs.Fields, p *Proof) {
	switch {
	case p == nil:
		fe.Add(fieldProof, "Adjunte el justificante escaneado o su copia electrónica (PDF, JPEG o PNG).")
	case len(p.Content) == 0:
		fe.Add(fieldProof, "El fichero del justificante está vacío: adjúntelo de nuevo.")
	case len(p.Content) > MaxProof:
		fe.Add(fieldProof, "El justificante ocupa más de 10 MB: escanéelo con menos resolución o en blanco y negro y adjúntelo de nuevo.")
	default:
		ext, ok := proofTypes[strings.TrimSpace(strings.Split(p.ContentType, ";")[0])]
		if !ok {
			fe.Add(fieldProof, "El justificante debe ser un PDF o una imagen JPEG o PNG; el fichero adjuntado no lo es.")
			return
		}
		if !strings.EqualFold(filepath.Ext(p.Filename), ext) && !(ext == ".jpg" && strings.EqualFold(filepath.Ext(p.Filename), ".jpeg")) {
			p.Filename = strings.TrimSuffix(p.Filename, filepath.Ext(p.Filename)) + ext
		}
	}
}
