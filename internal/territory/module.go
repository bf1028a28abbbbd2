package territory

import (
	"embed"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the callejero's screens.
type Module struct{ kit *kit.Kit }

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// Register adds routes, pages and the menu entry.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("territory", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/callejero", web.SignedIn, m.overview)
	rt.Handle("POST", "/callejero/nucleos", web.SignedIn, m.nucleusPost)
	rt.Handle("POST", "/callejero/secciones", web.SignedIn, m.sectionPost)
	rt.Handle("GET", "/callejero/vias", web.SignedIn, m.streetList)
	rt.Handle("GET", "/callejero/vias.csv", web.SignedIn, m.streetCSV)
	rt.Handle("GET", "/callejero/vias/nueva", web.SignedIn, m.streetNew)
	rt.Handle("POST", "/callejero/vias", web.SignedIn, m.streetPost)
	rt.Handle("GET", "/callejero/vias/{id}", web.SignedIn, m.streetShow)
	rt.Handle("POST", "/callejero/vias/{id}/renombrar", web.SignedIn, m.renamePost)
	rt.Handle("POST", "/callejero/vias/{id}/portales", web.SignedIn, m.portalPost)
	rt.Handle("GET", "/callejero/portales/{id}", web.SignedIn, m.portalShow)
	rt.Handle("POST", "/callejero/portales/{id}/viviendas", web.SignedIn, m.dwellingPost)
	rt.Handle("GET", "/callejero/viviendas", web.SignedIn, m.dwellingSearch)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Callejero", Href: "/callejero", Visible: SeesMenu})
	return nil
}
