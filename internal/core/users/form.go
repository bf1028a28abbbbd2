package users

import (
	"context"
	"errors"
	"net/http"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// formData is what the new-user and edit forms show.
type formData struct {
	Creating     bool
	Entity       directory.Entity
	Action       string
	Cancel       string
	Roles        []option
	Personal     bool // the personal data may be changed
	NIFEditable  bool
	RoleEditable bool
	HasMember    bool
	// Links: an existing account given by its NIF is linked at once (PermAccounts), not invited.
	Links bool
	U     User
}

func roleChoices(kind string) []option {
	var out []option
	for _, r := range roleOptions(kind) {
		out = append(out, option{r, RoleLabel(r)})
	}
	return out
}

// createEntity is the entity a new user goes into: ?entidad= when given
// (and the actor reads it), else the actor's current entity; the actor
// must hold PermManage in it.
func (m *Module) createEntity(ctx context.Context, a *auth.Actor, explicit string) (directory.Entity, error) {
	id := explicit
	if id == "" {
		id = a.Entity.ID
		if err := m.kit.Access.Require(ctx, a, PermRead, id); err != nil {
			return directory.Entity{}, err
		}
	} else {
		ok, err := m.reads(ctx, a, id)
		if err != nil {
			return directory.Entity{}, err
		}
		if !ok {
			return directory.Entity{}, errs.ErrNotFound
		}
	}
	e, err := entityByID(ctx, m.kit.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return e, errs.ErrNotFound
	}
	if err != nil {
		return e, err
	}
	manages, err := m.kit.Access.Can(ctx, a, PermManage, e.ID)
	if err != nil {
		return e, err
	}
	if !manages {
		return e, errReadOnly(e.Name)
	}
	return e, nil
}

// newPage is the new-user form for entity e (explicit: the ?entidad= of
// the request); links says that an existing account is linked at once
// rather than invited.
func newPage(e directory.Entity, explicit string, links bool) *web.Page {
	q := entityQuery(explicit)
	d := formData{Creating: true, Entity: e, Action: "/usuarios" + q, Cancel: "/usuarios" + q, Roles: roleChoices(e.Kind),
		Personal: true, NIFEditable: true, RoleEditable: true, HasMember: true, Links: links}
	return &web.Page{Title: "Dar de alta un usuario en " + e.The(), Data: d,
		Crumbs: []web.Crumb{{Label: "Usuarios " + e.Of(), Href: "/usuarios" + q}, {Label: "Dar de alta"}}}
}

// creation is the entity of a new user for the request and its form.
func (m *Module) creation(r *http.Request) (directory.Entity, *web.Page, error) {
	a, explicit := kit.Actor(r), r.URL.Query().Get("entidad")
	e, err := m.createEntity(r.Context(), a, explicit)
	if err != nil {
		return e, nil, err
	}
	links, err := m.administersAccounts(r.Context(), a)
	return e, newPage(e, explicit, links), err
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	_, p, err := m.creation(r)
	if err != nil {
		return err
	}
	p.Form = map[string]string{fRole: auth.MemberStaff}
	return m.kit.Page(w, r, "users/form", p)
}

func formUser(r *http.Request) NewUser {
	return NewUser{Name: web.Field(r, fName), Surname1: web.Field(r, fSurname1), Surname2: web.Field(r, fSurname2),
		NIF: web.Field(r, fNIF), Email: web.Field(r, fEmail), Phone: web.Field(r, fPhone), JobTitle: web.Field(r, fJobTitle)}
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	e, p, err := m.creation(r)
	if err != nil {
		return err
	}
	res, err := m.create(r.Context(), a, e, formUser(r), web.Field(r, fRole))
	if err != nil {
		return m.kit.FormPage(w, r, "users/form", p, err)
	}
	if res.Invitation != nil {
		return m.kit.Redirect(w, r, "/usuarios"+linkQuery(a, e.ID), invitedMessage(*res.Invitation))
	}
	var msg string
	if res.Linked {
		msg = res.User.FullName() + " (NIF " + res.User.NIF + ") ya tenía cuenta en Concejo: no se ha creado otra, se ha vinculado " +
			"su cuenta " + e.To() + ". Entrará con su usuario y contraseña de siempre y podrá elegir para qué entidad trabaja."
		if res.User.State == StateBlocked {
			msg += " Atención: su cuenta está bloqueada; hasta que la Diputación la desbloquee no podrá entrar."
		}
	} else {
		msg = "Usuario " + res.User.FullName() + " dado de alta en " + e.The() + "."
		if res.Mailed {
			msg += " Le hemos enviado a " + res.User.Email + " un enlace para elegir su contraseña (caduca en " + linkValidity() + ")."
		} else {
			msg += " No se ha podido enviar el correo con el enlace para elegir su contraseña: envíeselo de nuevo desde esta página."
		}
	}
	return m.kit.Redirect(w, r, "/usuarios/"+res.User.ID+linkQuery(a, e.ID), msg)
}

// ---- Edit ----

func (m *Module) editPage(a *auth.Actor, t *target) (*web.Page, error) {
	if err := t.manage(); err != nil {
		return nil, err
	}
	q := linkQuery(a, t.Entity.ID)
	d := formData{Entity: t.Entity, Action: "/usuarios/" + t.User.ID + q, Cancel: "/usuarios/" + t.User.ID + q,
		Roles: roleChoices(t.Entity.Kind), Personal: t.mayActOnAccount(), NIFEditable: t.Accounts,
		HasMember: t.Member != nil, RoleEditable: t.Member != nil && a.UserID != t.User.ID, U: t.User}
	crumbs := []web.Crumb{listCrumb, {Label: t.User.FullName(), Href: d.Cancel}, {Label: "Cambiar los datos"}}
	if t.Entity.ID != "" {
		crumbs[0] = web.Crumb{Label: "Usuarios " + t.Entity.Of(), Href: "/usuarios" + q}
	}
	return &web.Page{Title: "Cambiar los datos de " + t.User.FullName(), Crumbs: crumbs, Data: d}, nil
}

func (m *Module) editForm(w http.ResponseWriter, r *http.Request) error {
	t, err := m.target(r)
	if err != nil {
		return err
	}
	p, err := m.editPage(kit.Actor(r), t)
	if err != nil {
		return err
	}
	u := t.User
	p.Form = map[string]string{fName: u.Name, fSurname1: u.Surname1, fSurname2: u.Surname2, fNIF: u.NIF,
		fEmail: u.Email, fPhone: u.Phone}
	if t.Member != nil {
		p.Form[fRole], p.Form[fJobTitle] = t.Member.Role, t.Member.JobTitle
	}
	return m.kit.Page(w, r, "users/form", p)
}

func (m *Module) updatePost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	a := kit.Actor(r)
	p, err := m.editPage(a, t)
	if err != nil {
		return err
	}
	in := edit{NewUser: formUser(r), Role: web.Field(r, fRole)}
	if t.Member != nil && in.Role == "" {
		in.Role = t.Member.Role
	}
	changed, err := m.update(r.Context(), a, t, in)
	if err != nil {
		return m.kit.FormPage(w, r, "users/form", p, err)
	}
	msg := "No ha cambiado ningún dato."
	if changed {
		msg = "Datos de " + t.User.FullName() + " guardados."
	}
	return m.kit.Redirect(w, r, "/usuarios/"+t.User.ID+linkQuery(a, t.Entity.ID), msg)
}
