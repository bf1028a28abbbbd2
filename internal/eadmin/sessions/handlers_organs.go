package sessions

import (
	"net/http"
	"strconv"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var crumbOrgans = web.Crumb{Label: "Órganos colegiados", Href: "/organos"}

// option is a value and its label for selects.
type option struct{ Value, Label string }

var roleOptions = []option{{RoleMember, "Miembro (concejal)"}, {RolePresident, "Presidente"}, {RoleSecretary, "Secretario (sin voto)"}}

type organsData struct {
	Organs    []Organ
	HasJunta  bool
	CanManage bool
}

func (m *Module) organsPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	organs, err := m.ensureOrgans(ctx, a, a.Entity.ID)
	if err != nil {
		return err
	}
	d := &organsData{Organs: organs}
	for _, o := range organs {
		d.HasJunta = d.HasJunta || o.Kind == OrganJunta
	}
	if d.CanManage, err = m.kit.Access.CanHere(ctx, a, PermManage); err != nil {
		return err
	}
	return m.kit.Page(w, r, "sessions/organs", &web.Page{Title: "Órganos colegiados", Data: d,
		Crumbs: []web.Crumb{{Label: "Sesiones", Href: "/sesiones"}}})
}

func (m *Module) createJuntaPost(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	o, err := m.createJunta(r.Context(), a, a.Entity.ID)
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/organos/"+o.ID, "Junta de Gobierno Local creada con el Presidente y el Secretario del Pleno: añada sus miembros.")
}

type organData struct {
	O         Organ
	Members   []Member
	Roles     []option
	CanManage bool
}

// organPageOf is the page of the órgano of the path.
func (m *Module) organPageOf(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	o, err := organByID(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := &organData{O: o, Roles: roleOptions}
	if d.Members, err = membersOf(ctx, m.kit.DB, o.EntityID, o.ID, false); err != nil {
		return nil, err
	}
	if d.CanManage, err = m.kit.Access.CanHere(ctx, a, PermManage); err != nil {
		return nil, err
	}
	form := map[string]string{"nombre": o.Name, "miembros": strconv.Itoa(o.LegalMembers), "papel": RoleMember}
	return &web.Page{Title: o.Name, Crumbs: []web.Crumb{crumbOrgans}, Data: d, Form: form}, nil
}

func (m *Module) organPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "sessions/organ", m.organPageOf)
}

// retryOrgan re-renders the órgano's page with the fields posted.
func (m *Module) retryOrgan(fields ...string) kit.PageFunc {
	return func(r *http.Request) (*web.Page, error) {
		p, err := m.organPageOf(r)
		if err == nil {
			for _, f := range fields {
				p.Form[f] = web.Field(r, f)
			}
		}
		return p, err
	}
}

func (m *Module) editOrganPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	legal, _ := strconv.Atoi(web.Field(r, "miembros"))
	err := m.editOrgan(r.Context(), a, a.Entity.ID, id, web.Field(r, "nombre"), legal)
	return m.kit.AfterPost(w, r, err, "/organos/"+id, "Órgano modificado.", "sessions/organ", m.retryOrgan("nombre", "miembros"))
}

func memberFrom(r *http.Request, entityID, organID, memberID string) Member {
	return Member{EntityID: entityID, OrganID: organID, ID: memberID, Role: web.Field(r, "papel"), Name: web.Field(r, "nombre_miembro"),
		Post: web.Field(r, "cargo"), Group: web.Field(r, "grupo"), Email: web.Field(r, "correo")}
}

var memberFields = []string{"papel", "nombre_miembro", "cargo", "grupo", "correo"}

func (m *Module) addMemberPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	mb, err := m.saveMember(r.Context(), a, memberFrom(r, a.Entity.ID, id, ""))
	return m.kit.AfterPost(w, r, err, "/organos/"+id, "Miembro añadido: "+mb.Name+".", "sessions/organ", m.retryOrgan(memberFields...))
}

func (m *Module) editMemberPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	mb, err := m.saveMember(r.Context(), a, memberFrom(r, a.Entity.ID, id, r.PathValue("member")))
	return m.kit.AfterPost(w, r, err, "/organos/"+id, "Miembro modificado: "+mb.Name+".", "sessions/organ", m.retryOrgan())
}

func (m *Module) removeMemberPost(w http.ResponseWriter, r *http.Request) error {
	a, id := kit.Actor(r), r.PathValue("id")
	if err := m.removeMember(r.Context(), a, a.Entity.ID, id, r.PathValue("member")); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/organos/"+id, "Baja registrada: el miembro ya no se convoca, y las actas anteriores lo conservan.")
}
