package parties

import (
	"context"
	"embed"
	"time"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the screens of the register of terceros.
type Module struct {
	kit *kit.Kit
	// onMerge runs, in order, inside every merge's transaction.
	onMerge []MergeHook
}

// New returns the module; onMerge are the other modules' hooks that move
// their links when a tercero is merged into another.
func New(k *kit.Kit, onMerge ...MergeHook) *Module { return &Module{kit: k, onMerge: onMerge} }

// Register adds routes, pages and the menu entry.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("parties", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/terceros", PermOpen, m.listPage)
	rt.Handle("GET", "/terceros.csv", PermOpen, m.listCSV)
	rt.Handle("GET", "/terceros/nuevo", PermOpen, m.newForm)
	rt.Handle("POST", "/terceros", PermOpen, m.createPost)
	rt.Handle("GET", "/terceros/duplicados", PermOpen, m.duplicatesPage)
	rt.Handle("GET", "/terceros/{id}", PermOpen, m.show)
	rt.Handle("GET", "/terceros/{id}/editar", PermOpen, m.editForm)
	rt.Handle("POST", "/terceros/{id}", PermOpen, m.updatePost)
	rt.Handle("GET", "/terceros/{id}/domicilio", PermOpen, m.domicileForm)
	rt.Handle("POST", "/terceros/{id}/domicilio", PermOpen, m.domicilePost)
	rt.Handle("POST", "/terceros/{id}/cuentas", PermOpen, m.accountPost)
	rt.Handle("POST", "/terceros/{id}/cuentas/{cuenta}/quitar", PermOpen, m.accountRemovePost)
	rt.Handle("POST", "/terceros/{id}/representantes", PermOpen, m.representativePost)
	rt.Handle("POST", "/terceros/{id}/representantes/{rep}/quitar", PermOpen, m.representativeRemovePost)
	rt.Handle("GET", "/terceros/{id}/fusionar", PermOpen, m.mergeForm)
	rt.Handle("POST", "/terceros/{id}/fusionar", PermOpen, m.mergePost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Terceros", Href: "/terceros", Perm: PermRead})
	m.kit.Jobs.Every("terceros.duplicados", time.Minute, func(ctx context.Context) error { return checkAllDuplicates(ctx, m.kit.DB) })
	return nil
}
