package eoffice

import (
	"errors"
	"net/http"
	"strings"

	"concejo/internal/eadmin/casefile"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// The citizen's expedientes and notifications at the sede: what the
// tramitador (casefile, set by the app as Cases) holds of the identified
// citizen, who reads his notifications by comparecencia (art. 43 Ley
// 39/2015) and answers by presenting documents to an open expediente.

// casesRoutes registers the citizen's pages of expedientes and notifications.
func (m *Module) casesRoutes() {
	pub := m.publicRoute
	pub("GET", "/e/{sede}/sede/expedientes", m.myCases)
	pub("GET", "/e/{sede}/sede/expedientes/{id}", m.myCase)
	pub("GET", "/e/{sede}/sede/expedientes/{id}/documentos/{doc}", m.myCaseDocument)
	pub("GET", "/e/{sede}/sede/notificaciones", m.myNotifications)
	pub("GET", "/e/{sede}/sede/notificaciones/{id}", m.notificationPage)
	pub("POST", "/e/{sede}/sede/notificaciones/{id}", m.appear)
	pub("GET", "/e/{sede}/sede/notificaciones/{id}/documento", m.notifiedDocument)
	pub("GET", "/e/{sede}/sede/notificaciones/{id}/acuse", m.acuse)
}

// citizenCases is the identified citizen's page prologue for the pages of
// expedientes: ok is false when he was sent to identify himself.
func (m *Module) citizenCases(w http.ResponseWriter, r *http.Request, title, section string) (*sedePage, Site, bool, error) {
	if m.Cases == nil {
		return nil, Site{}, false, errs.ErrNotFound
	}
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return nil, s, false, err
	}
	p.Title, p.Section = title, section
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: title}}
	return p, s, true, nil
}

// notFound turns the tramitador's "not yours" into the sede's 404.
func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return errs.ErrNotFound
	}
	return err
}

func (m *Module) myCases(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "Mis expedientes", "expedientes")
	if !ok || err != nil {
		return err
	}
	files, err := m.Cases.CitizenFiles(r.Context(), s.E.ID, p.Citizen.NIF)
	if err != nil {
		return err
	}
	p.Data = files
	return m.render(w, r, http.StatusOK, "cases", p)
}

func (m *Module) myCase(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "Expediente", "expedientes")
	if !ok || err != nil {
		return err
	}
	f, err := m.Cases.CitizenFile(r.Context(), s.E.ID, p.Citizen.NIF, r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	p.Title = "Expediente " + f.Number
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: "Mis expedientes", Href: rootOf(r, s.E) + "/expedientes"},
		{Label: f.Number}}
	p.Data = f
	return m.render(w, r, http.StatusOK, "case", p)
}

func (m *Module) myCaseDocument(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "", "expedientes")
	if !ok || err != nil {
		return err
	}
	d, err := m.Cases.CitizenDocument(r.Context(), s.E.ID, p.Citizen.NIF, r.PathValue("id"), r.PathValue("doc"))
	if err != nil {
		return notFound(err)
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: d.ContentType, Content: d.Content})
}

func (m *Module) myNotifications(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "Mis notificaciones", "notificaciones")
	if !ok || err != nil {
		return err
	}
	list, err := m.Cases.CitizenNotifications(r.Context(), s.E.ID, p.Citizen.NIF)
	if err != nil {
		return err
	}
	p.Data = list
	return m.render(w, r, http.StatusOK, "notifications", p)
}

// notification finds the citizen's notification of the path.
func (m *Module) notification(r *http.Request, p *sedePage, s Site) (casefile.CitizenNotification, error) {
	list, err := m.Cases.CitizenNotifications(r.Context(), s.E.ID, p.Citizen.NIF)
	if err != nil {
		return casefile.CitizenNotification{}, err
	}
	for _, n := range list {
		if n.ID == r.PathValue("id") {
			return n, nil
		}
	}
	return casefile.CitizenNotification{}, errs.ErrNotFound
}

// notificationPage is the comparecencia: before opening, the citizen is
// told that accessing the content practises the notification, and may
// reject it instead; afterwards, its result, document and acuse.
func (m *Module) notificationPage(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "Notificación", "notificaciones")
	if !ok || err != nil {
		return err
	}
	n, err := m.notification(r, p, s)
	if err != nil {
		return err
	}
	p.Title = "Notificación del expediente " + n.FileNumber
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: "Mis notificaciones", Href: rootOf(r, s.E) + "/notificaciones"},
		{Label: n.FileNumber}}
	p.Data = n
	return m.render(w, r, http.StatusOK, "notification", p)
}

// appear records the citizen's access to (or rejection of) a notification.
func (m *Module) appear(w http.ResponseWriter, r *http.Request) error {
	if m.Cases == nil {
		return errs.ErrNotFound
	}
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	act := casefile.Access
	switch r.PostFormValue("accion") {
	case "acceder":
	case "rechazar":
		act = casefile.Reject
	default:
		return errs.New(errs.Invalid, "Elija si accede a la notificación o la rechaza.")
	}
	n, err := m.Cases.Appear(r.Context(), s.E.ID, p.Citizen.NIF, p.Citizen.FullName(), r.PathValue("id"), act)
	if err != nil {
		return notFound(err)
	}
	http.Redirect(w, r, rootOf(r, s.E)+"/notificaciones/"+n.ID, http.StatusSeeOther)
	return nil
}

func (m *Module) notifiedDocument(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "", "notificaciones")
	if !ok || err != nil {
		return err
	}
	d, err := m.Cases.NotifiedDocument(r.Context(), s.E.ID, p.Citizen.NIF, r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: d.ContentType, Content: d.Content})
}

func (m *Module) acuse(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.citizenCases(w, r, "", "notificaciones")
	if !ok || err != nil {
		return err
	}
	d, err := m.Cases.Acuse(r.Context(), s.E.ID, p.Citizen.NIF, r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: d.ContentType, Content: d.Content})
}

// contribution checks the expediente a solicitud is addressed to: one of
// the citizen's, still in tramitación; it returns its number.
func (m *Module) contribution(r *http.Request, entityID, nif, caseID string) (string, error) {
	if caseID == "" || m.Cases == nil {
		return "", nil
	}
	f, err := m.Cases.CitizenFile(r.Context(), entityID, nif, caseID)
	if err != nil || !f.State.Open() {
		return "", errs.Fields{{Field: "asunto", Message: "Ese expediente no es suyo o ya no está en tramitación: presente una solicitud general."}}
	}
	return f.Number, nil
}

// contributionSubject is the asunto of documents for an expediente.
func contributionSubject(number string) string {
	return strings.TrimSpace("Aportación de documentación al expediente " + number)
}
