package users

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

var listCrumb = web.Crumb{Label: "Usuarios", Href: "/usuarios"}

// option is a value of a select with its label.
type option struct{ Value, Label string }

var stateOptions = []option{{"", "Todos"}, {StateActive, "Activos"}, {StateBlocked, "Bloqueados"}, {StateGone, "De baja"}}

var sortOptions = []option{{"", "Apellidos"}, {"alta", "Alta más reciente"}, {"acceso", "Último acceso"}}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// entityQuery is the ?entidad= suffix that names the working entity in links.
func entityQuery(entityID string) string {
	if entityID == "" {
		return ""
	}
	return "?entidad=" + url.QueryEscape(entityID)
}

// linkQuery is entityQuery, left out when the entity is the actor's
// current one (the default), so links stay short.
func linkQuery(a *auth.Actor, entityID string) string {
	if entityID == a.Entity.ID {
		return ""
	}
	return entityQuery(entityID)
}

// listScope is which users a list shows.
type listScope struct {
	Entity directory.Entity // empty ID: every user (All) or none yet (Choose)
	All    bool
	Choose bool // the actor reads several entities and must pick one
	// AllEntities: the actor reads the users of every entity, and may pick any.
	AllEntities bool
	// readers are the entities whose users the actor reads.
	readers db.Scope
}

// listEntity decides the entity of /usuarios: the ?entidad= one (if the
// actor reads it), else every user for who reads every entity's, else the
// current entity, else the actor picks one of those he reads (the router
// has checked that he reads some).
func (m *Module) listEntity(ctx context.Context, a *auth.Actor, explicit string) (listScope, error) {
	sc, err := m.kit.Access.Scope(ctx, a, PermRead)
	if err != nil {
		return listScope{}, err
	}
	s := listScope{AllEntities: sc.All, readers: sc}
	id := explicit
	switch {
	case explicit != "":
		ok, err := m.reads(ctx, a, explicit)
		if err != nil {
			return s, err
		}
		if !ok {
			return s, errs.ErrNotFound
		}
	case sc.All:
		s.All = true
		return s, nil
	case slices.Contains(sc.IDs, a.Entity.ID):
		id = a.Entity.ID
	default:
		s.Choose = true
		return s, nil
	}
	e, err := entityByID(ctx, m.kit.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return s, errs.ErrNotFound
	}
	s.Entity = e
	return s, err
}

// readable lists by name the entities of sc the actor works for or serves.
func readable(a *auth.Actor, sc db.Scope) []auth.EntityRef {
	var out []auth.EntityRef
	for _, e := range a.Switchable() {
		if slices.Contains(sc.IDs, e.ID) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y auth.EntityRef) int {
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}

// parseFilter reads the list filters, ignoring unknown values.
func parseFilter(q url.Values) (f Filter, text string) {
	if s := q.Get("estado"); hasOption(stateOptions, s) {
		f.State = s
	}
	if s := q.Get("orden"); hasOption(sortOptions, s) {
		f.Sort = s
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = min(max(f.Page, 1), 100000)
	text = strings.TrimSpace(q.Get("q"))
	if r := []rune(text); len(r) > 100 {
		text = string(r[:100])
	}
	f.Text = refdata.Fold(text)
	return f, text
}

// filterQuery writes the filters back as a query string with page.
func filterQuery(entityID, text string, f Filter, page int) string {
	return web.ListQuery(map[string]string{"entidad": entityID, "q": text, "estado": f.State, "orden": f.Sort}, page)
}

// listData is what /usuarios shows.
type listData struct {
	listScope
	Query      string
	Filter     Filter
	Entities   []auth.EntityRef
	States     []option
	Sorts      []option
	Rows       []Row
	Total      int
	Pagination web.Pagination
	CSVHref    string
	CanCreate  bool
	// Invitations are the entity's pending invitations (for its user administrators).
	Invitations []Invitation
	NewHref     string
	LinkQuery   string
	Filtered    bool
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	ctx := r.Context()
	s, err := m.listEntity(ctx, a, r.URL.Query().Get("entidad"))
	if err != nil {
		return err
	}
	f, text := parseFilter(r.URL.Query())
	d := listData{listScope: s, Query: text, Filter: f, States: stateOptions, Sorts: sortOptions,
		Filtered: text != "" || f.State != "" || f.Sort != ""}
	if s.AllEntities {
		all, err := allEntities(ctx, m.kit.DB)
		if err != nil {
			return err
		}
		for _, e := range all {
			d.Entities = append(d.Entities, auth.EntityRef{ID: e.ID, Name: e.Name, Kind: e.Kind})
		}
	} else {
		d.Entities = readable(a, s.readers)
	}
	title := "Usuarios"
	if s.Entity.ID != "" {
		title = "Usuarios " + s.Entity.Of()
		if d.CanCreate, err = m.kit.Access.Can(ctx, a, PermManage, s.Entity.ID); err != nil {
			return err
		}
		d.LinkQuery = linkQuery(a, s.Entity.ID)
		d.NewHref = "/usuarios/nuevo" + d.LinkQuery
		if d.CanCreate {
			if d.Invitations, err = pendingInvitations(ctx, m.kit.DB, s.Entity.ID, "", time.Now().UTC()); err != nil {
				return err
			}
		}
	}
	if !s.Choose {
		f.EntityID = s.Entity.ID
		d.Rows, d.Total, err = listUsers(ctx, m.kit.DB, f, PageSize)
		if err != nil {
			return err
		}
		if s.All {
			if err := m.attachEntities(ctx, d.Rows); err != nil {
				return err
			}
		}
		d.Pagination = web.Paginate(f.Page, d.Total, PageSize, func(page int) string {
			return "/usuarios" + filterQuery(s.Entity.ID, text, f, page)
		})
		d.CSVHref = "/usuarios.csv" + filterQuery(s.Entity.ID, text, f, 1)
	}
	return m.kit.Page(w, r, "users/list", &web.Page{Title: title, Crumbs: []web.Crumb{{Label: "Usuarios"}}, Data: d})
}

// attachEntities fills the memberships of list rows.
func (m *Module) attachEntities(ctx context.Context, rows []Row) error {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	ms, err := membershipsOf(ctx, m.kit.DB, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Entities = ms[rows[i].ID]
	}
	return nil
}

func (m *Module) listCSV(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	ctx := r.Context()
	s, err := m.listEntity(ctx, a, r.URL.Query().Get("entidad"))
	if err != nil {
		return err
	}
	if s.Choose {
		return errs.New(errs.Invalid, "Elija primero la entidad cuyos usuarios quiere descargar.")
	}
	f, _ := parseFilter(r.URL.Query())
	f.EntityID = s.Entity.ID
	rows, _, err := listUsers(ctx, m.kit.DB, f, 0)
	if err != nil {
		return err
	}
	if s.All {
		if err := m.attachEntities(ctx, rows); err != nil {
			return err
		}
	}
	name := "usuarios.csv"
	if s.Entity.ID != "" {
		name = "usuarios-" + refdata.Slug(s.Entity.Name) + ".csv"
	}
	w.Header().Set("Cache-Control", "private, no-store")
	cw := web.CSV(w, name)
	cw.UseCRLF = true
	head := []string{"Primer apellido", "Segundo apellido", "Nombre", "NIF", "Correo electrónico", "Teléfono", "Estado"}
	if s.All {
		head = append(head, "Entidades", "Papel en la Diputación")
	} else {
		head = append(head, "Papel en "+s.Entity.The(), "Cargo")
	}
	head = append(head, "Último acceso", "Alta")
	cw.Write(head)
	for _, u := range rows {
		rec := []string{u.Surname1, u.Surname2, u.Name, u.NIF, u.Email, u.Phone, u.StateLabel()}
		if s.All {
			var names []string
			for _, e := range u.Entities {
				names = append(names, e.EntityName+" ("+strings.ToLower(e.RoleLabel())+")")
			}
			rec = append(rec, strings.Join(names, ", "), globalRoleLabels[u.GlobalRole])
		} else {
			rec = append(rec, u.RoleLabel(), u.JobTitle)
		}
		rec = append(rec, web.DateTime(u.LastLoginAt), web.Date(u.CreatedAt))
		web.CSVRow(cw, rec)
	}
	cw.Flush()
	return cw.Error()
}
