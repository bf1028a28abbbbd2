package adhesions

import (
	"context"
	"embed"

	"concejo/internal/core/directory"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the service catalogue and the entities' adhesions.
type Module struct {
	kit *kit.Kit
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("adhesions", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/servicios", PermCatalogue, m.cataloguePage)
	rt.Handle("GET", "/servicios/{code}", PermCatalogue, m.serviceShow)
	rt.Handle("POST", "/servicios/{code}/condiciones", PermConfigure, m.publishConditionsPost)
	rt.Handle("POST", "/servicios/{code}/requisitos", PermConfigure, m.replaceEligibilityPost)

	rt.Handle("GET", "/adhesiones", PermRead, m.listPage)
	rt.Handle("GET", "/adhesiones.csv", PermRead, m.listCSV)
	rt.Handle("GET", "/adhesiones/nueva", PermRequest, m.newForm)
	rt.Handle("POST", "/adhesiones", PermRequest, m.create)
	// An adhesion one does not see is not found, whatever one asks of it:
	// the routes of one adhesion need PermRead, and each step then asks
	// for its own permission in the adhesion's entity.
	rt.Handle("GET", "/adhesiones/{id}", PermRead, m.show)
	rt.Handle("GET", "/adhesiones/{id}/documento.pdf", PermRead, m.downloadGenerated)
	rt.Handle("GET", "/adhesiones/{id}/firmado.pdf", PermRead, m.downloadSigned)
	rt.Handle("POST", "/adhesiones/{id}/firmado", PermRead, m.uploadPost)
	rt.Handle("POST", "/adhesiones/{id}/aprobar", PermRead, m.approvePost)
	rt.Handle("POST", "/adhesiones/{id}/rechazar", PermRead, m.rejectPost)
	rt.Handle("POST", "/adhesiones/{id}/finalizar", PermRead, m.finishPost)
	rt.Handle("POST", "/adhesiones/{id}/anular", PermRead, m.annulPost)

	m.kit.Renderer.AddMenu(
		web.MenuItem{Label: "Servicios", Href: "/servicios", Perm: PermCatalogue},
		web.MenuItem{Label: "Adhesiones", Href: "/adhesiones", Perm: PermTrack},
	)
	m.kit.AddWaiting(m.waiting)
	return nil
}

// ActiveServices returns the codes of the services entityID has an active adhesion to.
func (m *Module) ActiveServices(ctx context.Context, entityID string) ([]string, error) {
	return directory.ActiveServices(ctx, m.kit.DB, entityID)
}
