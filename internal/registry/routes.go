package registry

import (
	"concejo/internal/platform/access"
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
	rt.Handle("GET", "/registro", access.SignedIn, m.listPage)
	rt.Handle("GET", "/registro/exportar", access.SignedIn, m.exportList)
	rt.Handle("GET", "/registro/nuevo", access.SignedIn, m.newForm)
	rt.Handle("POST", "/registro", access.SignedIn, m.createPost)
	rt.Handle("GET", "/registro/pendientes", access.SignedIn, m.pendingPage)
	rt.Handle("GET", "/registro/libros", access.SignedIn, m.booksPage)
	rt.Handle("GET", "/registro/asientos/{id}", access.SignedIn, m.showPage)
	rt.Handle("GET", "/registro/asientos/{id}/justificante.pdf", access.SignedIn, m.receiptPDF)
	rt.Handle("GET", "/registro/asientos/{id}/documentos/{pos}", access.SignedIn, m.documentDownload)
	rt.Handle("POST", "/registro/asientos/{id}/anotaciones", access.SignedIn, m.annotatePost)
	rt.Handle("POST", "/registro/asientos/{id}/distribuir", access.SignedIn, m.distributePost)
	rt.Handle("POST", "/registro/asientos/{id}/aceptar", access.SignedIn, m.decidePost("aceptar"))
	rt.Handle("POST", "/registro/asientos/{id}/rechazar", access.SignedIn, m.decidePost("rechazar"))
	rt.Handle("POST", "/registro/asientos/{id}/reenviar", access.SignedIn, m.decidePost("reenviar"))
	rt.Handle("GET", "/registro/unidades", access.SignedIn, m.unitsPage)
	rt.Handle("POST", "/registro/unidades", access.SignedIn, m.unitCreatePost)
	rt.Handle("GET", "/registro/unidades/{id}", access.SignedIn, m.unitPage)
	rt.Handle("POST", "/registro/unidades/{id}/miembros", access.SignedIn, m.unitMemberPost(true))
	rt.Handle("POST", "/registro/unidades/{id}/miembros/quitar", access.SignedIn, m.unitMemberPost(false))
	rt.Handle("POST", "/registro/unidades/{id}/baja", access.SignedIn, m.unitActivePost(false))
	rt.Handle("POST", "/registro/unidades/{id}/alta", access.SignedIn, m.unitActivePost(true))
	m.sirRoutes()
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Registro", Href: "/registro", Visible: func(a *auth.Actor) bool {
		return a.HasGrant(Service)
	}})
	return nil
}

// sirRoutes registers the SIR interchange routes.
func (m *Module) sirRoutes() {
	rt := m.kit.Router
	rt.Handle("POST", "/registro/asientos/{id}/sir", access.SignedIn, m.sendSIRPost)
	rt.Handle("GET", "/registro/sir", access.SignedIn, m.sirListPage)
	rt.Handle("POST", "/registro/sir", access.SignedIn, m.sirImportPost)
	rt.Handle("GET", "/registro/sir/{id}", access.SignedIn, m.sirPage)
	rt.Handle("GET", "/registro/sir/{id}/fichero.xml", access.SignedIn, m.sirFile)
	rt.Handle("GET", "/registro/sir/{id}/rechazo.xml", access.SignedIn, m.sirRejection)
	rt.Handle("GET", "/registro/sir/{id}/mensaje.xml", access.SignedIn, m.sirMessage)
	rt.Handle("POST", "/registro/sir/{id}/aceptar", access.SignedIn, m.sirAcceptPost)
	rt.Handle("POST", "/registro/sir/{id}/rechazar", access.SignedIn, m.sirRejectPost)
}
