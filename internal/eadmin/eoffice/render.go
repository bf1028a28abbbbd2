package eoffice

import (
	"html/template"
	"net/http"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/access"
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
	// ClaveTest says Cl@ve is the platform's Cl@ve de pruebas.
	ClaveTest bool
	// Status is the HTTP status of an error page.
	Status int
	// Portal is the address of the entity's portal web ("" = none known).
	Portal string
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
	p.Clave, p.ClaveTest = m.claveEnabled(), m.localClave()
	p.Cert = m.kit.Config.CertLogin()
	portal, err := portalOf(r.Context(), m.kit.DB, p.E)
	if err != nil {
		return err
	}
	p.Portal = portal
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

// publicRoute adds a public page of the sede whose errors are shown in the
// sede's own look.
func (m *Module) publicRoute(method, pattern string, h web.HandlerFunc) {
	m.kit.Router.Handle(method, pattern, access.Public, func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if err == nil {
			return nil
		}
		e, eerr := m.entity(r)
		if eerr != nil { // no such sede: the platform's page
			return err
		}
		status, msg := m.failure(r, err)
		c, _ := m.citizen(r, e.ID)
		p := &sedePage{Title: errorTitle(status), E: e, Citizen: c, Data: msg, Status: status}
		if rerr := m.render(w, r, status, "error", p); rerr != nil {
			return err
		}
		return nil
	})
}

// failure returns the status and Spanish message of a handler's error,
// logging the internal ones (as the platform's router does).
func (m *Module) failure(r *http.Request, err error) (int, string) {
	status, msg := web.StatusOf(err)
	if status >= 500 {
		m.kit.Log.ErrorContext(r.Context(), "error interno", "err", err.Error(), "path", r.URL.Path)
	}
	return status, msg
}

// errorTitle is the heading of a sede error page.
func errorTitle(status int) string {
	switch {
	case status == http.StatusNotFound:
		return "Página no encontrada"
	case status == http.StatusUnauthorized:
		return "Identificación necesaria"
	case status == http.StatusForbidden:
		return "Acceso no permitido"
	case status >= 500:
		return "Error interno"
	}
	return "No se ha podido completar"
}
