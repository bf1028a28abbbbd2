package entities

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

var listCrumb = web.Crumb{Label: "Entidades", Href: "/entidades"}

// ---- List ----

var sortOptions = []option{{"nombre", "Nombre"}, {"poblacion", "Población (de mayor a menor)"}, {"ine", "Código INE"}}

var stateOptions = []option{{"", "De alta"}, {"bajas", "De baja"}, {"todas", "Todas"}}

// listData is what /entidades shows.
type listData struct {
	Filter     Filter
	Query      string
	MinPop     string
	MaxPop     string
	Rows       []Entity
	Total      int
	Counts     []kindCount
	Kinds      []option
	Sorts      []option
	States     []option
	AllScope   bool
	CanCreate  bool
	Pagination web.Pagination
	CSVHref    string
}

// kindCount is the number of matching entities of one kind, with the link
// that filters by it.
type kindCount struct {
	Kind, Label, Href string
	N                 int
	Current           bool
}

// parseFilter reads the list filters from the query string, ignoring unknown values.
func parseFilter(q url.Values) (f Filter, text, minPop, maxPop string) {
	if k := q.Get("tipo"); hasOption(kinds, k) {
		f.Kind = k
	}
	if s := q.Get("estado"); hasOption(stateOptions, s) {
		f.State = s
	}
	if s := q.Get("orden"); hasOption(sortOptions, s) && s != "nombre" {
		f.Sort = s
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = max(f.Page, 1)
	text = strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > 100 {
		text = string([]rune(text)[:100])
	}
	f.Text = refdata.Fold(text)
	minPop, maxPop = strings.TrimSpace(q.Get("pob_min")), strings.TrimSpace(q.Get("pob_max"))
	if n, ok := parsePopulation(minPop); ok && minPop != "" {
		f.MinPop = &n
	}
	if n, ok := parsePopulation(maxPop); ok && maxPop != "" {
		f.MaxPop = &n
	}
	return f, text, minPop, maxPop
}

// filterQuery returns the filters as a query string, with kind and page
// overridden.
func filterQuery(f Filter, text, minPop, maxPop, kind string, page int) string {
	return web.ListQuery(map[string]string{"tipo": kind, "q": text, "pob_min": minPop, "pob_max": maxPop,
		"estado": f.State, "orden": f.Sort}, page)
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	f, text, minPop, maxPop := parseFilter(r.URL.Query())
	l, err := m.list(r.Context(), a, f, PageSize)
	if err != nil {
		return err
	}
	canCreate, err := m.kit.Access.Can(r.Context(), a, PermManage, a.Entity.ID)
	if err != nil {
		return err
	}
	d := listData{Filter: f, Query: text, MinPop: minPop, MaxPop: maxPop, Rows: l.Rows, Total: l.Total,
		Kinds: kinds, Sorts: sortOptions, States: stateOptions, AllScope: l.All, CanCreate: canCreate}
	for _, k := range kinds {
		if n := l.Counts[k.Value]; n > 0 {
			d.Counts = append(d.Counts, kindCount{Kind: k.Value, Label: k.Label, N: n, Current: k.Value == f.Kind,
				Href: "/entidades" + filterQuery(f, text, minPop, maxPop, k.Value, 1)})
		}
	}
	d.Pagination = web.Paginate(f.Page, l.Total, PageSize, func(page int) string {
		return "/entidades" + filterQuery(f, text, minPop, maxPop, f.Kind, page)
	})
	d.CSVHref = "/entidades.csv" + filterQuery(f, text, minPop, maxPop, f.Kind, 1)
	return m.kit.Page(w, r, "entities/list", &web.Page{Title: "Entidades", Crumbs: []web.Crumb{{Label: "Entidades"}}, Data: d})
}

func yesNo(b bool) string {
	if b {
		return "Sí"
	}
	return "No"
}

func (m *Module) listCSV(w http.ResponseWriter, r *http.Request) error {
	f, _, _, _ := parseFilter(r.URL.Query())
	l, err := m.list(r.Context(), kit.Actor(r), f, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	cw := web.CSV(w, "entidades.csv")
	cw.UseCRLF = true
	cw.Write([]string{"Tipo", "Nombre", "Código INE", "DC", "DIR3", "NIF", "Dirección", "Código postal", "Localidad",
		"Población", "Año de la población", "Correo electrónico", "Teléfono", "Alcalde o presidente", "Cargo",
		"Ayuntamiento (ELM)", "De alta", "Dato ficticio (demo)"})
	for _, e := range l.Rows {
		dc := ""
		if e.INECode != "" {
			dc = strconv.Itoa(e.INEDC)
		}
		year := ""
		if e.PopulationYear != 0 {
			year = strconv.Itoa(e.PopulationYear)
		}
		rec := []string{e.KindLabel(), e.Name, e.INECode, dc, e.DIR3, e.NIF, e.Address, e.PostalCode, e.Town,
			strconv.FormatInt(e.Population, 10), year, e.Email, e.Phone, e.MayorName, e.MayorTitle, e.ParentName,
			yesNo(e.Active), yesNo(e.Fictitious)}
		web.CSVRow(cw, rec)
	}
	cw.Flush()
	return cw.Error()
}

// ---- Detail ----

func (m *Module) detailPage(r *http.Request) (*web.Page, error) {
	d, err := m.detail(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: d.E.Name, Crumbs: []web.Crumb{listCrumb, {Label: d.E.Name}}, Data: d}, nil
}

func (m *Module) show(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "entities/entity", m.detailPage)
}

// afterDetailAction redirects to the entity after a successful action, or
// re-renders its page with the form errors.
func (m *Module) afterDetailAction(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	return m.kit.AfterPost(w, r, err, "/entidades/"+url.PathEscape(r.PathValue("id")), flash,
		"entities/entity", m.detailPage)
}

func (m *Module) addMemberPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	manc, member, err := m.addMember(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "miembro"))
	return m.afterDetailAction(w, r, err, phrase.TheCap(member.Name)+" es ahora miembro "+phrase.Of(manc.Name)+".")
}

func (m *Module) removeMemberPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	manc, member, err := m.removeMember(r.Context(), kit.Actor(r), r.PathValue("id"), r.PathValue("miembro"))
	return m.afterDetailAction(w, r, err, phrase.TheCap(member.Name)+" ya no es miembro "+phrase.Of(manc.Name)+".")
}

func (m *Module) deactivatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	e, err := m.setActive(r.Context(), kit.Actor(r), r.PathValue("id"), false)
	return m.afterDetailAction(w, r, err, e.Name+" queda dada de baja: ya no aparece en la lista de entidades de alta.")
}

func (m *Module) reactivatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	e, err := m.setActive(r.Context(), kit.Actor(r), r.PathValue("id"), true)
	return m.afterDetailAction(w, r, err, e.Name+" vuelve a estar de alta.")
}

// ---- Create and edit ----

// formData is what the entity form shows.
type formData struct {
	Creating      bool
	Full          bool   // every field (Diputación administrator) or only the contact data
	E             Entity // the entity being edited (Kind only, when creating)
	Action        string
	Cancel        string
	Ayuntamientos []Ref // parents an ELM may have
	Kinds         []option
}

func (m *Module) formPage(r *http.Request, creating bool, e Entity, full bool) (*web.Page, error) {
	d := formData{Creating: creating, Full: full, E: e, Kinds: kinds}
	if full && e.Kind == KindELM {
		var err error
		if d.Ayuntamientos, err = entitiesOfKinds(r.Context(), m.kit.DB, KindAyuntamiento); err != nil {
			return nil, err
		}
	}
	p := &web.Page{Data: &d}
	if creating {
		d.Action, d.Cancel = "/entidades", "/entidades"
		p.Title = "Nueva entidad: " + strings.ToLower(e.KindLabel())
		if e.Kind == KindELM {
			p.Title = "Nueva entidad local menor"
		}
		p.Crumbs = []web.Crumb{listCrumb, {Label: "Nueva entidad", Href: "/entidades/nueva"}, {Label: e.KindLabel()}}
	} else {
		d.Action, d.Cancel = "/entidades/"+e.ID, "/entidades/"+e.ID
		p.Title = "Cambiar los datos " + phrase.Of(e.Name)
		if !full {
			p.Title = "Cambiar los datos de contacto " + phrase.Of(e.Name)
		}
		p.Crumbs = []web.Crumb{listCrumb, {Label: e.Name, Href: "/entidades/" + e.ID}, {Label: "Cambiar datos"}}
	}
	return p, nil
}

func kindPage() *web.Page {
	return &web.Page{Title: "Nueva entidad", Crumbs: []web.Crumb{listCrumb, {Label: "Nueva entidad"}}, Data: kinds}
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("tipo")
	if !hasOption(kinds, kind) {
		return m.kit.Page(w, r, "entities/kind", kindPage())
	}
	p, err := m.formPage(r, true, Entity{Kind: kind}, true)
	if err != nil {
		return err
	}
	p.Form = map[string]string{fKind: kind}
	return m.kit.Page(w, r, "entities/form", p)
}

// input reads the entity form's fields.
func input(r *http.Request) Input {
	in := Input{}
	for _, f := range []string{fKind, fName, fINE, fDC, fDIR3, fNIF, fAddress, fPostalCode, fTown, fPopulation,
		fPopYear, fEmail, fPhone, fMayor, fTitle, fParent, fNotes} {
		in[f] = web.Field(r, f)
	}
	return in
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	in := input(r)
	e, err := m.create(r.Context(), a, in)
	if err != nil {
		fe, ok := errs.AsFields(err)
		if !ok {
			return err
		}
		if fe.For(fKind) != "" {
			return m.kit.FormPage(w, r, "entities/kind", kindPage(), err)
		}
		p, perr := m.formPage(r, true, Entity{Kind: in[fKind]}, true)
		if perr != nil {
			return perr
		}
		return m.kit.FormPage(w, r, "entities/form", p, err)
	}
	msg := e.Name + " dada de alta."
	if e.Kind == KindAyuntamiento {
		msg += " Su código DIR3 es " + e.DIR3 + "."
	}
	return m.kit.Redirect(w, r, "/entidades/"+e.ID, msg)
}

// editable loads the entity to edit and what the actor may change of it.
func (m *Module) editable(r *http.Request) (Entity, bool, error) {
	a := kit.Actor(r)
	e, err := m.get(r.Context(), m.kit.DB, a, r.PathValue("id"))
	if err != nil {
		return e, false, err
	}
	full, err := m.editMode(r.Context(), a, e)
	return e, full, err
}

func (m *Module) editForm(w http.ResponseWriter, r *http.Request) error {
	e, full, err := m.editable(r)
	if err != nil {
		return err
	}
	p, err := m.formPage(r, false, e, full)
	if err != nil {
		return err
	}
	p.Form = formValues(e)
	return m.kit.Page(w, r, "entities/form", p)
}

func (m *Module) updatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	_, err := m.update(r.Context(), a, r.PathValue("id"), input(r))
	return m.kit.AfterPost(w, r, err, "/entidades/"+url.PathEscape(r.PathValue("id")), "Datos de la entidad guardados.",
		"entities/form", m.editPage)
}

// editPage is the edit form of the entity of r.
func (m *Module) editPage(r *http.Request) (*web.Page, error) {
	e, full, err := m.editable(r)
	if err != nil {
		return nil, err
	}
	return m.formPage(r, false, e, full)
}
