package signflow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var crumbInbox = web.Crumb{Label: "Portafirmas", Href: "/portafirmas"}

// listData is a list of requests: the inbox, the sent ones, the entity's.
type listData struct {
	Rows     []Row
	Inbox    bool
	View     string
	CanSend  bool
	CanAdmin bool
	State    string
	States   []struct{ Value, Label string }
}

var stateFilter = []struct{ Value, Label string }{{"", "Todos"}, {StateCirculating, "En circulación"},
	{StateSigned, "Firmados"}, {StateRejected, "Rechazados"}, {StateWithdrawn, "Retirados"}}

// tabs says which lists the actor may open.
func (m *Module) tabs(ctx context.Context, a *auth.Actor, d *listData) error {
	var err error
	if d.CanSend, err = m.kit.Access.CanHere(ctx, a, PermSend); err != nil {
		return err
	}
	d.CanAdmin, err = m.kit.Access.CanHere(ctx, a, PermAdmin)
	return err
}

func (m *Module) inboxPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	rows, err := inbox(r.Context(), m.kit.DB, a.Entity.ID, a.UserID, today(m.kit.Now()))
	if err != nil {
		return err
	}
	d := &listData{Rows: rows, Inbox: true, View: "bandeja"}
	if err := m.tabs(r.Context(), a, d); err != nil {
		return err
	}
	return m.kit.Page(w, r, "signflow/list", &web.Page{Title: "Portafirmas: pendientes de mi firma", Data: d})
}

func (m *Module) sentPage(w http.ResponseWriter, r *http.Request) error {
	return m.listOf(w, r, "enviados", "Portafirmas: documentos que he enviado", kit.Actor(r).UserID)
}

func (m *Module) allPage(w http.ResponseWriter, r *http.Request) error {
	return m.listOf(w, r, "entidad", "Portafirmas: todos los documentos de la entidad", "")
}

func (m *Module) listOf(w http.ResponseWriter, r *http.Request, view, title, author string) error {
	a := kit.Actor(r)
	state := r.URL.Query().Get("estado")
	valid := false
	for _, s := range stateFilter {
		valid = valid || s.Value == state
	}
	if !valid {
		state = ""
	}
	rows, err := requests(r.Context(), m.kit.DB, Filter{EntityID: a.Entity.ID, Author: author, State: state, Limit: 200})
	if err != nil {
		return err
	}
	d := &listData{Rows: rows, View: view, State: state, States: stateFilter}
	if err := m.tabs(r.Context(), a, d); err != nil {
		return err
	}
	return m.kit.Page(w, r, "signflow/list", &web.Page{Title: title, Data: d, Crumbs: []web.Crumb{crumbInbox}})
}

// visible returns the request of the path if the actor may see it: its
// author, a person of its circuit (or his substitute or delegate), or an
// administrator of the portafirmas; otherwise it is not found.
func (m *Module) visible(r *http.Request, withContent bool) (Request, error) {
	a := kit.Actor(r)
	req, err := requestByID(r.Context(), m.kit.DB, a.Entity.ID, r.PathValue("id"), withContent)
	if err != nil {
		return req, err
	}
	if req.AuthorID == a.UserID {
		return req, nil
	}
	for _, s := range req.Signers {
		if s.UserID == a.UserID || s.SubstituteID == a.UserID || s.ActedBy == a.UserID {
			return req, nil
		}
	}
	if ok, err := m.kit.Access.CanHere(r.Context(), a, PermAdmin); err != nil || ok {
		return req, err
	}
	var n int
	if err := m.kit.DB.QueryRowContext(r.Context(), `SELECT COUNT(*) FROM signflow_delegations d
		JOIN signflow_signers s ON s.entity_id = d.entity_id AND s.user_id = d.from_user
		WHERE d.entity_id = $1 AND d.to_user = $2 AND s.request_id = $3 AND d.revoked_at IS NULL`,
		a.Entity.ID, a.UserID, req.ID).Scan(&n); err != nil {
		return req, err
	}
	if n > 0 {
		return req, nil
	}
	return Request{}, db.ErrNotFound
}

// requestData is the page of a request.
type requestData struct {
	R           Request
	Events      []Event
	Signatures  []SignatureRecord
	Slot        *Signer
	OnBehalf    string
	IsAuthor    bool
	CanResubmit bool
}

func (m *Module) requestPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	req, err := m.visible(r, false)
	if err != nil {
		return nil, err
	}
	d := &requestData{R: req, IsAuthor: req.AuthorID == a.UserID}
	if d.Events, err = eventsOf(r.Context(), m.kit.DB, req.EntityID, req.ID); err != nil {
		return nil, err
	}
	if d.Signatures, err = signaturesOf(r.Context(), m.kit.DB, req.EntityID, req.ID); err != nil {
		return nil, err
	}
	if req.Open() {
		if slot, onBehalf, err := slotFor(r.Context(), m.kit.DB, req, a, today(m.kit.Now())); err == nil {
			d.Slot, d.OnBehalf = &slot, onBehalf
		} else if !errors.Is(err, errs.Forbidden) {
			return nil, err
		}
	}
	d.CanResubmit = d.IsAuthor && (req.State == StateRejected || req.Open() && !anyActed(req.Signers) && req.SourceType == "")
	return &web.Page{Title: req.Title, Data: d, Crumbs: []web.Crumb{crumbInbox}}, nil
}

func (m *Module) showRequest(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "signflow/request", m.requestPage)
}

func (m *Module) documentDownload(w http.ResponseWriter, r *http.Request) error {
	req, err := m.visible(r, true)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: req.FileName, ContentType: req.ContentType, Content: req.Content,
		Inline: r.URL.Query().Has("ver")})
}

func (m *Module) detachedDownload(w http.ResponseWriter, r *http.Request) error {
	req, err := m.visible(r, false)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PathValue("version"))
	seq, _ := strconv.Atoi(r.PathValue("seq"))
	sigs, err := signaturesOf(r.Context(), m.kit.DB, req.EntityID, req.ID)
	if err != nil {
		return err
	}
	for _, s := range sigs {
		if s.Version == version && s.Seq == seq && len(s.Detached) > 0 {
			return web.SendFile(w, web.File{Name: fmt.Sprintf("%s.v%d.firma%d.csig", req.FileName, version, seq),
				ContentType: "application/pkcs7-signature", Content: s.Detached})
		}
	}
	return db.ErrNotFound
}

// actPost signs, gives the visto bueno or rejects, from the request's page.
func (m *Module) actPost(what string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := web.ParseForm(w, r, web.MaxForm); err != nil {
			return err
		}
		a, id := kit.Actor(r), r.PathValue("id")
		var sign signing
		var err error
		if what == actSign {
			err = m.Confirm(r.Context(), a, "contrasena", r.PostFormValue("contrasena"))
			sign = m.central(a)
		}
		var req Request
		if err == nil {
			req, err = m.act(r.Context(), a, a.Entity.ID, id, what, r.PostFormValue("motivo"), sign)
		}
		form := web.FormValues(r)
		delete(form, "contrasena")
		return m.kit.AfterPost(w, r, err, "/portafirmas/"+id, actedFlash(what, req), "signflow/request",
			func(r *http.Request) (*web.Page, error) {
				p, err := m.requestPage(r)
				if p != nil {
					p.Form = form
				}
				return p, err
			})
	}
}

// actedFlash tells what happened.
func actedFlash(what string, r Request) string {
	switch {
	case what == actReject:
		return "Documento rechazado: su autor recibe el motivo."
	case r.State == StateSigned:
		return "Firmado. El circuito está completo: el documento está firmado por todos."
	case what == actApprove:
		return "Visto bueno dado. El documento pasa al siguiente paso del circuito."
	}
	return "Firmado. El documento sigue su circuito."
}

// batchPost signs (or gives the visto bueno to) several documents of the
// inbox at once, with one confirmation of the password.
func (m *Module) batchPost(w http.ResponseWriter, r *http.Request) error {
	ids, back, err := m.marked(w, r)
	if err != nil || back {
		return err
	}
	a := kit.Actor(r)
	if err := m.Confirm(r.Context(), a, "contrasena", r.PostFormValue("contrasena")); err != nil {
		if fe, ok := errs.AsFields(err); ok {
			return m.kit.Redirect(w, r, "/portafirmas", fe.For("contrasena")+" No se ha firmado nada.")
		}
		return err
	}
	done, failed := 0, []string{}
	for _, id := range ids {
		req, err := requestByID(r.Context(), m.kit.DB, a.Entity.ID, id, false)
		if err == nil {
			var slot Signer
			if slot, _, err = slotFor(r.Context(), m.kit.DB, req, a, today(m.kit.Now())); err == nil {
				_, err = m.act(r.Context(), a, a.Entity.ID, id, slot.Action, "", m.central(a))
			}
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("«%s»: %s", titleOr(req, id), m.userMessage(err)))
			continue
		}
		done++
	}
	msg := fmt.Sprintf("Firmados o con visto bueno: %d.", done)
	if len(failed) > 0 {
		msg += fmt.Sprintf(" No se pudieron firmar %d: %s", len(failed), strings.Join(failed, "; "))
	}
	return m.kit.Redirect(w, r, "/portafirmas", msg)
}

// marked parses an inbox form and reads the requests marked in it (at
// most 100); with none, it sends the person back to his inbox, saying so,
// and reports it done.
func (m *Module) marked(w http.ResponseWriter, r *http.Request) ([]string, bool, error) {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return nil, false, err
	}
	ids := r.PostForm["peticion"]
	switch {
	case len(ids) > 100:
		return nil, false, errs.New(errs.Invalid, "Marque como mucho 100 documentos a la vez.")
	case len(ids) == 0:
		return nil, true, m.kit.Redirect(w, r, "/portafirmas", "No ha marcado ningún documento.")
	}
	return ids, false, nil
}

func titleOr(r Request, id string) string {
	if r.Title != "" {
		return r.Title
	}
	return id
}

func (m *Module) withdrawPost(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	if err := m.withdraw(r.Context(), a, a.Entity.ID, r.PathValue("id")); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/portafirmas/"+r.PathValue("id"), "Documento retirado de la firma.")
}

func (m *Module) resubmitPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxDocument+(1<<20)); err != nil {
		return err
	}
	a := kit.Actor(r)
	req, err := requestByID(r.Context(), m.kit.DB, a.Entity.ID, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	var name, csv string
	var content []byte
	if src, e := m.sourceOf(r.Context(), a.Entity.ID, req.SourceType, req.SourceID); e != nil {
		err = e
	} else if src != nil {
		name, content, csv = src.FileName, src.Content, src.CSV
	} else {
		name, content, err = uploaded(r, "documento")
	}
	if err == nil {
		_, err = m.resubmit(r.Context(), a, a.Entity.ID, r.PathValue("id"), name, content, csv)
	}
	return m.kit.AfterPost(w, r, err, "/portafirmas/"+r.PathValue("id"),
		"Versión corregida enviada: el circuito empieza de nuevo.", "signflow/request", m.requestPage)
}

// userMessage is what a person reads of an error in a list of results.
func (m *Module) userMessage(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message
	}
	if fe, ok := errs.AsFields(err); ok {
		return fe.Error()
	}
	if errors.Is(err, db.ErrNotFound) {
		return "no existe en la entidad"
	}
	m.kit.Log.Error("portafirmas: firma en lote", "error", err)
	return "error inesperado; inténtelo de nuevo"
}
