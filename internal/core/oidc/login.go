package oidc

import (
	"errors"
	"net/http"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/op"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

var errLoginGone = errs.New(errs.Invalid, "La solicitud de acceso de la aplicación no existe, ya se usó o ha caducado. "+
	"Vuelva a la aplicación y entre de nuevo.")

// denial explains why the actor may not open an application.
type denial struct {
	App     string
	Service string
	Entity  string
	Reason  string
	Ask     string
	Admins  []string
	Other   bool
}

// loginBridge is where the provider sends the browser to authenticate: the
// gate has already made sure there is a full Concejo session (redirecting to
// /entrar?volver=... otherwise). It applies the access rule and answers the
// application with a code.
func (m *Module) loginBridge(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := auth.FromContext(ctx)
	req, err := m.storage.authRequest(ctx, r.URL.Query().Get("id"))
	if errors.Is(err, errAuthRequestGone) {
		return errLoginGone
	}
	if err != nil {
		return err
	}
	if req.IsDone {
		return errLoginGone
	}
	c, err := getClient(ctx, m.kit.DB, req.ClientID)
	if err != nil || !c.Active {
		return errLoginGone
	}
	if d, err := m.checkAccess(r, a, c); err != nil {
		return err
	} else if d != nil {
		return m.kit.Renderer.Render(w, r, http.StatusForbidden, "oidc/denied",
			&web.Page{Title: "No puede entrar en " + c.Name, Data: d})
	}
	if err := m.storage.complete(ctx, req, a); err != nil {
		if errors.Is(err, errAuthRequestGone) {
			return errLoginGone
		}
		return err
	}
	m.kit.Log.InfoContext(ctx, "acceso a aplicación", "user", a.UserID, "entity", a.Entity.ID, "client", c.ID)
	op.AuthResponse(req, m.provider, w, r)
	return nil
}

// checkAccess applies the rule: the current entity has an active adhesion
// to the client's service and the actor holds a role on it there. The
// service is the client's, known only now, so the rule reads the actor's
// roles in force (his grants) rather than a declared permission.
func (m *Module) checkAccess(r *http.Request, a *auth.Actor, c *Client) (*denial, error) {
	d := &denial{App: c.Name, Service: c.ServiceName, Entity: a.Entity.Name, Other: len(a.Switchable()) > 1}
	if a.Entity.ID == "" {
		d.Reason = "Su usuario no trabaja ahora para ninguna entidad, y el acceso a las aplicaciones se concede dentro de una entidad."
		d.Ask = "Pida al administrador de usuarios de su entidad que le dé de alta en ella."
		return d, nil
	}
	if slices.ContainsFunc(a.Grants, func(g auth.Grant) bool { return g.Service == c.ServiceCode }) {
		return nil, nil
	}
	var err error
	if d.Admins, err = entityAdmins(r.Context(), m.kit.DB, a.Entity.ID); err != nil {
		return nil, err
	}
	if !slices.Contains(a.Services, c.ServiceCode) {
		d.Reason = phrase.TheCap(a.Entity.Name) + " no tiene una adhesión activa al servicio «" + c.ServiceName +
			"», al que pertenece esta aplicación."
		d.Ask = "El administrador de usuarios " + a.Entity.Of() + " puede solicitar la adhesión al servicio desde Concejo."
		return d, nil
	}
	d.Reason = "No tiene ningún perfil en el servicio «" + c.ServiceName + "» en " + a.Entity.The() + "."
	d.Ask = "Pida al administrador de usuarios " + a.Entity.Of() + " que le conceda un perfil en ese servicio."
	return d, nil
}
