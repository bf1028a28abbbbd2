package sessions

import "concejo/internal/platform/web"

// Register declares the module's permissions and registers its pages and
// menu entry. Órganos and sessions are looked up in the actor's current
// entity after the gate (one of another entity is a 404). The órganos live
// under /organos so that their paths never meet /sesiones/{id}.
func (m *Module) Register() error {
	if err := m.kit.Access.Declare(permissions...); err != nil {
		return err
	}
	if err := m.kit.Renderer.AddPages("sessions", templatesFS, "templates"); err != nil {
		return err
	}
	rt := m.kit.Router
	rt.Handle("GET", "/organos", PermRead, m.organsPage)
	rt.Handle("POST", "/organos", PermManage, m.createJuntaPost)
	rt.Handle("GET", "/organos/{id}", PermRead, m.organPage)
	rt.Handle("POST", "/organos/{id}", PermManage, m.editOrganPost)
	rt.Handle("POST", "/organos/{id}/miembros", PermManage, m.addMemberPost)
	rt.Handle("POST", "/organos/{id}/miembros/{member}", PermManage, m.editMemberPost)
	rt.Handle("POST", "/organos/{id}/miembros/{member}/baja", PermManage, m.removeMemberPost)
	rt.Handle("GET", "/sesiones", PermRead, m.listPage)
	rt.Handle("GET", "/sesiones/libro.pdf", PermRead, m.bookPDF)
	rt.Handle("GET", "/sesiones/nueva", PermManage, m.newForm)
	rt.Handle("POST", "/sesiones", PermManage, m.convenePost)
	rt.Handle("GET", "/sesiones/{id}", PermRead, m.sessionPage)
	rt.Handle("GET", "/sesiones/{id}/convocatoria.pdf", PermRead, m.convocationDownload)
	rt.Handle("GET", "/sesiones/{id}/acta.pdf", PermRead, m.actaDownload)
	rt.Handle("POST", "/sesiones/{id}/acta", PermManage, m.actaPost)
	rt.Handle("POST", "/sesiones/{id}/asistencia", PermManage, m.attendancePost)
	rt.Handle("POST", "/sesiones/{id}/cerrar", PermManage, m.closePost)
	rt.Handle("POST", "/sesiones/{id}/certificados", PermManage, m.certificatesPost)
	rt.Handle("POST", "/sesiones/{id}/puntos/{item}", PermManage, m.votePost)
	rt.Handle("GET", "/sesiones/{id}/puntos/{item}/certificado.pdf", PermRead, m.certificateDownload)
	m.kit.Renderer.AddMenu(web.MenuItem{Label: "Órganos colegiados", Href: "/sesiones", Perm: PermRead})
	return nil
}
