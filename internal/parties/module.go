package parties

import (
	"embed"

	"concejo/internal/platform/access"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/territory"
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
	if err := m.kit.Renderer.AddPages("parties", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/terceros", access.SignedIn, m.listPage)
	rt.Handle("GET", "/terceros.csv", access.SignedIn, m.listCSV)
	rt.Handle("GET", "/terceros/nuevo", access.SignedIn, m.newForm)
	rt.Handle("POST", "/terceros", access.SignedIn, m.createPost)
	rt.Handle("GET", "/terceros/duplicados", access.SignedIn, m.duplicatesPage)
	rt.Handle("GET", "/terceros/{id}", access.SignedIn, m.show)
	rt.Handle("GET", "/terceros/{id}/editar", access.SignedIn, m.editForm)
	rt.Handle("POST", "/terceros/{id}", access.SignedIn, m.updatePost)
	rt.Handle("GET", "/terceros/{id}/domicilio", access.SignedIn, m.domicileForm)
	rt.Handle("POST", "/terceros/{id}/domicilio", access.SignedIn, m.domicilePost)
	rt.Handle("POST", "/terceros/{id}/cuentas", access.SignedIn, m.accountPost)
	rt.Handle("POST", "/terceros/{id}/cuentas/{cuenta}/quitar", access.SignedIn, m.accountRemovePost)
	rt.Handle("POST", "/terceros/{id}/representantes", access.SignedIn, m.representativePost)
	rt.Handle("POST", "/terceros/{id}/representantes/{rep}/quitar", access.SignedIn, m.representativeRemovePost)
	rt.Handle("GET", "/terceros/{id}/fusionar", access.SignedIn, m.mergeForm)
	rt.Handle("POST", "/terceros/{id}/fusionar", access.SignedIn, m.mergePost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Terceros", Href: "/terceros", Visible: territory.SeesMenu})
	return nil
}
