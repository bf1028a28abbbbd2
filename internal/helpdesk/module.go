package helpdesk

import (
	"embed"
	"time"

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
	rt.Handle("GET", "/soporte", web.SignedIn, m.listPage)
	rt.Handle("GET", "/soporte/exportar", web.SignedIn, m.listExport)
	rt.Handle("GET", "/soporte/nueva", web.SignedIn, m.newPage)
	rt.Handle("POST", "/soporte/nueva", web.SignedIn, m.createPost)
	rt.Handle("GET", "/soporte/incidencias/{numero}", web.SignedIn, m.showPage)
	rt.Handle("POST", "/soporte/incidencias/{numero}/responder", web.SignedIn, m.replyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/nota", web.SignedIn, m.notePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/estado", web.SignedIn, m.statePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/asignar", web.SignedIn, m.assignPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/escalar", web.SignedIn, m.escalatePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/clasificar", web.SignedIn, m.classifyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/valorar", web.SignedIn, m.ratePost)
	rt.Handle("GET", "/soporte/incidencias/{numero}/adjuntos/{adjunto}", web.SignedIn, m.attachmentGet)
	rt.Handle("GET", "/soporte/llamadas", web.SignedIn, m.callsPage)
	rt.Handle("POST", "/soporte/llamadas", web.SignedIn, m.callPost)
	rt.Handle("GET", "/soporte/soluciones", web.SignedIn, m.solutionsPage)
	rt.Handle("GET", "/soporte/soluciones/nueva", web.SignedIn, m.solutionNewPage)
	rt.Handle("POST", "/soporte/soluciones/nueva", web.SignedIn, m.solutionCreatePost)
	rt.Handle("GET", "/soporte/soluciones/{id}", web.SignedIn, m.solutionPage)
	rt.Handle("GET", "/soporte/soluciones/{id}/editar", web.SignedIn, m.solutionEditPage)
	rt.Handle("POST", "/soporte/soluciones/{id}/editar", web.SignedIn, m.solutionEditPost)
	rt.Handle("GET", "/soporte/estadisticas", web.SignedIn, m.statsPage)
	rt.Handle("GET", "/soporte/estadisticas/exportar", web.SignedIn, m.statsExport)
	rt.Handle("GET", "/soporte/acuerdos", web.SignedIn, m.slaPage)
	rt.Handle("POST", "/soporte/acuerdos", web.SignedIn, m.slaPost)
	rt.Handle("GET", "/soporte/equipos", web.SignedIn, m.teamsPage)
	rt.Handle("POST", "/soporte/equipos", web.SignedIn, m.teamsPost)
	rt.Handle("GET", "/soporte/gestores", web.SignedIn, m.managersPage)
	rt.Handle("POST", "/soporte/gestores", web.SignedIn, m.managersPost)
	rt.Handle("GET", "/soporte/calendario", web.SignedIn, m.calendarPage)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Soporte", Href: "/soporte", Visible: func(a *auth.Actor) bool { return true }})
	if addr := m.kit.Config.InboundSMTPAddr; addr != "" {
		return m.startInbound(addr)
	}
	return nil
}
