package users

import (
	"net/http"
	"time"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// invitationsData is what /invitaciones shows: the invitations waiting for
// the signed-in person's answer.
type invitationsData struct {
	Invitations []Invitation
}

func (m *Module) invitationsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := pendingInvitations(r.Context(), m.kit.DB, "", kit.Actor(r).UserID, time.Now().UTC())
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "users/invitations", &web.Page{Title: "Invitaciones", Crumbs: []web.Crumb{{Label: "Invitaciones"}},
		Data: invitationsData{Invitations: list}})
}

func (m *Module) acceptPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	inv, joined, err := m.accept(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	msg := "Ya trabajaba para " + phrase.The(inv.EntityName) + ": la invitación queda cerrada."
	if joined {
		msg = "Ha aceptado la invitación: ahora también trabaja para " + phrase.The(inv.EntityName) +
			". Elija para qué entidad trabaja en la parte de arriba de la página."
	}
	return m.kit.Redirect(w, r, "/", msg)
}

func (m *Module) declinePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	inv, err := m.decline(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/invitaciones", "Ha rechazado la invitación para trabajar para "+phrase.The(inv.EntityName)+".")
}

func (m *Module) cancelPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	inv, err := m.cancel(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/usuarios"+linkQuery(a, inv.EntityID),
		"Se ha cancelado la invitación a la persona con NIF "+inv.NIF+" para trabajar para "+phrase.The(inv.EntityName)+".")
}

// invitedMessage is the answer to the administrator who invited an
// existing account: the same whoever the NIF's owner is.
func invitedMessage(inv Invitation) string {
	return "Se ha enviado una invitación a la persona con NIF " + inv.NIF + " para trabajar para " + phrase.The(inv.EntityName) +
		"; cuando la acepte aparecerá en la lista de usuarios. La invitación caduca el " + web.Date(inv.ExpiresAt) + "."
}
