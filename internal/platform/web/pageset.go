package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// partials are the templates every page of every site may use: form fields,
// pagination, breadcrumbs and the error summary.
var partials = []string{"templates/fields.html", "templates/parts.html"}

// Pages is the one way a page is rendered, for the platform and for both
// public sites (sede and portal): each page is parsed together with the
// shared partials, its site's layout and the template helpers (Funcs and the
// site's own). Only the layout differs between sites.
type Pages struct {
	layoutFS fs.FS
	layout   string
	funcs    template.FuncMap
	pages    map[string]*template.Template
}

// NewPages returns an empty set of pages laid out by the file layout of
// fsys (named layout.html, which runs the page's "content"), with funcs
// besides Funcs.
func NewPages(fsys fs.FS, layout string, funcs template.FuncMap) *Pages {
	return &Pages{layoutFS: fsys, layout: layout, funcs: funcs, pages: map[string]*template.Template{}}
}

// Add parses every *.html under dir of fsys but the layout as the page
// prefix<file name without .html>.
func (ps *Pages) Add(prefix string, fsys fs.FS, dir string) error {
	files, err := fs.Glob(fsys, dir+"/*.html")
	if err != nil {
		return fmt.Errorf("páginas de %s: %w", dir, err)
	}
	for _, f := range files {
		name := path.Base(f)
		if name == path.Base(ps.layout) {
			continue
		}
		t := template.New(path.Base(ps.layout)).Funcs(Funcs).Funcs(ps.funcs)
		if _, err := t.ParseFS(layoutFS, partials...); err != nil {
			return fmt.Errorf("plantillas comunes: %w", err)
		}
		if _, err := t.ParseFS(ps.layoutFS, ps.layout); err != nil {
			return fmt.Errorf("%s: %w", ps.layout, err)
		}
		if _, err := t.ParseFS(fsys, f); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		ps.pages[prefix+strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

// Has reports whether the page name was added.
func (ps *Pages) Has(name string) bool { _, ok := ps.pages[name]; return ok }

// Execute returns page name run with data.
func (ps *Pages) Execute(name string, data any) ([]byte, error) {
	t, ok := ps.pages[name]
	if !ok {
		return nil, fmt.Errorf("página %q no registrada", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("página %q: %w", name, err)
	}
	return buf.Bytes(), nil
}

// WriteHTML writes body, an HTML page, with status.
func WriteHTML(w http.ResponseWriter, status int, body []byte) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// FormValues returns the first value of each field the request posted, to
// show a form again as it was sent; passwords are never sent back. It is
// nil when the request posted no form.
func FormValues(r *http.Request) map[string]string {
	if r.PostForm == nil {
		return nil
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 && !strings.Contains(strings.ToLower(k), "password") && !strings.Contains(k, "contrasena") {
			form[k] = v[0]
		}
	}
	return form
}
