package eoffice

import (
	"html/template"
	"net/http"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// sedePage is what every public sede template receives.
type sedePage struct {
	Title   string
	E       directory.Entity
	Root    string
	Home    string
	URL     string
	Section string
	Citizen *Citizen
	Now     time.Time
	Crumbs  []web.Crumb
	Errors  errs.Fields
	Form    map[string]string
	Flash   string
	Data    any
	Clave   bool
	Cert    bool
}

// Value returns a submitted or prefilled form value.
func (p *sedePage) Value(name string) string { return p.Form[name] }

// newSedeRenderer returns the public pages of the sede, laid out by the sede's
// own layout (the entity, not the platform, is the owner shown to citizens).
func newSedeRenderer() (*web.Pages, error) {
	ps := web.NewPages(sedeFS, "sede/layout.html", template.FuncMap{
		"hora": func(t time.Time) string { return t.In(web.Madrid).Format("15:04") },
	})
	if err := ps.Add("", sedeFS, "sede"); err != nil {
		return nil, err
	}
	return ps, nil
}

// render writes the sede page name with status.
func (m *Module) render(w http.ResponseWriter, r *http.Request, status int, name string, p *sedePage) error {
	p.Root = rootOf(r, p.E)
	p.Home = homeOf(r, p.E)
	p.URL = m.PublicBase(p.E)
	p.Now = m.now()
	p.Clave = m.claveEnabled()
	p.Cert = m.kit.Config.CertLogin()
	if p.Form == nil {
		p.Form = web.FormValues(r)
	}
	body, err := m.pages.Execute(name, p)
	if err != nil {
		return err
	}
	// Pages show the official time and, once identified, personal data.
	w.Header().Set("Cache-Control", "no-store")
	return web.WriteHTML(w, status, body)
}
