package verify

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Issuer is a module whose documents get their CSV when the act is made
// but are rendered on first request (the registry's justificantes): given
// a code it does not find in the register, IssueByCSV issues the document
// if the code is its own and reports whether it did.
type Issuer interface {
	IssueByCSV(ctx context.Context, code string) (bool, error)
}

// Module is the public verification page.
type Module struct {
	kit      *kit.Kit
	throttle *auth.Throttle
	// checks limits the signature checks of each client address.
	checks  *auth.Throttle
	issuers []Issuer
}

// LookupsPerMinute is how many codes one client address may try per minute.
const LookupsPerMinute = 30

// New returns the module; issuers are asked for codes not yet issued.
func New(k *kit.Kit, issuers ...Issuer) *Module {
	return &Module{kit: k, throttle: auth.NewThrottle(LookupsPerMinute, time.Minute),
		checks: auth.NewThrottle(ChecksPerMinute, time.Minute), issuers: issuers}
}

// Register adds the routes and pages.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("verify", templatesFS, "templates"); err != nil {
		return err
	}
	m.kit.Router.Handle("GET", "/verificar", access.Public, m.page)
	m.kit.Router.Handle("GET", "/verificar/{csv}/documento", access.Public, m.download)
	m.kit.Router.Handle("GET", "/verificar/firma", access.Public, m.signaturePage)
	m.kit.Router.Handle("POST", "/verificar/firma", access.Public, m.signaturePost)
	return nil
}

var errTooMany = errs.New(errs.TooManyRequests, "Ha hecho demasiadas consultas seguidas desde su conexión. Espere un minuto y vuelva a intentarlo.")

// lookup finds the document with code, limiting how fast one address may
// try codes.
func (m *Module) lookup(r *http.Request, raw string) (csvdoc.Document, error) {
	if !m.throttle.Allow(auth.ClientIP(r), time.Now()) {
		return csvdoc.Document{}, errTooMany
	}
	code := csvdoc.Normalize(raw)
	if code == "" || len(code) > 64 {
		return csvdoc.Document{}, db.ErrNotFound
	}
	ctx := r.Context()
	d, err := csvdoc.Lookup(ctx, m.kit.DB, code)
	if !errors.Is(err, db.ErrNotFound) {
		return d, err
	}
	for _, is := range m.issuers {
		ok, ierr := is.IssueByCSV(ctx, code)
		if ierr != nil {
			return d, ierr
		}
		if ok {
			return csvdoc.Lookup(ctx, m.kit.DB, code)
		}
	}
	return d, err
}

// pageData is what the verification page shows.
type pageData struct {
	CSV        string
	Searched   bool
	Found      *csvdoc.Document
	EntityName string
	Size       string
}

func (m *Module) page(w http.ResponseWriter, r *http.Request) error {
	raw := strings.TrimSpace(r.URL.Query().Get("csv"))
	if len(raw) > 200 {
		raw = raw[:200]
	}
	d := &pageData{CSV: raw}
	p := &web.Page{Title: "Verificar un documento", Form: map[string]string{"csv": raw}, Data: d}
	if raw == "" {
		return m.kit.Page(w, r, "verify/verify", p)
	}
	d.Searched = true
	doc, err := m.lookup(r, raw)
	switch {
	case errors.Is(err, db.ErrNotFound):
		p.Title = "Documento no encontrado"
		return m.kit.Renderer.Render(w, r, http.StatusNotFound, "verify/verify", p)
	case err != nil:
		return err
	}
	d.Found, d.CSV, d.Size = &doc, doc.CSV, web.Thousands(int64(len(doc.Content)))+" bytes"
	if e, err := directory.EntityByID(r.Context(), m.kit.DB, doc.EntityID); err == nil {
		d.EntityName = e.Name
	}
	return m.kit.Page(w, r, "verify/verify", p)
}

func (m *Module) download(w http.ResponseWriter, r *http.Request) error {
	doc, err := m.lookup(r, r.PathValue("csv"))
	if err != nil {
		return err
	}
	name := doc.Filename
	if name == "" {
		name = "documento-" + doc.CSV
	}
	return web.SendFile(w, web.File{Name: name, ContentType: doc.ContentType, Content: doc.Content})
}
