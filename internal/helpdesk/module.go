package helpdesk

import (
	"embed"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the support desk.
type Module struct {
	kit *kit.Kit
	// cache keeps the statistics for a minute.
	cache statsCache
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}

// now is the platform's clock to the second (UTC); tests of the SLA use the
// Ticket methods instead.
func (m *Module) now() time.Time { return m.kit.Now().Truncate(time.Second) }

// Register adds routes, pages, menu entries and, when configured, the
// inbound SMTP endpoint for replies by e-mail.
func (m *Module) Register() error {
	if err := m.kit.Renderer.AddPages("helpdesk", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/soporte", access.SignedIn, m.listPage)
	rt.Handle("GET", "/soporte/exportar", access.SignedIn, m.listExport)
	rt.Handle("GET", "/soporte/nueva", access.SignedIn, m.newPage)
	rt.Handle("POST", "/soporte/nueva", access.SignedIn, m.createPost)
	rt.Handle("GET", "/soporte/incidencias/{numero}", access.SignedIn, m.showPage)
	rt.Handle("POST", "/soporte/incidencias/{numero}/responder", access.SignedIn, m.replyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/nota", access.SignedIn, m.notePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/estado", access.SignedIn, m.statePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/asignar", access.SignedIn, m.assignPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/escalar", access.SignedIn, m.escalatePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/clasificar", access.SignedIn, m.classifyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/valorar", access.SignedIn, m.ratePost)
	rt.Handle("GET", "/soporte/incidencias/{numero}/adjuntos/{adjunto}", access.SignedIn, m.attachmentGet)
	rt.Handle("GET", "/soporte/llamadas", access.SignedIn, m.callsPage)
	rt.Handle("POST", "/soporte/llamadas", access.SignedIn, m.callPost)
	rt.Handle("GET", "/soporte/soluciones", access.SignedIn, m.solutionsPage)
	rt.Handle("GET", "/soporte/soluciones/nueva", access.SignedIn, m.solutionNewPage)
	rt.Handle("POST", "/soporte/soluciones/nueva", access.SignedIn, m.solutionCreatePost)
	rt.Handle("GET", "/soporte/soluciones/{id}", access.SignedIn, m.solutionPage)
	rt.Handle("GET", "/soporte/soluciones/{id}/editar", access.SignedIn, m.solutionEditPage)
	rt.Handle("POST", "/soporte/soluciones/{id}/editar", access.SignedIn, m.solutionEditPost)
	rt.Handle("GET", "/soporte/estadisticas", access.SignedIn, m.statsPage)
	rt.Handle("GET", "/soporte/estadisticas/exportar", access.SignedIn, m.statsExport)
	rt.Handle("GET", "/soporte/acuerdos", access.SignedIn, m.slaPage)
	rt.Handle("POST", "/soporte/acuerdos", access.SignedIn, m.slaPost)
	rt.Handle("GET", "/soporte/equipos", access.SignedIn, m.teamsPage)
	rt.Handle("POST", "/soporte/equipos", access.SignedIn, m.teamsPost)
	rt.Handle("GET", "/soporte/gestores", access.SignedIn, m.managersPage)
	rt.Handle("POST", "/soporte/gestores", access.SignedIn, m.managersPost)
	rt.Handle("GET", "/soporte/calendario", access.SignedIn, m.calendarPage)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Soporte", Href: "/soporte", Visible: func(a *auth.Actor) bool { return true }})
	if addr := m.kit.Config.InboundSMTPAddr; addr != "" {
		return m.startInbound(addr)
	}
	return nil
}
