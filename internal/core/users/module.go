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
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("users", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	// A user or an entity one does not read is not found, whatever one
	// asks of it: the routes of user management need PermRead, and the
	// module then asks for PermManage or PermAccounts where it decides.
	rt.Handle("GET", "/usuarios", PermRead, m.listPage)
	rt.Handle("GET", "/usuarios.csv", PermRead, m.listCSV)
	rt.Handle("GET", "/usuarios/nuevo", PermRead, m.newForm)
	rt.Handle("POST", "/usuarios", PermRead, m.createPost)
	rt.Handle("GET", "/usuarios/{id}", PermRead, m.show)
	rt.Handle("GET", "/usuarios/{id}/editar", PermRead, m.editForm)
	rt.Handle("POST", "/usuarios/{id}", PermRead, m.updatePost)
	rt.Handle("POST", "/usuarios/{id}/bloquear", PermRead, m.blockPost)
	rt.Handle("POST", "/usuarios/{id}/desbloquear", PermRead, m.unblockPost)
	rt.Handle("POST", "/usuarios/{id}/baja", PermRead, m.removePost)
	rt.Handle("POST", "/usuarios/{id}/permisos", PermRead, m.grantPost)
	rt.Handle("POST", "/usuarios/{id}/permisos/quitar", PermRead, m.revokePost)
	rt.Handle("POST", "/usuarios/{id}/sesiones/cerrar", PermRead, m.closeSessionsPost)
	rt.Handle("POST", "/usuarios/{id}/enlace-contrasena", PermRead, m.sendLinkPost)
	rt.Handle("POST", "/usuarios/{id}/rol-global", PermRead, m.globalRolePost)
	rt.Handle("POST", "/usuarios/invitaciones/{id}/cancelar", PermRead, m.cancelPost)
	rt.Handle("GET", "/invitaciones", PermInvitations, m.invitationsPage)
	rt.Handle("POST", "/invitaciones/{id}/aceptar", PermInvitations, m.acceptPost)
	rt.Handle("POST", "/invitaciones/{id}/rechazar", PermInvitations, m.declinePost)
	m.kit.Jobs.Every("usuarios.invitaciones_caducadas", time.Hour, func(ctx context.Context) error {
		_, err := m.expireInvitations(ctx, time.Now().UTC().Truncate(time.Second))
		return err
	})
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Usuarios", Href: "/usuarios", Perm: PermRead})
	return nil
}
