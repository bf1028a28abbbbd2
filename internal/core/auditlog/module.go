package auditlog

import (
	"embed"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the reading of the audit log (registro de auditoría).
type Module struct{ kit *kit.Kit }

// New returns the module.
func New(k *kit.Kit) *Module { return &Module{kit: k} }

// Register adds routes, pages and menu entries.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("auditlog", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/auditoria", PermRead, m.listPage)
	rt.Handle("GET", "/auditoria/verificar", PermVerify, m.verifyPage)
	rt.Handle("GET", "/auditoria/{seq}", PermRead, m.showPage)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Auditoría", Href: "/auditoria", Perm: PermRead})
	return nil
}
