package territory

import (
	"embed"

	"concejo/internal/platform/access"
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
	rt.Handle("GET", "/callejero", access.SignedIn, m.overview)
	rt.Handle("POST", "/callejero/nucleos", access.SignedIn, m.nucleusPost)
	rt.Handle("POST", "/callejero/secciones", access.SignedIn, m.sectionPost)
	rt.Handle("GET", "/callejero/vias", access.SignedIn, m.streetList)
	rt.Handle("GET", "/callejero/vias.csv", access.SignedIn, m.streetCSV)
	rt.Handle("GET", "/callejero/vias/nueva", access.SignedIn, m.streetNew)
	rt.Handle("POST", "/callejero/vias", access.SignedIn, m.streetPost)
	rt.Handle("GET", "/callejero/vias/{id}", access.SignedIn, m.streetShow)
	rt.Handle("POST", "/callejero/vias/{id}/renombrar", access.SignedIn, m.renamePost)
	rt.Handle("POST", "/callejero/vias/{id}/portales", access.SignedIn, m.portalPost)
	rt.Handle("GET", "/callejero/portales/{id}", access.SignedIn, m.portalShow)
	rt.Handle("POST", "/callejero/portales/{id}/viviendas", access.SignedIn, m.dwellingPost)
	rt.Handle("GET", "/callejero/viviendas", access.SignedIn, m.dwellingSearch)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Callejero", Href: "/callejero", Visible: SeesMenu})
	return nil
}
