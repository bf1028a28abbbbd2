package eoffice

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// sedePage is what every public sede template receives.
type sedePage struct {
	Title   string
	E       Entity
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

// sedeRenderer renders the public pages with the sede's own layout (the
// entity, not the platform, is the owner shown to citizens).
type sedeRenderer struct{ pages map[string]*template.Template }

func newSedeRenderer() (*sedeRenderer, error) {
	files, err := fs.Glob(sedeFS, "sede/*.html")
	if err != nil {
		return nil, err
	}
	rd := &sedeRenderer{pages: map[string]*template.Template{}}
	for _, f := range files {
		if path.Base(f) == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(web.Funcs).Funcs(template.FuncMap{
			"hora": func(t time.Time) string { return t.In(web.Madrid).Format("15:04") },
		}).ParseFS(sedeFS, "sede/layout.html", f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		rd.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return rd, nil
}

// render writes the sede page name with status.
func (m *Module) render(w http.ResponseWriter, r *http.Request, status int, name string, p *sedePage) error {
	t, ok := m.pages.pages[name]
	if !ok {
		return fmt.Errorf("página de sede %q no registrada", name)
	}
	p.Root = rootOf(r, p.E)
	p.Home = homeOf(r, p.E)
	p.URL = m.PublicBase(p.E)
	p.Now = m.now()
	p.Clave = m.claveEnabled()
	p.Cert = m.kit.Config.CertLogin()
	if p.Form == nil && r.PostForm != nil {
		p.Form = map[string]string{}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				p.Form[k] = v[0]
			}
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show the official time and, once identified, personal data.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
