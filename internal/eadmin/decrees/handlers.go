package decrees

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

const pageSize = 50

var crumbBook = web.Crumb{Label: "Resoluciones", Href: "/resoluciones"}

// option is a value and its label for selects.
type option struct{ Value, Label string }

var stateOptions = []option{{"", "Todas"}, {StateDraft, "Borradores"}, {StateSigned, "Firmadas"}}

type listData struct {
	Rows       []Decree
	Total      int
	Filter     map[string]string
	Filtered   bool
	Years      []option
	Organs     []option
	States     []option
	Pagination web.Pagination
	Books      []bookYear
	BookYear   int
	Formats    []option
	CanDraft   bool
}

// filterFrom reads the list filters of a request (unknown values are dropped).
func filterFrom(r *http.Request, entityID string) (Filter, map[string]string) {
	q := r.URL.Query()
	v := map[string]string{}
	for _, k := range []string{"anio", "q", "organo", "estado"} {
		v[k] = strings.TrimSpace(q.Get(k))
	}
	f := Filter{EntityID: entityID, Query: v["q"], Organ: v["organo"]}
	if y, err := strconv.Atoi(v["anio"]); err == nil && y >= 1900 && y <= 9999 {
		f.Year = y
	} else {
		v["anio"] = ""
	}
	if v["estado"] == StateDraft || v["estado"] == StateSigned {
		f.State = v["estado"]
	} else {
		v["estado"] = ""
	}
	if len([]rune(f.Query)) > 200 {
		f.Query = string([]rune(f.Query)[:200])
	}
	if len(f.Organ) > maxShort*4 {
		f.Organ = ""
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f, v
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	canDraft, err := m.kit.Access.CanHere(ctx, a, PermDraft)
	if err != nil {
		return err
	}
	f, v := filterFrom(r, a.Entity.ID)
	rows, total, err := list(ctx, m.kit.DB, f, pageSize)
	if err != nil {
		return err
	}
	books, err := bookYears(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	organs, err := organNames(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	d := &listData{Rows: rows, Total: total, Filter: v, States: stateOptions, Books: books, Formats: formats(),
		CanDraft: canDraft, BookYear: civilDay(m.kit.Now()).Year()}
	if f.Year != 0 {
		d.BookYear = f.Year
	}
	d.Years = []option{{"", "Todos"}}
	thisYear := strconv.Itoa(civilDay(m.kit.Now()).Year())
	if len(books) == 0 || strconv.Itoa(books[0].Year) != thisYear {
		d.Years = append(d.Years, option{thisYear, thisYear})
	}
	for _, b := range books {
		d.Years = append(d.Years, option{strconv.Itoa(b.Year), strconv.Itoa(b.Year)})
	}
	d.Organs = []option{{"", "Todos"}}
	for _, o := range organs {
		d.Organs = append(d.Organs, option{o, o})
	}
	for k, s := range v {
		d.Filtered = d.Filtered || (s != "" && k != "pagina")
	}
	d.Pagination = web.Paginate(f.Page, total, pageSize, func(p int) string { return "/resoluciones" + web.ListQuery(v, p) })
	return m.kit.Page(w, r, "decrees/list", &web.Page{Title: "Libro de resoluciones", Data: d})
}

// formats are the index downloads offered.
func formats() []option {
	out := make([]option, len(sheet.Formats))
	for i, f := range sheet.Formats {
		out[i] = option{f, strings.ToUpper(f)}
	}
	return out
}

// formData is what the draft form needs besides the values.
type formData struct {
	ID      string // empty for a new draft
	Organs  []option
	MaxText int
}

// formPage is the draft form with values form (a new draft when id is empty).
func (m *Module) formPage(id string, form map[string]string) *web.Page {
	title, crumbs := "Nueva propuesta de resolución", []web.Crumb{crumbBook}
	if id != "" {
		title = "Modificar la propuesta de resolución"
		crumbs = append(crumbs, web.Crumb{Label: "Borrador", Href: "/resoluciones/" + id})
	}
	return &web.Page{Title: title, Crumbs: crumbs, Form: form, Data: &formData{ID: id, MaxText: MaxSummary,
		Organs: []option{{OrganMayor, MayorOrgan}, {OrganDelegate, "Un concejal por delegación"}}}}
}

// formFields are the fields of the draft form.
var formFields = []string{"organo", "organo_nombre", "delegacion", "extracto", "texto", "area", "expediente", "rectifica"}

func formValues(r *http.Request) map[string]string {
	form := map[string]string{}
	for _, k := range formFields {
		form[k] = web.Field(r, k)
	}
	return form
}

func proposalFrom(entityID string, form map[string]string) Proposal {
	return Proposal{EntityID: entityID, Organ: form["organo"], OrganName: form["organo_nombre"],
		Delegation: form["delegacion"], Summary: form["extracto"], Body: form["texto"], Area: form["area"],
		CaseNumber: form["expediente"], Rectifies: form["rectifica"]}
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{"organo": OrganMayor, "rectifica": r.URL.Query().Get("rectifica")}
	if n, ok := parseNumber(form["rectifica"]); ok {
		form["rectifica"] = n
		form["extracto"] = "Rectificación de la resolución " + n
	} else {
		form["rectifica"] = ""
	}
	return m.kit.Page(w, r, "decrees/form", m.formPage("", form))
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, form := kit.Actor(r), formValues(r)
	d, err := m.createDraft(r.Context(), a, proposalFrom(a.Entity.ID, form))
	return m.kit.AfterPost(w, r, err, "/resoluciones/"+d.ID, "Propuesta de resolución guardada como borrador. "+
		"Tendrá número y fecha cuando se registre su firma.", "decrees/form",
		func(*http.Request) (*web.Page, error) { return m.formPage("", form), nil })
}

// draftOf returns the resolution of the path in the actor's entity.
func (m *Module) draftOf(r *http.Request) (Decree, error) {
	return decreeByID(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID, r.PathValue("id"))
}

func (m *Module) editForm(w http.ResponseWriter, r *http.Request) error {
	d, err := m.draftOf(r)
	if err != nil {
		return err
	}
	if d.Signed() {
		return errSigned
	}
	form := map[string]string{"organo": d.Organ, "extracto": d.Summary, "texto": d.Body, "area": d.Area,
		"expediente": d.CaseNumber}
	if d.Organ == OrganDelegate {
		form["organo_nombre"], form["delegacion"] = d.OrganName, d.Delegation
	}
	if d.RectifiesID != "" {
		if x, err := decreeByID(r.Context(), m.kit.DB, d.EntityID, d.RectifiesID); err == nil {
			form["rectifica"] = x.Number
		}
	}
	return m.kit.Page(w, r, "decrees/form", m.formPage(d.ID, form))
}

func (m *Module) editPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, form, id := kit.Actor(r), formValues(r), r.PathValue("id")
	p := proposalFrom(a.Entity.ID, form)
	if d, err := m.draftOf(r); err != nil {
		return err
	} else {
		p.CaseID = d.CaseID // the expediente's id given by another module stays
	}
	err := m.editDraft(r.Context(), a, id, p)
	return m.kit.AfterPost(w, r, err, "/resoluciones/"+id, "Borrador modificado.", "decrees/form",
		func(*http.Request) (*web.Page, error) { return m.formPage(id, form), nil })
}

func (m *Module) deletePost(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	if err := m.removeDraft(r.Context(), a, a.Entity.ID, r.PathValue("id")); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/resoluciones", "Borrador borrado.")
}

type showData struct {
	D           Decree
	Rectifies   *Decree
	RectifiedBy []Decree
	CanDraft    bool
	CanSign     bool
	Today       string
	VerifyURL   string
	// Circuit is the draft's latest circuit in the portafirmas, if any;
	// CanSendToSign lets the reader send it there.
	Circuit       *signflow.Status
	CanSendToSign bool
}

func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "decrees/decree", m.decreePage)
}

// decreePage is the page of the resolution of the path; the signing form
// starts with the mayor (or the concejalía) and today.
func (m *Module) decreePage(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	d, err := m.draftOf(r)
	if err != nil {
		return nil, err
	}
	sd := &showData{D: d, Today: civilDay(m.kit.Now()).Format("2006-01-02")}
	if d.RectifiesID != "" {
		x, err := decreeByID(ctx, m.kit.DB, d.EntityID, d.RectifiesID)
		if err != nil {
			return nil, err
		}
		sd.Rectifies = &x
	}
	form := map[string]string{}
	if d.Signed() {
		if sd.RectifiedBy, err = rectifiedBy(ctx, m.kit.DB, d.EntityID, d.ID); err != nil {
			return nil, err
		}
		// The document is issued on first sight if it was not yet.
		if _, err := m.document(ctx, directory.Entity{}, d); err != nil {
			return nil, err
		}
		sd.VerifyURL = csvdoc.URL(m.kit.Config.Public(), d.CSV)
	} else {
		if sd.CanDraft, err = m.kit.Access.CanHere(ctx, a, PermDraft); err != nil {
			return nil, err
		}
		if sd.CanSign, err = m.kit.Access.CanHere(ctx, a, PermSign); err != nil {
			return nil, err
		}
		if m.Signflow != nil {
			if st, ok, err := m.Signflow.BySource(ctx, d.EntityID, SourceType, d.ID); err != nil {
				return nil, err
			} else if ok {
				sd.Circuit = &st
			}
			send, err := m.Signflow.CanSend(ctx, a)
			if err != nil {
				return nil, err
			}
			sd.CanSendToSign = send && sd.CanDraft && (sd.Circuit == nil || !sd.Circuit.Open())
		}
		form["fecha"] = sd.Today
		if d.Organ == OrganDelegate {
			form["cargo"] = "Concejal delegado/a (" + d.OrganName + ")"
		} else if ent, err := directory.EntityByID(ctx, m.kit.DB, d.EntityID); err == nil {
			form["firmante"], form["cargo"] = ent.MayorName, ent.MayorTitle
		}
		if form["cargo"] == "" {
			form["cargo"] = "Alcalde/sa-Presidente/a"
		}
	}
	title := "Resolución " + d.Number
	if !d.Signed() {
		title = "Propuesta de resolución (borrador)"
	}
	return &web.Page{Title: title, Crumbs: []web.Crumb{crumbBook}, Data: sd, Form: form}, nil
}

func (m *Module) documentPDF(w http.ResponseWriter, r *http.Request) error {
	d, err := m.draftOf(r)
	if err != nil {
		return err
	}
	content, err := m.document(r.Context(), directory.Entity{}, d)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: filename(d), ContentType: "application/pdf", Content: content})
}

func (m *Module) signPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a, id := kit.Actor(r), r.PathValue("id")
	s := Signature{Kind: KindPaper, SignerName: web.Field(r, "firmante"), SignerPost: web.Field(r, "cargo")}
	if t, ok := web.ParseDay(web.Field(r, "fecha"), time.UTC); ok {
		s.SignedOn = t
	} else if web.Field(r, "fecha") != "" {
		s.SignedOn = invalidDay
	}
	d, err := m.sign(r.Context(), a, a.Entity.ID, id, s)
	flash := ""
	if err == nil {
		flash = "Firma registrada: resolución " + d.Number + " de " + d.SignedOnLabel() + "."
	}
	return m.kit.AfterPost(w, r, err, "/resoluciones/"+id, flash, "decrees/decree", func(r *http.Request) (*web.Page, error) {
		p, err := m.decreePage(r)
		if err == nil {
			for _, f := range []string{"firmante", "cargo", "fecha"} {
				p.Form[f] = web.Field(r, f)
			}
		}
		return p, err
	})
}
