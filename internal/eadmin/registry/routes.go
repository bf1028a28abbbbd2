package registry

import (
	"net/http"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// Routes declares the module's permissions and registers its pages,
// routes and menu entry. (Register is the Go API that makes asientos.)
// Asientos are looked up after the gate's PermRead (one of another entity
// or out of reach is a 404) and a change asks PermWrite then; units and
// interchanges likewise after PermEnter.
func (m *Module) Routes() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("registry", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/registro", PermRead, m.listPage)
	rt.Handle("GET", "/registro/exportar", PermRead, m.exportList)
	rt.Handle("GET", "/registro/nuevo", PermWrite, m.newForm)
	rt.Handle("POST", "/registro", PermWrite, m.createPost)
	rt.Handle("GET", "/registro/pendientes", PermRead, m.pendingPage)
	rt.Handle("GET", "/registro/libros", PermReadAll, m.booksPage)
	rt.Handle("GET", "/registro/asientos/{id}", PermRead, m.showPage)
	rt.Handle("GET", "/registro/asientos/{id}/justificante.pdf", PermRead, m.receiptPDF)
	rt.Handle("GET", "/registro/asientos/{id}/documentos/{pos}", PermRead, m.documentDownload)
	rt.Handle("POST", "/registro/asientos/{id}/anotaciones", PermRead, m.annotatePost)
	rt.Handle("POST", "/registro/asientos/{id}/distribuir", PermRead, m.distributePost)
	rt.Handle("POST", "/registro/asientos/{id}/aceptar", PermRead, m.decidePost("aceptar"))
	rt.Handle("POST", "/registro/asientos/{id}/rechazar", PermRead, m.decidePost("rechazar"))
	rt.Handle("POST", "/registro/asientos/{id}/reenviar", PermRead, m.decidePost("reenviar"))
	rt.Handle("GET", "/registro/unidades", PermEnter, m.unitsPage)
	rt.Handle("POST", "/registro/unidades", PermConfigure, m.unitCreatePost)
	rt.Handle("GET", "/registro/unidades/{id}", PermEnter, m.unitPage)
	rt.Handle("POST", "/registro/unidades/{id}/miembros", PermEnter, m.unitMemberPost(true))
	rt.Handle("POST", "/registro/unidades/{id}/miembros/quitar", PermEnter, m.unitMemberPost(false))
	rt.Handle("POST", "/registro/unidades/{id}/baja", PermEnter, m.unitActivePost(false))
	rt.Handle("POST", "/registro/unidades/{id}/alta", PermEnter, m.unitActivePost(true))
	m.sirRoutes()
	rt.Handle("GET", "/registro/ventanilla", PermWrite, m.ventanillaPage)
	rt.Handle("GET", "/registro/ventanilla/nueva", PermWrite, m.ventanillaNew)
	rt.Handle("POST", "/registro/ventanilla", PermWrite, m.ventanillaPost)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Registro", Href: "/registro", Perm: PermRead})
	m.kit.AddWaiting(m.waiting)
	return nil
}

// sirRoutes registers the SIR interchange routes.
func (m *Module) sirRoutes() {
	rt := m.kit.Router
	rt.Handle("POST", "/registro/asientos/{id}/sir", PermRead, m.sendSIRPost)
	rt.Handle("GET", "/registro/sir", PermWrite, m.sirListPage)
	rt.Handle("POST", "/registro/sir", PermWrite, m.sirImportPost)
	rt.Handle("GET", "/registro/sir/{id}", PermEnter, m.sirPage)
	rt.Handle("GET", "/registro/sir/{id}/fichero.xml", PermEnter, m.sirFile)
	rt.Handle("GET", "/registro/sir/{id}/mensajes/{pos}", PermEnter, m.sirMessageFile)
	rt.Handle("POST", "/registro/sir/{id}/aceptar", PermEnter, m.sirAcceptPost)
	rt.Handle("POST", "/registro/sir/{id}/rechazar", PermEnter, m.sirDecisionPost(
		"Intercambio rechazado: se ha preparado el fichero de rechazo para el origen.", func(r *http.Request) error {
			return m.rejectSIR(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "motivo"))
		}, "motivo"))
	rt.Handle("POST", "/registro/sir/{id}/reenviar", PermEnter, m.sirDecisionPost(
		"Intercambio reenviado a la oficina de la unidad elegida.", func(r *http.Request) error {
			return m.forwardSIR(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "destino"), web.Field(r, "motivo_reenvio"))
		}, "destino", "motivo_reenvio"))
	rt.Handle("POST", "/registro/sir/{id}/reintentar", PermEnter, m.sirDecisionPost(
		"Se ha intentado transmitir de nuevo el intercambio: vea su estado.", func(r *http.Request) error {
			return m.retrySIR(r.Context(), kit.Actor(r), r.PathValue("id"))
		}))
}
