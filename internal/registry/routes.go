package registry

import (
	"concejo/internal/platform/auth"
	"concejo/internal/platform/web"
)

// Routes registers the module's pages, routes and menu entry. (Register is
// the Go API that makes asientos.)
func (m *Module) Routes() error {
	if err := m.kit.Renderer.AddPages("registry", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/registro", web.SignedIn, m.listPage)
	rt.Handle("GET", "/registro/exportar", web.SignedIn, m.exportList)
	rt.Handle("GET", "/registro/nuevo", web.SignedIn, m.newForm)
	rt.Handle("POST", "/registro", web.SignedIn, m.createPost)
	rt.Handle("GET", "/registro/pendientes", web.SignedIn, m.pendingPage)
	rt.Handle("GET", "/registro/libros", web.SignedIn, m.booksPage)
	rt.Handle("GET", "/registro/asientos/{id}", web.SignedIn, m.showPage)
	rt.Handle("GET", "/registro/asientos/{id}/justificante.pdf", web.SignedIn, m.receiptPDF)
	rt.Handle("GET", "/registro/asientos/{id}/documentos/{pos}", web.SignedIn, m.documentDownload)
	rt.Handle("POST", "/registro/asientos/{id}/anotaciones", web.SignedIn, m.annotatePost)
	rt.Handle("POST", "/registro/asientos/{id}/distribuir", web.SignedIn, m.distributePost)
	rt.Handle("POST", "/registro/asientos/{id}/aceptar", web.SignedIn, m.decidePost("aceptar"))
	rt.Handle("POST", "/registro/asientos/{id}/rechazar", web.SignedIn, m.decidePost("rechazar"))
	rt.Handle("POST", "/registro/asientos/{id}/reenviar", web.SignedIn, m.decidePost("reenviar"))
	rt.Handle("GET", "/registro/unidades", web.SignedIn, m.unitsPage)
	rt.Handle("POST", "/registro/unidades", web.SignedIn, m.unitCreatePost)
	rt.Handle("GET", "/registro/unidades/{id}", web.SignedIn, m.unitPage)
	rt.Handle("POST", "/registro/unidades/{id}/miembros", web.SignedIn, m.unitMemberPost(true))
	rt.Handle("POST", "/registro/unidades/{id}/miembros/quitar", web.SignedIn, m.unitMemberPost(false))
	rt.Handle("POST", "/registro/unidades/{id}/baja", web.SignedIn, m.unitActivePost(false))
	rt.Handle("POST", "/registro/unidades/{id}/alta", web.SignedIn, m.unitActivePost(true))
	m.sirRoutes()
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Registro", Href: "/registro", Visible: func(a *auth.Actor) bool {
		return a.HasGrant(Service)
	}})
	return nil
}

// sirRoutes registers the SIR interchange routes.
func (m *Module) sirRoutes() {
	rt := m.kit.Router
	rt.Handle("POST", "/registro/asientos/{id}/sir", web.SignedIn, m.sendSIRPost)
	rt.Handle("GET", "/registro/sir", web.SignedIn, m.sirListPage)
	rt.Handle("POST", "/registro/sir", web.SignedIn, m.sirImportPost)
	rt.Handle("GET", "/registro/sir/{id}", web.SignedIn, m.sirPage)
	rt.Handle("GET", "/registro/sir/{id}/fichero.xml", web.SignedIn, m.sirFile)
	rt.Handle("GET", "/registro/sir/{id}/rechazo.xml", web.SignedIn, m.sirRejection)
	rt.Handle("GET", "/registro/sir/{id}/mensaje.xml", web.SignedIn, m.sirMessage)
	rt.Handle("POST", "/registro/sir/{id}/aceptar", web.SignedIn, m.sirAcceptPost)
	rt.Handle("POST", "/registro/sir/{id}/rechazar", web.SignedIn, m.sirRejectPost)
}
