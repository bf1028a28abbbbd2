package helpdesk

import (
	"embed"
	"time"

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
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("helpdesk", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/soporte", PermUse, m.listPage)
	rt.Handle("GET", "/soporte/exportar", PermUse, m.listExport)
	rt.Handle("GET", "/soporte/nueva", PermUse, m.newPage)
	rt.Handle("POST", "/soporte/nueva", PermUse, m.createPost)
	rt.Handle("GET", "/soporte/incidencias/{numero}", PermUse, m.showPage)
	rt.Handle("POST", "/soporte/incidencias/{numero}/responder", PermUse, m.replyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/nota", PermUse, m.notePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/estado", PermUse, m.statePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/asignar", PermUse, m.assignPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/escalar", PermUse, m.escalatePost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/clasificar", PermUse, m.classifyPost)
	rt.Handle("POST", "/soporte/incidencias/{numero}/valorar", PermUse, m.ratePost)
	rt.Handle("GET", "/soporte/incidencias/{numero}/adjuntos/{adjunto}", PermUse, m.attachmentGet)
	rt.Handle("GET", "/soporte/llamadas", PermSupport, m.callsPage)
	rt.Handle("POST", "/soporte/llamadas", PermSupport, m.callPost)
	rt.Handle("GET", "/soporte/soluciones", PermUse, m.solutionsPage)
	rt.Handle("GET", "/soporte/soluciones/nueva", PermSecondLevel, m.solutionNewPage)
	rt.Handle("POST", "/soporte/soluciones/nueva", PermSecondLevel, m.solutionCreatePost)
	rt.Handle("GET", "/soporte/soluciones/{id}", PermUse, m.solutionPage)
	rt.Handle("GET", "/soporte/soluciones/{id}/editar", PermSecondLevel, m.solutionEditPage)
	rt.Handle("POST", "/soporte/soluciones/{id}/editar", PermSecondLevel, m.solutionEditPost)
	rt.Handle("GET", "/soporte/estadisticas", PermUse, m.statsPage)
	rt.Handle("GET", "/soporte/estadisticas/exportar", PermUse, m.statsExport)
	rt.Handle("GET", "/soporte/acuerdos", PermUse, m.slaPage)
	rt.Handle("POST", "/soporte/acuerdos", PermConfigure, m.slaPost)
	rt.Handle("GET", "/soporte/equipos", PermSecondLevel, m.teamsPage)
	rt.Handle("POST", "/soporte/equipos", PermConfigure, m.teamsPost)
	rt.Handle("GET", "/soporte/gestores", PermUse, m.managersPage)
	rt.Handle("POST", "/soporte/gestores", PermUse, m.managersPost)
	rt.Handle("GET", "/soporte/calendario", PermUse, m.calendarPage)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Soporte", Href: "/soporte", Perm: PermUse})
	m.kit.AddWaiting(m.waiting)
	if addr := m.kit.Config.InboundSMTPAddr; addr != "" {
		return m.startInbound(addr)
	}
	return nil
}
