package entities

import (
	"embed"

	"concejo/internal/platform/access"
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
	if err := m.kit.Renderer.AddPages("entities", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/entidades", access.SignedIn, m.listPage)
	rt.Handle("GET", "/entidades.csv", access.SignedIn, m.listCSV)
	rt.Handle("GET", "/entidades/nueva", access.SignedIn, m.newForm)
	rt.Handle("POST", "/entidades", access.SignedIn, m.createPost)
	rt.Handle("GET", "/entidades/{id}", access.SignedIn, m.show)
	rt.Handle("GET", "/entidades/{id}/editar", access.SignedIn, m.editForm)
	rt.Handle("POST", "/entidades/{id}", access.SignedIn, m.updatePost)
	rt.Handle("POST", "/entidades/{id}/miembros", access.SignedIn, m.addMemberPost)
	rt.Handle("POST", "/entidades/{id}/miembros/{miembro}/quitar", access.SignedIn, m.removeMemberPost)
	rt.Handle("POST", "/entidades/{id}/baja", access.SignedIn, m.deactivatePost)
	rt.Handle("POST", "/entidades/{id}/alta", access.SignedIn, m.reactivatePost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Entidades", Href: "/entidades", Visible: sees})
	return nil
}
