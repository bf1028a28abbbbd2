package users

import (
	"context"
	"embed"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Adhesions tells which services an entity has adhered to.
type Adhesions interface {
	ActiveServices(ctx context.Context, entityID string) ([]string, error)
}

// Module is central user management.
type Module struct {
	kit *kit.Kit
	adh Adhesions
}

// New returns the module.
func New(k *kit.Kit, adh Adhesions) *Module { return &Module{kit: k, adh: adh} }

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("users", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/usuarios", access.SignedIn, m.listPage)
	rt.Handle("GET", "/usuarios.csv", access.SignedIn, m.listCSV)
	rt.Handle("GET", "/usuarios/nuevo", access.SignedIn, m.newForm)
	rt.Handle("POST", "/usuarios", access.SignedIn, m.createPost)
	rt.Handle("GET", "/usuarios/{id}", access.SignedIn, m.show)
	rt.Handle("GET", "/usuarios/{id}/editar", access.SignedIn, m.editForm)
	rt.Handle("POST", "/usuarios/{id}", access.SignedIn, m.updatePost)
	rt.Handle("POST", "/usuarios/{id}/bloquear", access.SignedIn, m.blockPost)
	rt.Handle("POST", "/usuarios/{id}/desbloquear", access.SignedIn, m.unblockPost)
	rt.Handle("POST", "/usuarios/{id}/baja", access.SignedIn, m.removePost)
	rt.Handle("POST", "/usuarios/{id}/permisos", access.SignedIn, m.grantPost)
	rt.Handle("POST", "/usuarios/{id}/permisos/quitar", access.SignedIn, m.revokePost)
	rt.Handle("POST", "/usuarios/{id}/sesiones/cerrar", access.SignedIn, m.closeSessionsPost)
	rt.Handle("POST", "/usuarios/{id}/enlace-contrasena", access.SignedIn, m.sendLinkPost)
	rt.Handle("POST", "/usuarios/{id}/rol-global", access.SignedIn, m.globalRolePost)
	rt.Handle("POST", "/usuarios/invitaciones/{id}/cancelar", access.SignedIn, m.cancelPost)
	rt.Handle("GET", "/invitaciones", access.SignedIn, m.invitationsPage)
	rt.Handle("POST", "/invitaciones/{id}/aceptar", access.SignedIn, m.acceptPost)
	rt.Handle("POST", "/invitaciones/{id}/rechazar", access.SignedIn, m.declinePost)
	m.kit.Jobs.Every("usuarios.invitaciones_caducadas", time.Hour, func(ctx context.Context) error {
		_, err := m.expireInvitations(ctx, time.Now().UTC().Truncate(time.Second))
		return err
	})
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Usuarios", Href: "/usuarios", Visible: seesMenu})
	return nil
}
