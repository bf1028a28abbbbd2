package casefile

import (
	"context"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/web"
)

// Routes declares the module's permissions and registers its pages and
// menu entry. Every page works in the actor's current entity: an
// expediente, trámite, document or procedure of another entity is a 404.
func (m *Module) Routes() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("casefile", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/expedientes", PermRead, m.listPage)
	rt.Handle("GET", "/expedientes/exportar", PermRead, m.exportList)
	rt.Handle("GET", "/expedientes/pendientes", PermRead, m.pendingPage)
	rt.Handle("GET", "/expedientes/nuevo", PermOpen, m.newPage)
	rt.Handle("GET", "/expedientes/provincia", PermProvince, m.provincePage)
	rt.Handle("POST", "/expedientes", PermOpen, m.openPost)
	rt.Handle("GET", "/expedientes/{id}", PermRead, m.filePage)
	rt.Handle("POST", "/expedientes/{id}/asignar", PermOpen, m.assignPost)
	rt.Handle("POST", "/expedientes/{id}/interesados", PermWork, m.partyPost)
	rt.Handle("POST", "/expedientes/{id}/relacionados", PermWork, m.relatePost)
	rt.Handle("POST", "/expedientes/{id}/suspender", PermWork, m.suspendPost)
	rt.Handle("POST", "/expedientes/{id}/levantar", PermWork, m.liftPost)
	rt.Handle("POST", "/expedientes/{id}/concluir", PermWork, m.concludePost)
	rt.Handle("POST", "/expedientes/{id}/reabrir", PermWork, m.reopenPost)
	rt.Handle("POST", "/expedientes/{id}/ampliar", PermOpen, m.extendPost)
	rt.Handle("POST", "/expedientes/{id}/archivar", PermWork, m.archivePost)
	rt.Handle("POST", "/expedientes/{id}/contrato", PermWork, m.contractPost)
	rt.Handle("POST", "/expedientes/{id}/tramites/{task}/iniciar", PermWork, m.taskPost("iniciar"))
	rt.Handle("POST", "/expedientes/{id}/tramites/{task}/terminar", PermWork, m.taskPost("terminar"))
	rt.Handle("POST", "/expedientes/{id}/tramites/{task}/asignar", PermWork, m.taskPost("asignar"))
	rt.Handle("POST", "/expedientes/{id}/documentos", PermWork, m.uploadPost)
	rt.Handle("POST", "/expedientes/{id}/borradores", PermWork, m.draftPost)
	rt.Handle("POST", "/expedientes/{id}/resolucion", PermWork, m.resolutionPost)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}", PermRead, m.documentDownload)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}/eni.xml", PermRead, m.eniDownload)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}/ficha", PermRead, m.documentShow)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}/visualizacion.pdf", PermRead, m.visualizationDownload)
	rt.Handle("GET", "/expedientes/{id}/eni.xml", PermRead, m.eniExpediente)
	rt.Handle("GET", "/expedientes/{id}/remisiones", PermRead, m.remissionsShow)
	rt.Handle("POST", "/expedientes/{id}/remisiones", PermWork, m.remissionPost)
	rt.Handle("GET", "/expedientes/{id}/remisiones/{rem}/paquete.zip", PermRead, m.packageDownload)
	rt.Handle("POST", "/expedientes/{id}/remisiones/{rem}/enviar", PermWork, m.sentPost)
	rt.Handle("POST", "/expedientes/{id}/remisiones/{rem}/error", PermWork, m.errorPost)
	rt.Handle("GET", "/remision/{token}", access.Public, m.courtPage)
	rt.Handle("GET", "/remision/{token}/paquete.zip", access.Public, m.courtPackage)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}/editar", PermWork, m.draftPage)
	rt.Handle("POST", "/expedientes/{id}/documentos/{doc}", PermWork, m.revisePost)
	rt.Handle("POST", "/expedientes/{id}/documentos/{doc}/emitir", PermWork, m.issuePost)
	rt.Handle("GET", "/expedientes/{id}/documentos/{doc}/odt", PermWork, m.odtDownload)
	rt.Handle("POST", "/expedientes/{id}/documentos/{doc}/odt", PermWork, m.odtUpload)
	rt.Handle("POST", "/expedientes/{id}/documentos/{doc}/notificar", PermWork, m.notifyPost)
	rt.Handle("POST", "/expedientes/{id}/documentos/{doc}/publicar", PermWork, m.publishPost)
	rt.Handle("POST", "/expedientes/{id}/notificaciones/{n}/resultado", PermWork, m.paperPost)
	rt.Handle("GET", "/procedimientos", PermRead, m.cataloguePage)
	rt.Handle("POST", "/procedimientos", PermConfigure, m.adoptPost)
	rt.Handle("GET", "/procedimientos/{id}", PermRead, m.procedurePage)
	rt.Handle("POST", "/procedimientos/{id}", PermConfigure, m.adaptPost)
	rt.Handle("GET", "/procedimientos/modelos/{code}", PermModels, m.modelPage)
	m.kit.Jobs.Every("expedientes.rechazos", time.Hour, func(ctx context.Context) error {
		_, err := m.ExpireNotifications(ctx)
		return err
	})
	m.kit.Jobs.Every("expedientes.avisos", 24*time.Hour, func(ctx context.Context) error {
		_, err := m.SendAlerts(ctx)
		return err
	})
	m.kit.AddWaiting(m.waiting)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Expedientes", Href: "/expedientes", Perm: PermRead},
		web.MenuItem{Label: "Expedientes de la provincia", Href: "/expedientes/provincia", Perm: PermProvince})
	return nil
}
