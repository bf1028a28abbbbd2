package signflow

import (
	"net/http"
	"time"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type delegationsData struct {
	Rows     []Delegation
	People   []option
	Today    string
	CanAdmin bool
}

func (m *Module) delegationsPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	admin, err := m.kit.Access.CanHere(r.Context(), a, PermAdmin)
	if err != nil {
		return nil, err
	}
	who := a.UserID
	if admin {
		who = ""
	}
	d := &delegationsData{Today: today(m.kit.Now()), CanAdmin: admin}
	if d.Rows, err = delegations(r.Context(), m.kit.DB, a.Entity.ID, who); err != nil {
		return nil, err
	}
	if d.People, err = m.signerOptions(r.Context(), a.Entity.ID); err != nil {
		return nil, err
	}
	return &web.Page{Title: "Delegaciones de firma", Data: d, Crumbs: []web.Crumb{crumbInbox},
		Form: map[string]string{"delegante": a.UserID, "desde": d.Today}}, nil
}

func (m *Module) delegationsShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "signflow/delegations", m.delegationsPage)
}

// day reads a date field (YYYY-MM-DD); a bad one is the zero time.
func day(r *http.Request, name string) time.Time {
	t, err := time.Parse(time.DateOnly, web.Field(r, name))
	if err != nil {
		return time.Time{}
	}
	return t
}

func (m *Module) delegatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	from := web.Field(r, "delegante")
	if from != a.UserID {
		if err := m.kit.Access.RequireHere(r.Context(), a, PermAdmin); err != nil {
			return err
		}
	}
	_, err := m.delegate(r.Context(), a, DelegationForm{EntityID: a.Entity.ID, From: from, To: web.Field(r, "delegado"),
		Starts: day(r, "desde"), Ends: day(r, "hasta"), Reason: web.Field(r, "motivo")})
	form := web.FormValues(r)
	return m.kit.AfterPost(w, r, err, "/portafirmas/delegaciones", "Delegación de firma registrada.", "signflow/delegations",
		func(r *http.Request) (*web.Page, error) {
			p, err := m.delegationsPage(r)
			if p != nil {
				p.Form = form
			}
			return p, err
		})
}

func (m *Module) revokePost(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	admin, err := m.kit.Access.CanHere(r.Context(), a, PermAdmin)
	if err != nil {
		return err
	}
	if err := m.revokeDelegation(r.Context(), a, a.Entity.ID, r.PathValue("id"), admin); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/portafirmas/delegaciones", "Delegación revocada.")
}
