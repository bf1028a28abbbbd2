package adhesions

import (
	"context"
	"embed"
	"fmt"

	"concejo/internal/directory"
	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/trust"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the service catalogue and the entities' adhesions.
type Module struct {
	kit *kit.Kit
	// Trust holds the roots the signed documents are validated against;
	// nil is the embedded Spanish roots (trust.Embedded). Tests add theirs.
	Trust *trust.Store
}

// verifier validates the signatures of uploaded documents, checking
// revocation online where the provider can be reached.
func (m *Module) verifier() (*trust.Verifier, error) {
	store := m.Trust
	if store == nil {
		var err error
		if store, err = trust.Embedded(); err != nil {
			return nil, fmt.Errorf("adhesiones: certificados de confianza: %w", err)
		}
	}
	return trust.NewVerifier(store), nil
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("adhesions", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/servicios", access.SignedIn, m.cataloguePage)
	rt.Handle("GET", "/servicios/{code}", access.SignedIn, m.serviceShow)
	rt.Handle("POST", "/servicios/{code}/condiciones", access.SignedIn, m.publishConditionsPost)
	rt.Handle("POST", "/servicios/{code}/requisitos", access.SignedIn, m.replaceEligibilityPost)

	rt.Handle("GET", "/adhesiones", access.SignedIn, m.listPage)
	rt.Handle("GET", "/adhesiones.csv", access.SignedIn, m.listCSV)
	rt.Handle("GET", "/adhesiones/nueva", access.SignedIn, m.newForm)
	rt.Handle("POST", "/adhesiones", access.SignedIn, m.create)
	rt.Handle("GET", "/adhesiones/{id}", access.SignedIn, m.show)
	rt.Handle("GET", "/adhesiones/{id}/documento.pdf", access.SignedIn, m.downloadGenerated)
	rt.Handle("GET", "/adhesiones/{id}/firmado.pdf", access.SignedIn, m.downloadSigned)
	rt.Handle("POST", "/adhesiones/{id}/firmado", access.SignedIn, m.uploadPost)
	rt.Handle("POST", "/adhesiones/{id}/aprobar", access.SignedIn, m.approvePost)
	rt.Handle("POST", "/adhesiones/{id}/rechazar", access.SignedIn, m.rejectPost)
	rt.Handle("POST", "/adhesiones/{id}/finalizar", access.SignedIn, m.finishPost)
	rt.Handle("POST", "/adhesiones/{id}/anular", access.SignedIn, m.annulPost)

	m.kit.Renderer.AddMenu(
		web.MenuItem{Label: "Servicios", Href: "/servicios"},
		web.MenuItem{Label: "Adhesiones", Href: "/adhesiones", Visible: func(a *auth.Actor) bool {
			return a.IsDipStaff() || a.ManagesAnyEntity()
		}},
	)
	return nil
}

// ActiveServices returns the codes of the services entityID has an active adhesion to.
func (m *Module) ActiveServices(ctx context.Context, entityID string) ([]string, error) {
	return directory.ActiveServices(ctx, m.kit.DB, entityID)
}
