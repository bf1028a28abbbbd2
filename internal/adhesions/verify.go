package adhesions

import (
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/web"
)

// verifyData is what the public verification page shows.
type verifyData struct {
	CSV      string
	Searched bool
	Found    *Adhesion
	Title    string
	// HasPDF says whether the platform keeps the document to download.
	HasPDF bool
}

// normalizeCSV accepts a code as people type it: any case, with spaces or
// dashes, and the letters Crockford base32 reads as digits.
func normalizeCSV(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r == 'O':
			b.WriteRune('0')
		case r == 'I' || r == 'L':
			b.WriteRune('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var errTooManyLookups = web.NewError(http.StatusTooManyRequests,
	"Ha hecho demasiadas consultas seguidas desde su conexión. Espere un minuto y vuelva a intentarlo.")

// lookupCSV finds the adhesion whose document carries csv, limiting how
// fast one address may try codes.
func (m *Module) lookupCSV(r *http.Request, raw string) (Adhesion, error) {
	if !m.verifyThrottle.Allow(auth.ClientIP(r), time.Now()) {
		return Adhesion{}, errTooManyLookups
	}
	code := normalizeCSV(raw)
	if code == "" || len(code) > 64 {
		return Adhesion{}, web.ErrNotFound
	}
	return adhesionByCSV(r.Context(), m.kit.DB, code)
}

func (m *Module) verifyPage(w http.ResponseWriter, r *http.Request) error {
	raw := strings.TrimSpace(r.URL.Query().Get("csv"))
	p := &web.Page{Title: "Verificar un documento", Form: map[string]string{"csv": raw}}
	d := verifyData{CSV: raw, Title: DocumentTitle}
	p.Data = &d
	if raw == "" {
		return m.kit.Page(w, r, "adhesions/verify", p)
	}
	d.Searched = true
	ad, err := m.lookupCSV(r, raw)
	switch {
	case isNotFound(err) || err == web.ErrNotFound:
		p.Title = "Documento no encontrado"
		return m.kit.Renderer.Render(w, r, http.StatusNotFound, "adhesions/verify", p)
	case err != nil:
		return err
	}
	d.Found, d.CSV = &ad, ad.CSV
	docs, err := documentKinds(r.Context(), m.kit.DB, ad.EntityID, ad.ID)
	if err != nil {
		return err
	}
	_, d.HasPDF = docs["generado"]
	return m.kit.Page(w, r, "adhesions/verify", p)
}

func (m *Module) verifyDocument(w http.ResponseWriter, r *http.Request) error {
	ad, err := m.lookupCSV(r, r.PathValue("csv"))
	if err != nil {
		return err
	}
	doc, err := loadDocument(r.Context(), m.kit.DB, ad.EntityID, ad.ID, "generado")
	if err != nil {
		return err
	}
	return sendPDF(w, doc)
}
