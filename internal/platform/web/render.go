package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/phrase"
)

//go:embed templates/*.html
var layoutFS embed.FS

// Crumb is one step of the breadcrumbs.
type Crumb struct{ Label, Href string }

// MenuItem is an entry of the main navigation that a module contributes.
type MenuItem struct {
	Label string
	Href  string
	// Perm is the permission of the page it leads to: the entry shows to
	// who would pass that page's gate.
	Perm    access.Permission
	Current bool
}

// Page is what every template receives.
type Page struct {
	Title  string
	Actor  *auth.Actor
	Menu   []MenuItem
	Flash  string
	Crumbs []Crumb
	Errors errs.Fields
	Form   map[string]string
	Data   any
	Path   string
	Status int
	Year   int
	// DemoLoading says that the demo data of this page's module are still
	// loading: the layout tells so above the content.
	DemoLoading bool
}

// Value returns the submitted value of a form field, for re-rendering forms.
func (p *Page) Value(name string) string { return p.Form[name] }

// Renderer renders the platform's pages: each module page is parsed
// together with the platform's layout.
type Renderer struct {
	pages *Pages
	menu  []MenuItem
	// Access decides the menu entries an actor sees (set by the app).
	Access *access.Catalogue
	// PopFlash returns and clears the session's one-time message (set by the app).
	PopFlash func(r *http.Request) string
	// DemoLoading, set by the app while the demo loads behind, says
	// whether the pages under a path still wait for their demo data.
	DemoLoading func(path string) bool
}

// Funcs are the template helpers available in every page.
var Funcs = template.FuncMap{
	"fecha":     Date,
	"fechahora": DateTime,
	"miles":     func(n any) string { return Thousands(toInt64(n)) },
	"lower":     strings.ToLower,
	"hoy":       func() time.Time { return time.Now() },
	"add":       func(a, b int) int { return a + b },
	// An entity's name in a sentence (package phrase): {{de .Name}} is
	// "del Ayuntamiento de Cáceres", {{a .Name}} "al …", {{el .Name}} "el …".
	"de": phrase.Of,
	"a":  phrase.To,
	"el": phrase.The,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	}
	return 0
}

// NewRenderer returns an empty renderer.
func NewRenderer() *Renderer {
	return &Renderer{pages: NewPages(layoutFS, "templates/layout.html", nil)}
}

// shows reports whether a sees the menu entry m.
func (rd *Renderer) shows(r *http.Request, a *auth.Actor, m MenuItem) bool {
	return m.Perm == "" || rd.Access.Gate(r.Context(), a, m.Perm) == nil
}

// AddMenu appends main navigation entries.
func (rd *Renderer) AddMenu(items ...MenuItem) { rd.menu = append(rd.menu, items...) }

// AddPages parses every *.html under dir of fsys as a page named
// prefix/<file name without .html>, each with the common layout.
func (rd *Renderer) AddPages(prefix string, fsys fs.FS, dir string) error {
	return rd.pages.Add(prefix+"/", fsys, dir)
}

// HasPage reports whether name was added.
func (rd *Renderer) HasPage(name string) bool { return rd.pages.Has(name) }

// Render writes page name with status; p.Actor, menu and flash are filled here.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	rd.fill(r, p, status)
	body, err := rd.pages.Execute(name, p)
	if err != nil {
		return err
	}
	return WriteHTML(w, status, body)
}

func (rd *Renderer) fill(r *http.Request, p *Page, status int) {
	p.Actor = auth.FromContext(r.Context())
	p.Path = r.URL.Path
	p.Status = status
	p.Year = time.Now().In(Madrid).Year()
	if p.Form == nil {
		p.Form = FormValues(r)
	}
	if p.Actor == nil {
		return
	}
	if rd.DemoLoading != nil {
		p.DemoLoading = rd.DemoLoading(p.Path)
	}
	if rd.PopFlash != nil && p.Flash == "" {
		p.Flash = rd.PopFlash(r)
	}
	if p.Actor.NeedsMFASetup() || (p.Actor.TOTPEnabled && !p.Actor.MFADone) {
		return
	}
	for _, m := range rd.menu {
		if rd.shows(r, p.Actor, m) {
			m.Current = m.Href == p.Path || (m.Href != "/" && strings.HasPrefix(p.Path, m.Href+"/"))
			p.Menu = append(p.Menu, m)
		}
	}
}
