package sessions

import (
	"fmt"
	"net/http"
	"strconv"

	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type sessionData struct {
	S          Session
	O          Organ
	Items      []Item
	Members    []Member
	Attendance map[string]string
	Votes      map[string]map[string]string
	Present    int
	Quorum     bool
	CanManage  bool
	CanRecord  bool // the day has come: attendance and votes may be recorded
	Pending    bool // certificates not yet in their expedientes
	ApprovedIn *Session
	VerifyURL  string
	Today      string
	Now        string
}

// sessionOf reads the session of the path in the actor's entity.
func (m *Module) sessionOf(r *http.Request) (Session, error) {
	return sessionByID(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID, r.PathValue("id"))
}

// sessionPageOf is the page of a session: convocatoria, orden del día,
// attendance and votes while it is convocada, acta afterwards.
func (m *Module) sessionPageOf(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	s, err := m.sessionOf(r)
	if err != nil {
		return nil, err
	}
	d := &sessionData{S: s, Now: m.kit.Now().In(web.Madrid).Format("15:04")}
	if d.O, err = organByID(ctx, m.kit.DB, s.EntityID, s.OrganID); err != nil {
		return nil, err
	}
	if d.Items, err = itemsOf(ctx, m.kit.DB, s.EntityID, s.ID); err != nil {
		return nil, err
	}
	if d.Attendance, err = attendanceOf(ctx, m.kit.DB, s.EntityID, s.ID); err != nil {
		return nil, err
	}
	if d.Votes, err = votesOf(ctx, m.kit.DB, s.EntityID, s.ID); err != nil {
		return nil, err
	}
	all, err := membersOf(ctx, m.kit.DB, s.EntityID, s.OrganID, true)
	if err != nil {
		return nil, err
	}
	for _, mb := range all {
		if mb.Active || d.Attendance[mb.ID] != "" {
			d.Members = append(d.Members, mb)
		}
		if mb.Votes() && d.Attendance[mb.ID] == Present {
			d.Present++
		}
	}
	d.Quorum = len(d.Attendance) > 0 && checkQuorum(d.O, all, d.Attendance) == nil
	for _, it := range d.Items {
		d.Pending = d.Pending || (it.CertificateCSV != "" && !it.Recorded)
	}
	if d.CanManage, err = m.kit.Access.CanHere(ctx, a, PermManage); err != nil {
		return nil, err
	}
	d.CanRecord = d.CanManage && s.State == StateConvened && !dayOf(s.StartsAt).After(dayOf(m.kit.Now()))
	if s.ApprovedIn != "" {
		if prev, err := sessionByID(ctx, m.kit.DB, s.EntityID, s.ApprovedIn); err == nil {
			d.ApprovedIn = &prev
		}
	}
	if s.ActaCSV != "" {
		d.VerifyURL = csvdoc.URL(m.kit.Config.Public(), s.ActaCSV)
	}
	form := map[string]string{"acta": s.Acta, "hora": s.StartsAt.In(web.Madrid).Format("15:04"), "hora_fin": d.Now}
	return &web.Page{Title: s.Title(), Crumbs: []web.Crumb{crumbSessions}, Data: d, Form: form}, nil
}

func (m *Module) sessionPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "sessions/session", m.sessionPageOf)
}

// retrySession re-renders the session's page with the fields posted.
func (m *Module) retrySession(fields ...string) kit.PageFunc {
	return func(r *http.Request) (*web.Page, error) {
		p, err := m.sessionPageOf(r)
		if err == nil {
			for _, f := range fields {
				p.Form[f] = web.Field(r, f)
			}
		}
		return p, err
	}
}

func sendPDF(w http.ResponseWriter, name string, content []byte) error {
	return web.SendFile(w, web.File{Name: name, ContentType: "application/pdf", Content: content})
}

func (m *Module) convocationDownload(w http.ResponseWriter, r *http.Request) error {
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	content, err := m.convocationPDF(r.Context(), s)
	if err != nil {
		return err
	}
	return sendPDF(w, "convocatoria-"+s.StartsAt.Format("2006-01-02")+".pdf", content)
}

func (m *Module) actaDownload(w http.ResponseWriter, r *http.Request) error {
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	content, err := m.actaPDF(r.Context(), s)
	if err != nil {
		return err
	}
	name := "acta-" + s.StartsAt.Format("2006-01-02") + ".pdf"
	if s.State != StateApproved {
		name = "borrador-" + name
	}
	return sendPDF(w, name, content)
}

func (m *Module) certificateDownload(w http.ResponseWriter, r *http.Request) error {
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	items, err := itemsOf(r.Context(), m.kit.DB, s.EntityID, s.ID)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.ID == r.PathValue("item") {
			content, err := m.certificatePDF(r.Context(), s, it)
			if err != nil {
				return err
			}
			return sendPDF(w, fmt.Sprintf("certificado-acuerdo-punto-%d.pdf", it.Pos), content)
		}
	}
	return fmt.Errorf("sesiones: punto %s: %w", r.PathValue("item"), db.ErrNotFound)
}

func (m *Module) actaPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	err := m.editActa(r.Context(), a, a.Entity.ID, id, r.PostFormValue("acta"))
	return m.kit.AfterPost(w, r, err, "/sesiones/"+id, "Acta modificada. Sigue en borrador hasta que la apruebe el órgano en otra sesión.",
		"sessions/session", m.retrySession("acta"))
}

func (m *Module) attendancePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	att := map[string]string{}
	for k, v := range r.PostForm {
		if len(k) > 11 && k[:11] == "asistencia_" && len(v) > 0 {
			att[k[11:]] = v[0]
		}
	}
	opened, ok := parseWhen(s.StartsAt.In(web.Madrid).Format("2006-01-02"), web.Field(r, "hora"))
	if !ok {
		opened = s.StartsAt
	}
	err = m.recordAttendance(r.Context(), a, a.Entity.ID, id, att, opened)
	return m.kit.AfterPost(w, r, err, "/sesiones/"+id, "Asistencia registrada.", "sessions/session", m.retrySession("hora"))
}

func (m *Module) votePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	v := Vote{Result: web.Field(r, "resultado"), Agreement: r.PostFormValue("acuerdo"), ByMember: map[string]string{},
		Resolves: web.Field(r, "resuelve") != "", Absolute: web.Field(r, "absoluta") != ""}
	if v.Result == "votacion" {
		v.Result = ""
	}
	v.For, _ = strconv.Atoi(web.Field(r, "a_favor"))
	v.Against, _ = strconv.Atoi(web.Field(r, "en_contra"))
	v.Abstentions, _ = strconv.Atoi(web.Field(r, "abstenciones"))
	for k, val := range r.PostForm {
		if len(k) > 5 && k[:5] == "voto_" && len(val) > 0 {
			v.ByMember[k[5:]] = val[0]
		}
	}
	it, err := m.vote(r.Context(), a, a.Entity.ID, id, r.PathValue("item"), v)
	flash := ""
	if err == nil {
		flash = fmt.Sprintf("Punto %d: %s.", it.Pos, it.ResultLabel())
		if it.Adopted() {
			flash = fmt.Sprintf("Punto %d: %s por %s (%s).", it.Pos, it.ResultLabel(), it.MajorityLabel(), it.VotesLabel())
		}
	}
	return m.kit.AfterPost(w, r, err, "/sesiones/"+id, flash, "sessions/session", m.retrySession())
}

func (m *Module) closePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	closed, ok := parseWhen(s.StartsAt.In(web.Madrid).Format("2006-01-02"), web.Field(r, "hora_fin"))
	if !ok {
		closed = m.kit.Now()
	}
	_, err = m.closeSession(r.Context(), a, a.Entity.ID, id, closed)
	return m.kit.AfterPost(w, r, err, "/sesiones/"+id, "Sesión cerrada: el acta queda en borrador y los certificados de los acuerdos, en sus expedientes.",
		"sessions/session", m.retrySession("hora_fin"))
}

func (m *Module) certificatesPost(w http.ResponseWriter, r *http.Request) error {
	s, err := m.sessionOf(r)
	if err != nil {
		return err
	}
	if !s.Held() {
		return errNotHeld
	}
	if err := m.deliverCertificates(r.Context(), kit.Actor(r), s); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/sesiones/"+s.ID, "Certificados incorporados a sus expedientes.")
}
