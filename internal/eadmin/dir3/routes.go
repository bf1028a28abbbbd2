package dir3

import "concejo/internal/platform/web"

// Register declares the module's permissions and registers its pages and
// menu entry.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("dir3", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/dir3", PermRead, m.searchPage)
	rt.Handle("GET", "/dir3/unidades/{code}", PermRead, m.unitPage)
	rt.Handle("GET", "/dir3/oficinas/{code}", PermRead, m.officePage)
	rt.Handle("GET", "/dir3/importaciones", PermImport, m.importsPage)
	rt.Handle("POST", "/dir3/importaciones", PermImport, m.importPost)
	rt.Handle("GET", "/dir3/importaciones/{id}", PermImport, m.importPage)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Directorio DIR3", Href: "/dir3", Perm: PermRead})
	return nil
}
