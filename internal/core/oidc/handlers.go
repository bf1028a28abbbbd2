package oidc

import (
	"errors"
	"net/http"
	"strings"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var listCrumb = web.Crumb{Label: "Aplicaciones", Href: "/aplicaciones"}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	clients, err := listClients(r.Context(), m.kit.DB)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "oidc/list", &web.Page{Title: "Aplicaciones", Crumbs: []web.Crumb{{Label: "Aplicaciones"}},
		Data: map[string]any{"Clients": clients, "Issuer": m.Issuer()}})
}

// clientForm reads the application form posted to register or change a
// client; a change keeps the client's type, whatever the form says.
func clientForm(r *http.Request) ClientForm {
	return ClientForm{Name: web.Field(r, "nombre"), Service: web.Field(r, "servicio"),
		Confidential: web.Field(r, "tipo") != "publica", Machine: web.Field(r, "maquina") == "si",
		RedirectURIs: r.PostFormValue("redirecciones"), LogoutURIs: r.PostFormValue("tras_salir"),
		BackchannelURI: web.Field(r, "cierre_sesion")}
}

// values is the form as shown again with its errors.
func (f ClientForm) values() map[string]string {
	return map[string]string{"nombre": f.Name, "servicio": f.Service, "redirecciones": f.RedirectURIs,
		"tras_salir": f.LogoutURIs, "cierre_sesion": f.BackchannelURI}
}

func (m *Module) formPage(r *http.Request) (*web.Page, error) {
	services, err := listServices(r.Context(), m.kit.DB)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Nueva aplicación", Crumbs: []web.Crumb{listCrumb, {Label: "Nueva aplicación"}},
		Data: map[string]any{"Services": services}, Form: map[string]string{"tipo": "confidencial"}}, nil
}

func (m *Module) newPage(w http.ResponseWriter, r *http.Request) error {
	p, err := m.formPage(r)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "oidc/form", p)
}

func (m *Module) create(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	f := clientForm(r)
	c, secret, err := m.createClient(r.Context(), a, f)
	if err != nil {
		p, perr := m.formPage(r)
		if perr != nil {
			return perr
		}
		p.Form = f.values()
		p.Form["tipo"], p.Form["maquina"] = web.Field(r, "tipo"), web.Field(r, "maquina")
		return m.kit.FormPage(w, r, "oidc/form", p, err)
	}
	// The secret is shown once, on this answer, and never stored in clear:
	// so this POST renders instead of redirecting.
	return m.detail(w, r, c.ID, secret, "Aplicación registrada.")
}

func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	return m.detail(w, r, r.PathValue("id"), "", "")
}

func (m *Module) detail(w http.ResponseWriter, r *http.Request, clientID, secret, notice string) error {
	c, err := getClient(r.Context(), m.kit.DB, clientID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return m.kit.Page(w, r, "oidc/detail", &web.Page{Title: c.Name, Crumbs: []web.Crumb{listCrumb, {Label: c.Name}},
		Data: map[string]any{"C": c, "Secret": secret, "Notice": notice, "Issuer": m.Issuer()}})
}

func (m *Module) newSecret(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	c, secret, err := m.rotateSecret(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.detail(w, r, c.ID, secret, "Se ha generado un secreto nuevo; el anterior ya no sirve.")
}

func (m *Module) setActive(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var active bool
	switch web.Field(r, "activa") {
	case "si":
		active = true
	case "no":
	default:
		return errs.New(errs.Invalid, "Indique si la aplicación queda activa o desactivada.")
	}
	c, err := m.changeActive(r.Context(), kit.Actor(r), r.PathValue("id"), active)
	if err != nil {
		return err
	}
	msg := "La aplicación está desactivada: nadie puede entrar en ella y sus tokens se han revocado."
	if active {
		msg = "La aplicación vuelve a estar activa."
	}
	return m.kit.Redirect(w, r, "/aplicaciones/"+c.ID, msg)
}

func (m *Module) editForm(r *http.Request, c *Client) (*web.Page, error) {
	services, err := listServices(r.Context(), m.kit.DB)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Modificar " + c.Name,
		Crumbs: []web.Crumb{listCrumb, {Label: c.Name, Href: "/aplicaciones/" + c.ID}, {Label: "Modificar"}},
		Data:   map[string]any{"Services": services, "C": c},
		Form: map[string]string{"nombre": c.Name, "servicio": c.ServiceCode, "redirecciones": strings.Join(c.RedirectURIs, "\n"),
			"tras_salir": strings.Join(c.PostLogoutURIs, "\n"), "cierre_sesion": c.BackchannelURI}}, nil
}

func (m *Module) editPage(w http.ResponseWriter, r *http.Request) error {
	c, err := getClient(r.Context(), m.kit.DB, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := m.editForm(r, c)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "oidc/form", p)
}

func (m *Module) update(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	f := clientForm(r)
	c, err := m.updateClient(r.Context(), a, r.PathValue("id"), f)
	var fe errs.Fields
	if errors.As(err, &fe) {
		cur, gerr := getClient(r.Context(), m.kit.DB, r.PathValue("id"))
		if gerr != nil {
			return gerr
		}
		p, perr := m.editForm(r, cur)
		if perr != nil {
			return perr
		}
		p.Form = f.values()
		return m.kit.FormPage(w, r, "oidc/form", p, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/aplicaciones/"+c.ID, "Cambios guardados.")
}
