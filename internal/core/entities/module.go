package entities

import (
	"embed"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the register of local entities.
type Module struct{ kit *kit.Kit }

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("entities", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/entidades", PermRead, m.listPage)
	rt.Handle("GET", "/entidades.csv", PermRead, m.listCSV)
	rt.Handle("GET", "/entidades/nueva", PermManage, m.newForm)
	rt.Handle("POST", "/entidades", PermManage, m.createPost)
	// An entity one does not see is not found, whatever one asks of it:
	// the routes of one entity need PermRead, and the handler then asks
	// for PermContact or PermManage in it.
	rt.Handle("GET", "/entidades/{id}", PermRead, m.show)
	rt.Handle("GET", "/entidades/{id}/editar", PermRead, m.editForm)
	rt.Handle("POST", "/entidades/{id}", PermRead, m.updatePost)
	rt.Handle("POST", "/entidades/{id}/miembros", PermRead, m.addMemberPost)
	rt.Handle("POST", "/entidades/{id}/miembros/{miembro}/quitar", PermRead, m.removeMemberPost)
	rt.Handle("POST", "/entidades/{id}/baja", PermRead, m.deactivatePost)
	rt.Handle("POST", "/entidades/{id}/alta", PermRead, m.reactivatePost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Entidades", Href: "/entidades", Perm: PermBrowse})
	return nil
}
