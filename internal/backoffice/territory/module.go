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
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("territory", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/callejero", PermOpen, m.overview)
	rt.Handle("POST", "/callejero/nucleos", PermOpen, m.nucleusPost)
	rt.Handle("POST", "/callejero/secciones", PermOpen, m.sectionPost)
	rt.Handle("GET", "/callejero/vias", PermOpen, m.streetList)
	rt.Handle("GET", "/callejero/vias.csv", PermOpen, m.streetCSV)
	rt.Handle("GET", "/callejero/vias/nueva", PermOpen, m.streetNew)
	rt.Handle("POST", "/callejero/vias", PermOpen, m.streetPost)
	rt.Handle("GET", "/callejero/vias/{id}", PermOpen, m.streetShow)
	rt.Handle("POST", "/callejero/vias/{id}/renombrar", PermOpen, m.renamePost)
	rt.Handle("POST", "/callejero/vias/{id}/portales", PermOpen, m.portalPost)
	rt.Handle("GET", "/callejero/portales/{id}", PermOpen, m.portalShow)
	rt.Handle("POST", "/callejero/portales/{id}/viviendas", PermOpen, m.dwellingPost)
	rt.Handle("GET", "/callejero/viviendas", PermOpen, m.dwellingSearch)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Callejero", Href: "/callejero", Perm: PermRead})
	return nil
}
