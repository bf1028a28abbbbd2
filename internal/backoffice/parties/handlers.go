package parties

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// PageSize is the number of terceros per page of the list.
const PageSize = 50

func entityParam(r *http.Request) string { return r.URL.Query().Get("entidad") }

// linkOf is path with the request's ?entidad= kept.
func linkOf(r *http.Request, path string) string {
	if e := entityParam(r); e != "" {
		return path + "?entidad=" + url.QueryEscape(e)
	}
	return path
}

func rootCrumb(acc territory.Target) web.Crumb {
	return web.Crumb{Label: "Terceros " + acc.Of(), Href: acc.Link("/terceros")}
}

// partyCrumbs are the crumbs of a page about p: the entity's terceros, p
// (linked to its record) and label.
func partyCrumbs(acc territory.Target, p Party, label string) []web.Crumb {
	return []web.Crumb{rootCrumb(acc), {Label: p.FullName(), Href: acc.Link("/terceros/" + p.ID)}, {Label: label}}
}

type option struct{ Value, Label string }

var (
	kindOptions    = []option{{KindPerson, "Persona física"}, {KindLegal, "Persona jurídica"}}
	docOptions     = []option{{DocNIF, "NIF (DNI)"}, {DocNIE, "NIE"}, {DocCIF, "CIF (NIF de persona jurídica)"}, {DocPassport, "Pasaporte"}, {DocOther, "Otro documento o sin documento"}}
	repKindOptions = []option{{"voluntaria", "Voluntaria (apoderamiento)"}, {"legal", "Legal (padres, tutores, administradores)"}}
)

// ---- List ----

type listData struct {
	Acc        territory.Target
	Query      string
	Filter     Filter
	Kinds      []option
	Rows       []Party
	Total      int
	Pagination web.Pagination
	CSVHref    string
}

func parseFilter(q url.Values) (Filter, string) {
	text := strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > 100 {
		text = string([]rune(text)[:100])
	}
	f := Filter{Words: searchWords(text), Merged: q.Get("fusionados") == "1"}
	if k := q.Get("tipo"); k == KindPerson || k == KindLegal {
		f.Kind = k
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = max(f.Page, 1)
	return f, text
}

func listQuery(acc territory.Target, f Filter, text string, page int) string {
	merged := ""
	if f.Merged {
		merged = "1"
	}
	return web.ListQuery(map[string]string{"q": text, "tipo": f.Kind, "fusionados": merged,
		"entidad": strings.TrimPrefix(acc.Query, "?entidad=")}, page)
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	choose, err := perms.Chooses(r.Context(), m.kit.Access, kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	if choose {
		return m.chooser(w, r)
	}
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	f, text := parseFilter(r.URL.Query())
	rows, total, err := listParties(r.Context(), m.kit.DB, m.kit.DB.Engine, acc.EntityID, f, PageSize, (f.Page-1)*PageSize)
	if err != nil {
		return err
	}
	d := listData{Acc: acc, Query: text, Filter: f, Kinds: kindOptions, Rows: rows, Total: total}
	d.Pagination = web.Paginate(f.Page, total, PageSize, func(p int) string { return "/terceros" + listQuery(acc, f, text, p) })
	d.CSVHref = "/terceros.csv" + listQuery(acc, f, text, 1)
	return m.kit.Page(w, r, "parties/list", &web.Page{Title: "Terceros " + acc.Of(), Crumbs: []web.Crumb{{Label: "Terceros"}}, Data: d})
}

type entityCount struct {
	ID, Name string
	Parties  int
}

func (m *Module) chooser(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	counts, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (entityCount, error) {
		var e entityCount
		err := sc.Scan(&e.ID, &e.Parties)
		return e, err
	}, `SELECT entity_id, COUNT(*) FROM parties GROUP BY entity_id`)
	if err != nil {
		return fmt.Errorf("terceros: contar los terceros de cada entidad: %w", err)
	}
	ids := make([]string, len(counts))
	n := make(map[string]int, len(counts))
	for i, c := range counts {
		ids[i], n[c.ID] = c.ID, c.Parties
	}
	ents, err := directory.EntitiesByIDs(ctx, m.kit.DB, ids, directory.ByFoldedName)
	if err != nil {
		return fmt.Errorf("terceros: leer las entidades con terceros: %w", err)
	}
	list := make([]entityCount, len(ents))
	for i, e := range ents {
		list[i] = entityCount{ID: e.ID, Name: e.Name, Parties: n[e.ID]}
	}
	return m.kit.Page(w, r, "parties/choose", &web.Page{Title: "Terceros de las entidades", Crumbs: []web.Crumb{{Label: "Terceros"}}, Data: list})
}

func (m *Module) listCSV(w http.ResponseWriter, r *http.Request) error {
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	f, _ := parseFilter(r.URL.Query())
	rows, _, err := listParties(r.Context(), m.kit.DB, m.kit.DB.Engine, acc.EntityID, f, 0, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	cw := web.CSV(w, "terceros.csv")
	cw.UseCRLF = true
	cw.Write([]string{"Tipo", "Tipo de documento", "Documento", "Nombre o razón social", "Primer apellido", "Segundo apellido",
		"Correo electrónico", "Teléfono", "Notificación electrónica", "Código postal", "Alta"})
	for _, p := range rows {
		notify := "No"
		if p.ElectronicNotification {
			notify = "Sí"
		}
		rec := []string{p.KindLabel(), p.DocType, p.DocNumber, p.Name, p.Surname1, p.Surname2, p.Email, p.Phone, notify,
			p.PostalCode, p.CreatedAt.Format("02/01/2006")}
		web.CSVRow(cw, rec)
	}
	cw.Flush()
	return cw.Error()
}

// ---- Create and edit ----

type formData struct {
	Acc       territory.Target
	Creating  bool
	Party     Party
	Action    string
	Cancel    string
	Kinds     []option
	Docs      []option
	Countries []Country
	Similar   []Party
}

// input reads the party form.
func input(r *http.Request) (Party, bool, error) {
	p := Party{Kind: web.Field(r, FieldKind), DocType: web.Field(r, FieldDocType), DocNumber: web.Field(r, FieldDocNumber),
		DocCountry: web.Field(r, FieldDocCountry), Name: web.Field(r, FieldName), Surname1: web.Field(r, FieldSurname1),
		Surname2: web.Field(r, FieldSurname2), Email: web.Field(r, FieldEmail), Phone: web.Field(r, FieldPhone),
		ElectronicNotification: web.Field(r, FieldNotify) == "1", AddressText: web.Field(r, FieldAddressText),
		PostalCode: web.Field(r, FieldPostalCode), Town: web.Field(r, FieldTown), Province: web.Field(r, FieldProvince),
		CountryCode: web.Field(r, FieldCountry), Notes: web.Field(r, FieldNotes)}
	if v := web.Field(r, FieldBirthDate); v != "" {
		d, ok := web.ParseDay(v, time.UTC)
		if !ok {
			return p, false, fieldError(FieldBirthDate, web.BadDay("la fecha de nacimiento"))
		}
		p.BirthDate = &d
	}
	return p, web.Field(r, "confirmar") == "1", nil
}

func (m *Module) formPage(r *http.Request, creating bool) (*web.Page, error) {
	var acc territory.Target
	var err error
	if acc, err = m.writable(r.Context(), kit.Actor(r), entityParam(r)); err != nil {
		return nil, err
	}
	d := &formData{Acc: acc, Creating: creating, Kinds: kindOptions, Docs: docOptions, Countries: Countries()}
	p := &web.Page{Data: d}
	if creating {
		d.Action, d.Cancel = acc.Link("/terceros"), acc.Link("/terceros")
		p.Title = "Nuevo tercero"
		p.Crumbs = []web.Crumb{rootCrumb(acc), {Label: "Nuevo tercero"}}
		return p, nil
	}
	party, err := m.load(r.Context(), m.kit.DB, acc, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d.Party = party
	d.Action, d.Cancel = acc.Link("/terceros/"+party.ID), acc.Link("/terceros/"+party.ID)
	p.Title = "Cambiar los datos de " + party.FullName()
	p.Crumbs = partyCrumbs(acc, party, "Cambiar datos")
	return p, nil
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := m.formPage(r, true)
	if err != nil {
		return err
	}
	p.Form = map[string]string{FieldKind: KindPerson, FieldDocType: DocNIF}
	return m.kit.Page(w, r, "parties/form", p)
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in, confirm, err := input(r)
	var p Party
	var similar []Party
	if err == nil {
		p, similar, err = m.create(r.Context(), kit.Actor(r), entityParam(r), in, confirm)
	}
	if err != nil {
		if _, ok := errs.AsFields(err); !ok {
			return err
		}
		page, perr := m.formPage(r, true)
		if perr != nil {
			return perr
		}
		page.Data.(*formData).Similar = similar
		return m.kit.FormPage(w, r, "parties/form", page, err)
	}
	return m.kit.Redirect(w, r, linkOf(r, "/terceros/"+p.ID), p.FullName()+" dado de alta como tercero.")
}

func formValues(p Party) map[string]string {
	v := map[string]string{FieldKind: p.Kind, FieldDocType: p.DocType, FieldDocNumber: p.DocNumber, FieldDocCountry: p.DocCountry,
		FieldName: p.Name, FieldSurname1: p.Surname1, FieldSurname2: p.Surname2, FieldEmail: p.Email, FieldPhone: p.Phone,
		FieldAddressText: p.AddressText, FieldPostalCode: p.PostalCode, FieldTown: p.Town, FieldProvince: p.Province,
		FieldCountry: p.CountryCode, FieldNotes: p.Notes}
	if p.BirthDate != nil {
		v[FieldBirthDate] = web.DayValue(*p.BirthDate)
	}
	if p.ElectronicNotification {
		v[FieldNotify] = "1"
	}
	return v
}

func (m *Module) editForm(w http.ResponseWriter, r *http.Request) error {
	p, err := m.formPage(r, false)
	if err != nil {
		return err
	}
	party := p.Data.(*formData).Party
	if party.Merged() {
		return errs.New(errs.Conflict, "Este tercero se fusionó con otro: cambie los datos del que se conserva.")
	}
	p.Form = formValues(party)
	return m.kit.Page(w, r, "parties/form", p)
}

func (m *Module) updatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in, _, err := input(r)
	if err == nil {
		_, err = m.update(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), in)
	}
	return m.kit.AfterPost(w, r, err, linkOf(r, "/terceros/"+url.PathEscape(r.PathValue("id"))), "Datos del tercero guardados.",
		"parties/form", func(r *http.Request) (*web.Page, error) { return m.formPage(r, false) })
}
