package decrees

import "concejo/internal/platform/web"

// Register declares the module's permissions and registers its pages and
// menu entry. Resolutions are looked up in the actor's current entity after
// the gate (one of another entity is a 404).
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("decrees", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/resoluciones", PermRead, m.listPage)
	rt.Handle("GET", "/resoluciones/indice", PermRead, m.exportIndex)
	rt.Handle("GET", "/resoluciones/libro.pdf", PermRead, m.bookPDF)
	rt.Handle("GET", "/resoluciones/nueva", PermDraft, m.newForm)
	rt.Handle("POST", "/resoluciones", PermDraft, m.createPost)
	rt.Handle("GET", "/resoluciones/{id}", PermRead, m.showPage)
	rt.Handle("GET", "/resoluciones/{id}/documento.pdf", PermRead, m.documentPDF)
	rt.Handle("GET", "/resoluciones/{id}/editar", PermDraft, m.editForm)
	rt.Handle("POST", "/resoluciones/{id}/editar", PermDraft, m.editPost)
	rt.Handle("POST", "/resoluciones/{id}/borrar", PermDraft, m.deletePost)
	rt.Handle("POST", "/resoluciones/{id}/firmar", PermSign, m.signPost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Resoluciones", Href: "/resoluciones", Perm: PermRead})
	return nil
}
