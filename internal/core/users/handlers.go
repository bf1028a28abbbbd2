package users

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/core/entities"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// ---- Detail ----

// appGrants is one application on the detail page: the roles the user holds
// in the entity and those that can still be granted.
type appGrants struct {
	Code      string
	Name      string
	Held      []GrantRow
	Available []AppRole
	Adhered   bool
}

// historyRow is a line of the user's history.
type historyRow struct {
	Seq       int64
	At        time.Time
	ActorName string
	Entity    string
	Label     string
}

// detailData is what /usuarios/{id} shows.
type detailData struct {
	U             User
	Entity        directory.Entity
	Member        *Membership
	Memberships   []Membership
	OtherEntities int // memberships the actor does not see
	Apps          []appGrants
	Sessions      int
	LastSeen      time.Time
	History       []historyRow
	CanManage     bool
	CanBlock      bool
	// AccountActions: the actor may act on the whole account (sessions, password link, block).
	AccountActions bool
	// AccountView: the actor sees the account's contact phone and activity
	// (its sessions, its last access): only on an account that is the
	// working entity's alone, or as the Diputación administrator.
	AccountView bool
	// Accounts: the actor holds PermAccounts (every entity's history, the Diputación roles).
	Accounts        bool
	Self            bool
	Q               string // ?entidad= suffix for the forms
	GlobalRoles     []option
	ShowGlobalRoles bool
}

// target loads the user of the request's {id} in the request's ?entidad=.
func (m *Module) target(r *http.Request) (*target, error) {
	return m.load(r.Context(), kit.Actor(r), r.PathValue("id"), r.URL.Query().Get("entidad"))
}

func (m *Module) detail(ctx context.Context, a *auth.Actor, t *target) (*web.Page, error) {
	d := detailData{U: t.User, Entity: t.Entity, Member: t.Member, CanManage: t.CanManage, Accounts: t.Accounts,
		Self: a.UserID == t.User.ID, Q: linkQuery(a, t.Entity.ID), AccountActions: t.mayActOnAccount()}
	d.CanBlock = d.AccountActions && !d.Self
	d.AccountView = t.Accounts || t.ownAccount()
	for _, mm := range t.Memberships {
		seen, err := m.kit.Access.Can(ctx, a, entities.PermRead, mm.EntityID)
		if err != nil {
			return nil, err
		}
		if !seen {
			d.OtherEntities++
			continue
		}
		reads, err := m.reads(ctx, a, mm.EntityID)
		if err != nil {
			return nil, err
		}
		if reads {
			mm.Link = "/usuarios/" + t.User.ID + linkQuery(a, mm.EntityID)
		}
		d.Memberships = append(d.Memberships, mm)
	}
	if t.Member != nil {
		apps, err := m.appGrants(ctx, t)
		if err != nil {
			return nil, err
		}
		d.Apps = apps
	}
	if d.AccountView {
		open, err := m.kit.Sessions.Open(ctx, t.User.ID)
		if err != nil {
			return nil, err
		}
		d.Sessions = len(open)
		for _, s := range open {
			if s.LastSeen.After(d.LastSeen) {
				d.LastSeen = s.LastSeen
			}
		}
	}
	var err error
	if d.History, err = m.history(ctx, t); err != nil {
		return nil, err
	}
	if t.Accounts {
		d.ShowGlobalRoles = true
		for _, r := range []string{"", auth.RoleDipTecnico, auth.RoleDipAdmin} {
			d.GlobalRoles = append(d.GlobalRoles, option{r, globalRoleLabels[r]})
		}
	}
	crumbs := []web.Crumb{listCrumb, {Label: t.User.FullName()}}
	if t.Entity.ID != "" {
		crumbs[0] = web.Crumb{Label: "Usuarios " + t.Entity.Of(), Href: "/usuarios" + linkQuery(a, t.Entity.ID)}
	}
	return &web.Page{Title: t.User.FullName(), Crumbs: crumbs, Data: d}, nil
}

// appGrants groups the user's grants in the working entity by application,
// with the roles still available in the applications the entity is adhered to.
func (m *Module) appGrants(ctx context.Context, t *target) ([]appGrants, error) {
	held, err := grantsIn(ctx, m.kit.DB, t.Entity.ID, t.User.ID)
	if err != nil {
		return nil, err
	}
	active, err := m.adh.ActiveServices(ctx, t.Entity.ID)
	if err != nil {
		return nil, err
	}
	codes := slices.Clone(active)
	for _, g := range held {
		if !slices.Contains(codes, g.Service) {
			codes = append(codes, g.Service)
		}
	}
	catalogue, err := apps(ctx, m.kit.DB, codes)
	if err != nil {
		return nil, err
	}
	var out []appGrants
	for _, app := range catalogue {
		ag := appGrants{Code: app.Code, Name: app.Name, Adhered: slices.Contains(active, app.Code)}
		for _, g := range held {
			if g.Service == app.Code {
				ag.Held = append(ag.Held, g)
			}
		}
		if ag.Adhered {
			for _, r := range app.Roles {
				if !slices.ContainsFunc(ag.Held, func(g GrantRow) bool { return g.Role == r.Code }) {
					ag.Available = append(ag.Available, r)
				}
			}
		}
		out = append(out, ag)
	}
	return out, nil
}

// actionLabels describe audited actions on users.
var actionLabels = map[string]string{
	"usuario.crear":                  "Alta en Concejo",
	"usuario.vincular":               "Vinculación a la entidad (ya tenía cuenta)",
	"usuario.modificar":              "Cambio de datos",
	"usuario.bloquear":               "Bloqueo de la cuenta",
	"usuario.desbloquear":            "Desbloqueo de la cuenta",
	"usuario.baja":                   "Baja en la entidad",
	"usuario.cerrar_sesiones":        "Cierre de todas sus sesiones",
	"usuario.enviar_enlace":          "Envío de un enlace para establecer la contraseña",
	"usuario.rol_global":             "Cambio de su papel en la Diputación",
	"usuario.cambiar_contrasena":     "Cambio de contraseña",
	"usuario.activar_segundo_factor": "Activación del segundo factor",
	"permiso.conceder":               "Perfil concedido",
	"permiso.retirar":                "Perfil retirado",
}

// history reads the audit rows about the user: those of the working
// entity, or all for who holds PermAccounts.
func (m *Module) history(ctx context.Context, t *target) ([]historyRow, error) {
	f := audit.Filter{ObjectType: "usuario", ObjectID: t.User.ID, Limit: 50}
	if !t.Accounts {
		f.EntityID = t.Entity.ID
		if f.EntityID == "" {
			return nil, nil
		}
	}
	recs, err := audit.List(ctx, m.kit.DB, f)
	if err != nil {
		return nil, err
	}
	names := map[string]string{"": "—"}
	for _, mm := range t.Memberships {
		names[mm.EntityID] = mm.EntityName
	}
	out := make([]historyRow, 0, len(recs))
	for _, rec := range recs {
		name, ok := names[rec.EntityID]
		if !ok {
			e, err := entityByID(ctx, m.kit.DB, rec.EntityID)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return nil, err
			}
			name = e.Name
			names[rec.EntityID] = name
		}
		label, ok := actionLabels[rec.Action]
		if !ok {
			label = rec.Action
		}
		var g map[string]any
		for _, js := range []string{rec.AfterJSON, rec.BeforeJSON} {
			if json.Unmarshal([]byte(js), &g) == nil && g["aplicacion"] != nil {
				label += ": " + toString(g["aplicacion"]) + " — " + toString(g["perfil"])
				break
			}
		}
		out = append(out, historyRow{Seq: rec.Seq, At: rec.At, ActorName: rec.ActorName, Entity: name, Label: label})
	}
	return out, nil
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func (m *Module) show(w http.ResponseWriter, r *http.Request) error {
	t, err := m.target(r)
	if err != nil {
		return err
	}
	p, err := m.detail(r.Context(), kit.Actor(r), t)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "users/user", p)
}

// after ends an action on a user: a redirect to his page with a flash, or
// the page again with the form errors (422); other errors go up.
func (m *Module) after(w http.ResponseWriter, r *http.Request, t *target, err error, flash string) error {
	return m.kit.AfterPost(w, r, err, "/usuarios/"+t.User.ID+linkQuery(kit.Actor(r), t.Entity.ID), flash, "users/user",
		func(r *http.Request) (*web.Page, error) {
			fresh, err := m.load(r.Context(), kit.Actor(r), t.User.ID, t.Entity.ID)
			if err != nil {
				return nil, err
			}
			return m.detail(r.Context(), kit.Actor(r), fresh)
		})
}

// action parses the form and loads the target of a POST on /usuarios/{id}/...
func (m *Module) action(w http.ResponseWriter, r *http.Request) (*target, error) {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return nil, err
	}
	return m.target(r)
}

func (m *Module) blockPost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	err = m.block(r.Context(), kit.Actor(r), t)
	return m.after(w, r, t, err, "Cuenta de "+t.User.FullName()+" bloqueada: no puede entrar y se han cerrado sus sesiones.")
}

func (m *Module) unblockPost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	err = m.unblock(r.Context(), kit.Actor(r), t)
	return m.after(w, r, t, err, "Cuenta de "+t.User.FullName()+" desbloqueada: ya puede volver a entrar.")
}

func (m *Module) removePost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	a := kit.Actor(r)
	gone, err := m.remove(r.Context(), a, t)
	if err != nil {
		return err
	}
	msg := t.User.FullName() + " ya no es usuario " + t.Entity.Of() + " y ha perdido sus perfiles allí."
	if gone {
		msg += " Como no trabaja para ninguna otra entidad, su cuenta queda de baja y se han cerrado sus sesiones."
	}
	if t.Accounts {
		return m.kit.Redirect(w, r, "/usuarios/"+t.User.ID, msg)
	}
	return m.kit.Redirect(w, r, "/usuarios"+linkQuery(a, t.Entity.ID), msg)
}

func (m *Module) grantPost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	service, role := web.Field(r, "servicio"), web.Field(r, "rol")
	if p := web.Field(r, fGrant); p != "" {
		// The detail page's single select sends "servicio/rol".
		service, role, _ = strings.Cut(p, "/")
	}
	label, err := m.grant(r.Context(), kit.Actor(r), t, service, role)
	return m.after(w, r, t, err, "Concedido a "+t.User.FullName()+" el perfil "+label+" en "+t.Entity.The()+".")
}

func (m *Module) revokePost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	label, err := m.revoke(r.Context(), kit.Actor(r), t, web.Field(r, "servicio"), web.Field(r, "rol"))
	return m.after(w, r, t, err, "Retirado a "+t.User.FullName()+" el perfil "+label+" en "+t.Entity.The()+".")
}

func (m *Module) closeSessionsPost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	n, err := m.closeSessions(r.Context(), kit.Actor(r), t)
	msg := "No tenía ninguna sesión abierta."
	switch {
	case n == 1:
		msg = "Se ha cerrado la única sesión abierta de " + t.User.FullName() + "."
	case n > 1:
		msg = "Se han cerrado las " + strconv.FormatInt(n, 10) + " sesiones abiertas de " + t.User.FullName() + "."
	}
	return m.after(w, r, t, err, msg)
}

func (m *Module) sendLinkPost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	err = m.sendLink(r.Context(), kit.Actor(r), t)
	return m.after(w, r, t, err, "Se ha enviado a "+t.User.Email+" un enlace para establecer la contraseña. Caduca en "+linkValidity()+".")
}

func (m *Module) globalRolePost(w http.ResponseWriter, r *http.Request) error {
	t, err := m.action(w, r)
	if err != nil {
		return err
	}
	role := web.Field(r, "rol_global")
	err = m.setGlobal(r.Context(), kit.Actor(r), t, role)
	return m.after(w, r, t, err, "Papel en la Diputación de "+t.User.FullName()+": "+globalRoleLabels[role]+".")
}
