package verify

import (
	"errors"
	"io"
	"net/http"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/sigcheck"
	"concejo/internal/platform/web"
)

// Limits of the signature check page.
const (
	// MaxSignedFile is the largest file (and original) it accepts.
	MaxSignedFile = 20 << 20
	// ChecksPerMinute is how many files one client address may have
	// checked per minute (each may ask revocation services).
	ChecksPerMinute = 10
)

// Fields of the signature check form.
const (
	fieldSigned   = "fichero"
	fieldOriginal = "original"
)

var errTooManyChecks = errs.New(errs.TooManyRequests, "Ha comprobado demasiadas firmas seguidas desde su conexión. Espere un minuto y vuelva a intentarlo.")

// signatureData is what the signature check page shows.
type signatureData struct {
	MaxMB      int
	Filename   string
	Signatures []sigcheck.Signature
}

func (m *Module) signaturePage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Page(w, r, "verify/signature", signaturePageOf(&signatureData{}))
}

// signaturePageOf is the page showing d.
func signaturePageOf(d *signatureData) *web.Page {
	d.MaxMB = MaxSignedFile >> 20
	return &web.Page{Title: "Comprobar una firma electrónica", Data: d, Form: map[string]string{},
		Crumbs: []web.Crumb{{Label: "Verificar un documento", Href: "/verificar"}, {Label: "Comprobar una firma electrónica"}}}
}

// signaturePost checks the signatures of the uploaded file (and of the
// original of a detached signature) and shows them.
func (m *Module) signaturePost(w http.ResponseWriter, r *http.Request) error {
	if !m.checks.Allow(auth.ClientIP(r), time.Now()) {
		return errTooManyChecks
	}
	if err := web.ParseForm(w, r, 2*MaxSignedFile+(64<<10)); err != nil {
		return err
	}
	d := &signatureData{}
	p := signaturePageOf(d)
	var fe errs.Fields
	data, name, err := readFile(r, fieldSigned)
	switch {
	case err != nil:
		return err
	case data == nil:
		fe.Add(fieldSigned, "Seleccione el fichero firmado: un PDF, un XML o una firma .csig o .p7s.")
		return m.kit.FormPage(w, r, "verify/signature", p, fe)
	}
	original, _, err := readFile(r, fieldOriginal)
	if err != nil {
		return err
	}
	v, err := m.kit.SignatureVerifier()
	if err != nil {
		return err
	}
	sigs, err := sigcheck.Check(r.Context(), v, data, original)
	switch {
	case errors.Is(err, sigcheck.ErrNeedsOriginal):
		fe.Add(fieldOriginal, err.Error())
	case err != nil:
		fe.Add(fieldSigned, err.Error())
	}
	if len(fe) > 0 {
		return m.kit.FormPage(w, r, "verify/signature", p, fe)
	}
	d.Filename, d.Signatures = name, sigs
	return m.kit.Page(w, r, "verify/signature", p)
}

// readFile returns the content and name of the uploaded file of a field
// (nil when none was chosen), refusing one over MaxSignedFile.
func readFile(r *http.Request, field string) ([]byte, string, error) {
	f, hdr, err := r.FormFile(field)
	if err != nil {
		return nil, "", nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSignedFile+1))
	switch {
	case err != nil:
		return nil, "", errs.New(errs.Invalid, "El fichero enviado no se puede leer.")
	case len(data) > MaxSignedFile:
		return nil, "", errs.ErrTooLarge
	case len(data) == 0 && hdr.Filename == "":
		return nil, "", nil
	}
	return data, hdr.Filename, nil
}
