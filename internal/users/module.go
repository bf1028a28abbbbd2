package users

import (
	"context"
	"embed"
	"time"

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
	rt.Handle("GET", "/usuarios", web.SignedIn, m.listPage)
	rt.Handle("GET", "/usuarios.csv", web.SignedIn, m.listCSV)
	rt.Handle("GET", "/usuarios/nuevo", web.SignedIn, m.newForm)
	rt.Handle("POST", "/usuarios", web.SignedIn, m.createPost)
	rt.Handle("GET", "/usuarios/{id}", web.SignedIn, m.show)
	rt.Handle("GET", "/usuarios/{id}/editar", web.SignedIn, m.editForm)
	rt.Handle("POST", "/usuarios/{id}", web.SignedIn, m.updatePost)
	rt.Handle("POST", "/usuarios/{id}/bloquear", web.SignedIn, m.blockPost)
	rt.Handle("POST", "/usuarios/{id}/desbloquear", web.SignedIn, m.unblockPost)
	rt.Handle("POST", "/usuarios/{id}/baja", web.SignedIn, m.removePost)
	rt.Handle("POST", "/usuarios/{id}/permisos", web.SignedIn, m.grantPost)
	rt.Handle("POST", "/usuarios/{id}/permisos/quitar", web.SignedIn, m.revokePost)
	rt.Handle("POST", "/usuarios/{id}/sesiones/cerrar", web.SignedIn, m.closeSessionsPost)
	rt.Handle("POST", "/usuarios/{id}/enlace-contrasena", web.SignedIn, m.sendLinkPost)
	rt.Handle("POST", "/usuarios/{id}/rol-global", web.SignedIn, m.globalRolePost)
	rt.Handle("POST", "/usuarios/invitaciones/{id}/cancelar", web.SignedIn, m.cancelPost)
	rt.Handle("GET", "/invitaciones", web.SignedIn, m.invitationsPage)
	rt.Handle("POST", "/invitaciones/{id}/aceptar", web.SignedIn, m.acceptPost)
	rt.Handle("POST", "/invitaciones/{id}/rechazar", web.SignedIn, m.declinePost)
	m.kit.Jobs.Every("usuarios.invitaciones_caducadas", time.Hour, func(ctx context.Context) error {
		_, err := m.expireInvitations(ctx, time.Now().UTC().Truncate(time.Second))
		return err
	})
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Usuarios", Href: "/usuarios", Visible: seesMenu})
	return nil
}
