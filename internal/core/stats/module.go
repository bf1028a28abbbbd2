package stats

import (
	"embed"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the statistics of entities and adhesions (estadísticas).
type Module struct{ kit *kit.Kit }

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("stats", templatesFS, "templates"); err != nil {
		return err
	}
	m.kit.Router.Handle("GET", "/estadisticas", PermRead, m.page)
	m.kit.Router.Handle("GET", "/estadisticas/servicios.csv", PermRead, m.servicesCSV)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Estadísticas", Href: "/estadisticas", Perm: PermRead})
	return nil
}
