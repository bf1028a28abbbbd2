package casefile

import (
	"net/http"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type remissionsData struct {
	File       File
	Rows       []Remission
	CanWork    bool
	AccessBase string
}

func (m *Module) remissionsPage(r *http.Request) (*web.Page, error) {
	f, err := m.file(r)
	if err != nil {
		return nil, err
	}
	d := &remissionsData{File: f, AccessBase: m.kit.Config.Public() + "/remision/"}
	if d.Rows, err = remissionsOf(r.Context(), m.kit.DB, f.EntityID, f.ID); err != nil {
		return nil, err
	}
	if d.CanWork, err = m.kit.Access.CanHere(r.Context(), kit.Actor(r), PermWork); err != nil {
		return nil, err
	}
	return &web.Page{Title: "Remisión del expediente " + f.Number, Data: d,
		Crumbs: []web.Crumb{crumbExpedientes, {Label: "Expediente " + f.Number, Href: "/expedientes/" + f.ID}}}, nil
}

func (m *Module) remissionsShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "casefile/remissions", m.remissionsPage)
}

func (m *Module) remissionPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	f, err := m.file(r)
	if err != nil {
		return err
	}
	_, err = m.prepareRemission(r.Context(), kit.Actor(r), f, web.Field(r, "destino"), web.Field(r, "referencia"))
	form := web.FormValues(r)
	return m.kit.AfterPost(w, r, err, "/expedientes/"+f.ID+"/remisiones",
		"Remisión preparada: el índice va firmado con el sello de la entidad. Descargue el paquete o dé el enlace al destinatario.",
		"casefile/remissions", func(r *http.Request) (*web.Page, error) {
			p, err := m.remissionsPage(r)
			if p != nil {
				p.Form = form
			}
			return p, err
		})
}

// remissionOf reads the remission of the path.
func (m *Module) remissionOf(r *http.Request) (File, Remission, error) {
	f, err := m.file(r)
	if err != nil {
		return f, Remission{}, err
	}
	rem, err := remissionByID(r.Context(), m.kit.DB, f.EntityID, f.ID, r.PathValue("rem"))
	return f, rem, err
}

func (m *Module) packageDownload(w http.ResponseWriter, r *http.Request) error {
	f, rem, err := m.remissionOf(r)
	if err != nil {
		return err
	}
	return m.sendPackage(w, r, f.Number, rem)
}

func (m *Module) sendPackage(w http.ResponseWriter, r *http.Request, number string, rem Remission) error {
	b, err := remissionPackage(r.Context(), m.kit.DB, rem)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "expediente-" + strings.ReplaceAll(number, "/", "-") + "-eni.zip",
		ContentType: "application/zip", Content: b})
}

func (m *Module) sentPost(w http.ResponseWriter, r *http.Request) error {
	f, rem, err := m.remissionOf(r)
	if err != nil {
		return err
	}
	if err := m.markSent(r.Context(), kit.Actor(r), f, rem.ID); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/expedientes/"+f.ID+"/remisiones", "Remisión anotada como enviada.")
}

func (m *Module) errorPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	f, rem, err := m.remissionOf(r)
	if err != nil {
		return err
	}
	err = m.markError(r.Context(), kit.Actor(r), f, rem.ID, web.Field(r, "error"))
	return m.kit.AfterPost(w, r, err, "/expedientes/"+f.ID+"/remisiones", "Error de la remisión anotado.",
		"casefile/remissions", m.remissionsPage)
}

// eniExpediente downloads the expediente as ENI XML, its índice signed with
// the entity's seal (E01 open, E02 closed).
func (m *Module) eniExpediente(w http.ResponseWriter, r *http.Request) error {
	f, err := m.file(r)
	if err != nil {
		return err
	}
	state := "E01"
	if !f.ClosedAt.IsZero() {
		state = "E02"
	}
	data, _, err := m.expedienteENI(r.Context(), m.kit.DB, f, state)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "expediente-" + strings.ReplaceAll(f.Number, "/", "-") + "-eni.xml",
		ContentType: "application/xml", Content: data})
}

type courtData struct {
	R      Remission
	Number string
	Token  string
}

// courtPage is the destination's read-only access: what was remitted,
// with the package to download. Its first visit is the acuse de recibo.
func (m *Module) courtPage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	rem, err := m.courtAccess(r.Context(), token, auth.ClientIP(r))
	if err != nil {
		return err
	}
	f, err := fileByID(r.Context(), m.kit.DB, rem.EntityID, rem.FileID)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "casefile/court", &web.Page{Title: "Expediente remitido " + f.Number,
		Data: &courtData{R: rem, Number: f.Number, Token: token}})
}

func (m *Module) courtPackage(w http.ResponseWriter, r *http.Request) error {
	rem, err := m.courtAccess(r.Context(), r.PathValue("token"), auth.ClientIP(r))
	if err != nil {
		return err
	}
	f, err := fileByID(r.Context(), m.kit.DB, rem.EntityID, rem.FileID)
	if err != nil {
		return err
	}
	return m.sendPackage(w, r, f.Number, rem)
}
