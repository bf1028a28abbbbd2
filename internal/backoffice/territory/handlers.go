package territory

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// PageSize is the number of rows per page of the lists.
const PageSize = 50

// entityParam is the ?entidad= of a request.
func entityParam(r *http.Request) string { return r.URL.Query().Get("entidad") }

func rootCrumb(acc Target) web.Crumb {
	return web.Crumb{Label: "Callejero " + acc.Of(), Href: acc.Link("/callejero")}
}

// ---- Overview and entity chooser ----

// entityCount is an entity with the size of its callejero, for Diputación staff.
type entityCount struct {
	ID, Name           string
	Streets, Dwellings int
}

type overviewData struct {
	Acc      Target
	Counts   Counts
	Nuclei   []Nucleus
	Sections []Section
	Kinds    []option
}

type option struct{ Value, Label string }

var nucleusKinds = []option{{KindNucleus, "Núcleo"}, {KindDiseminado, "Diseminado"}}

func (m *Module) overviewPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	acc, err := m.target(r.Context(), a, entityParam(r))
	if err != nil {
		return nil, err
	}
	d := overviewData{Acc: acc, Kinds: nucleusKinds}
	ctx := r.Context()
	if d.Counts, err = CountsOf(ctx, m.kit.DB, acc.EntityID); err != nil {
		return nil, err
	}
	if d.Nuclei, err = listNuclei(ctx, m.kit.DB, acc.EntityID); err != nil {
		return nil, err
	}
	if d.Sections, err = listSections(ctx, m.kit.DB, acc.EntityID); err != nil {
		return nil, err
	}
	return &web.Page{Title: "Callejero " + acc.Of(), Crumbs: []web.Crumb{{Label: "Callejero"}}, Data: d}, nil
}

func (m *Module) overview(w http.ResponseWriter, r *http.Request) error {
	choose, err := perms.Chooses(r.Context(), m.kit.Access, kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	if choose {
		return m.chooser(w, r)
	}
	return m.kit.Show(w, r, "territory/overview", m.overviewPage)
}

// chooser lets Diputación staff pick the municipality whose callejero to read.
func (m *Module) chooser(w http.ResponseWriter, r *http.Request) error {
	sizes, err := callejeroSizes(r.Context(), m.kit.DB)
	if err != nil {
		return err
	}
	ents, err := directory.EntitiesByIDs(r.Context(), m.kit.DB, slices.Collect(maps.Keys(sizes)), directory.ByFoldedName)
	if err != nil {
		return err
	}
	list := make([]entityCount, len(ents))
	for i, e := range ents {
		list[i] = sizes[e.ID]
		list[i].Name = e.Name
	}
	return m.kit.Page(w, r, "territory/choose", &web.Page{Title: "Callejeros de los municipios", Crumbs: []web.Crumb{{Label: "Callejero"}}, Data: list})
}

func (m *Module) nucleusPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := NucleusInput{Code: web.Field(r, "nucleo_codigo"), Name: web.Field(r, "nucleo_nombre"), Kind: web.Field(r, "nucleo_tipo"),
		Singular: web.Field(r, "nucleo_singular"), Collective: web.Field(r, "nucleo_colectiva")}
	n, err := m.createNucleus(r.Context(), kit.Actor(r), entityParam(r), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero"), "Núcleo «"+n.Name+"» dado de alta.", "territory/overview", m.overviewPage)
}

func (m *Module) sectionPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := SectionInput{District: web.Field(r, "distrito"), Section: web.Field(r, "seccion"), Name: web.Field(r, "seccion_nombre")}
	s, err := m.createSection(r.Context(), kit.Actor(r), entityParam(r), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero"), "Sección "+s.Code()+" dada de alta.", "territory/overview", m.overviewPage)
}

// linkOf is path with the request's ?entidad= kept.
func linkOf(r *http.Request, path string) string {
	if e := entityParam(r); e != "" {
		return path + "?entidad=" + url.QueryEscape(e)
	}
	return path
}

// ---- Streets ----

var streetSorts = []option{{"", "Nombre"}, {"ine", "Código INE"}}

type streetListData struct {
	Acc        Target
	Query      string
	Filter     StreetFilter
	Sections   []Section
	Sorts      []option
	Rows       []Street
	Total      int
	Pagination web.Pagination
	CSVHref    string
}

func parseStreetFilter(q url.Values) (StreetFilter, string) {
	text := strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > 100 {
		text = string([]rune(text)[:100])
	}
	f := StreetFilter{Words: words(text), SectionID: q.Get("seccion"), All: q.Get("todas") == "1"}
	if q.Get("orden") == "ine" {
		f.Sort = "ine"
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = max(f.Page, 1)
	return f, text
}

func (acc Target) listQuery(f StreetFilter, text string, page int) string {
	all := ""
	if f.All {
		all = "1"
	}
	v := web.ListValues(map[string]string{"q": text, "seccion": f.SectionID, "todas": all, "orden": f.Sort,
		"entidad": strings.TrimPrefix(acc.Query, "?entidad=")}, page)
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

func (m *Module) streetList(w http.ResponseWriter, r *http.Request) error {
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	f, text := parseStreetFilter(r.URL.Query())
	rows, total, err := listStreets(r.Context(), m.kit.DB, acc.EntityID, f, PageSize, (f.Page-1)*PageSize)
	if err != nil {
		return err
	}
	secs, err := listSections(r.Context(), m.kit.DB, acc.EntityID)
	if err != nil {
		return err
	}
	d := streetListData{Acc: acc, Query: text, Filter: f, Sections: secs, Sorts: streetSorts, Rows: rows, Total: total}
	d.Pagination = web.Paginate(f.Page, total, PageSize, func(p int) string { return "/callejero/vias" + acc.listQuery(f, text, p) })
	d.CSVHref = "/callejero/vias.csv" + acc.listQuery(f, text, 1)
	return m.kit.Page(w, r, "territory/streets", &web.Page{Title: "Vías " + acc.Of(),
		Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Vías"}}, Data: d})
}

func (m *Module) streetCSV(w http.ResponseWriter, r *http.Request) error {
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	f, _ := parseStreetFilter(r.URL.Query())
	rows, _, err := listStreets(r.Context(), m.kit.DB, acc.EntityID, f, 0, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	cw := web.CSV(w, "vias.csv")
	cw.UseCRLF = true
	cw.Write([]string{"Código INE", "Tipo", "Tipo (código INE)", "Nombre", "Secciones", "Portales", "Viviendas", "Alta", "Baja"})
	for _, s := range rows {
		var secs []string
		for _, c := range s.Sections {
			secs = append(secs, c.Code())
		}
		to := ""
		if s.ValidTo != nil {
			to = s.ValidTo.Format("02/01/2006")
		}
		rec := []string{s.INECode, s.TypeName(), s.TypeCode, s.Name, strings.Join(secs, " "), strconv.Itoa(s.Addresses),
			strconv.Itoa(s.Dwellings), s.ValidFrom.Format("02/01/2006"), to}
		web.CSVRow(cw, rec)
	}
	cw.Flush()
	return cw.Error()
}

type streetFormData struct {
	Acc   Target
	Types []StreetType
}

func (m *Module) streetNewPage(r *http.Request) (*web.Page, error) {
	acc, err := m.writable(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Nueva vía", Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Vías", Href: acc.Link("/callejero/vias")},
		{Label: "Nueva vía"}}, Data: streetFormData{Acc: acc, Types: StreetTypes()}}, nil
}

func (m *Module) streetNew(w http.ResponseWriter, r *http.Request) error {
	p, err := m.streetNewPage(r)
	if err != nil {
		return err
	}
	p.Form = map[string]string{"tipo": "CALLE"}
	return m.kit.Page(w, r, "territory/street-new", p)
}

func (m *Module) streetPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := StreetInput{Code: web.Field(r, "codigo"), Type: web.Field(r, "tipo"), Name: web.Field(r, "nombre"), From: web.Field(r, "desde")}
	s, err := m.createStreet(r.Context(), kit.Actor(r), entityParam(r), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero/vias/"+s.ID), s.FullName()+" dada de alta con el código "+s.INECode+".",
		"territory/street-new", m.streetNewPage)
}

type streetData struct {
	Acc      Target
	Street   Street
	Names    []StreetName
	Portals  []Address
	Counts   map[string]int
	Nuclei   []Nucleus
	Sections []Section
	Types    []StreetType
}

func (m *Module) streetPage(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	acc, err := m.target(ctx, kit.Actor(r), entityParam(r))
	if err != nil {
		return nil, err
	}
	st, err := getStreet(ctx, m.kit.DB, acc.EntityID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d := streetData{Acc: acc, Street: st, Types: StreetTypes()}
	secs, err := sectionsOfStreets(ctx, m.kit.DB, acc.EntityID, []string{st.ID})
	if err != nil {
		return nil, err
	}
	d.Street.Sections = secs[st.ID]
	if d.Names, err = streetNames(ctx, m.kit.DB, acc.EntityID, st.ID); err != nil {
		return nil, err
	}
	if d.Portals, err = portalsOfStreet(ctx, m.kit.DB, acc.EntityID, st.ID); err != nil {
		return nil, err
	}
	if d.Counts, err = dwellingCountsOf(ctx, m.kit.DB, acc.EntityID, st.ID); err != nil {
		return nil, err
	}
	if acc.Write {
		if d.Nuclei, err = listNuclei(ctx, m.kit.DB, acc.EntityID); err != nil {
			return nil, err
		}
		if d.Sections, err = listSections(ctx, m.kit.DB, acc.EntityID); err != nil {
			return nil, err
		}
	}
	return &web.Page{Title: st.FullName(), Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Vías", Href: acc.Link("/callejero/vias")},
		{Label: st.FullName()}}, Data: d}, nil
}

func (m *Module) streetShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "territory/street", m.streetPage)
}

func (m *Module) renamePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := RenameInput{Type: web.Field(r, "nuevo_tipo"), Name: web.Field(r, "nuevo_nombre"), From: web.Field(r, "efecto"), Reason: web.Field(r, "motivo")}
	s, err := m.renameStreet(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero/vias/"+url.PathEscape(r.PathValue("id"))),
		"La vía se llama ahora "+s.FullName()+"; el nombre anterior queda en su historial.", "territory/street", m.streetPage)
}

func (m *Module) portalPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := PortalInput{Number: web.Field(r, "numero"), Letter: web.Field(r, "letra"), Km: web.Field(r, "km"), Block: web.Field(r, "bloque"),
		Portal: web.Field(r, "portal"), Nucleus: web.Field(r, "nucleo"), Section: web.Field(r, "seccion_censal"),
		PostalCode: web.Field(r, "codigo_postal"), Cadastre: web.Field(r, "ref_catastral"), Lat: web.Field(r, "latitud"), Lon: web.Field(r, "longitud")}
	p, err := m.createPortal(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero/portales/"+p.ID), "Número dado de alta: añada ahora sus viviendas.",
		"territory/street", m.streetPage)
}

// ---- Addresses (portales) and dwellings ----

type portalData struct {
	Acc       Target
	Portal    Address
	Dwellings []Address
	Kinds     []option
}

var dwellingKinds = []option{{"vivienda", "Vivienda"}, {"local", "Local"}, {"colectivo", "Establecimiento colectivo"}}

func (m *Module) portalPage(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	acc, err := m.target(ctx, kit.Actor(r), entityParam(r))
	if err != nil {
		return nil, err
	}
	p, err := getPortal(ctx, m.kit.DB, acc.EntityID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	ds, err := dwellingsOfPortal(ctx, m.kit.DB, acc.EntityID, p.AddressID)
	if err != nil {
		return nil, err
	}
	street := web.Join(" ", TypeName(p.StreetType), p.StreetName)
	return &web.Page{Title: p.Line(), Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Vías", Href: acc.Link("/callejero/vias")},
		{Label: street, Href: acc.Link("/callejero/vias/" + p.StreetID)}, {Label: p.Line()}},
		Data: portalData{Acc: acc, Portal: p, Dwellings: ds, Kinds: dwellingKinds}}, nil
}

func (m *Module) portalShow(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "territory/portal", m.portalPage)
}

func (m *Module) dwellingPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := DwellingInput{Stair: web.Field(r, "escalera"), Floor: web.Field(r, "planta"), Door: web.Field(r, "puerta"),
		Kind: web.Field(r, "clase"), Cadastre: web.Field(r, "ref_catastral_vivienda")}
	_, err := m.createDwelling(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), in)
	return m.kit.AfterPost(w, r, err, linkOf(r, "/callejero/portales/"+url.PathEscape(r.PathValue("id"))), "Vivienda dada de alta.",
		"territory/portal", m.portalPage)
}

type searchData struct {
	Acc     Target
	Query   string
	Rows    []Address
	Limited bool
}

func (m *Module) dwellingSearch(w http.ResponseWriter, r *http.Request) error {
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	d := searchData{Acc: acc, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if len([]rune(d.Query)) > 100 {
		d.Query = string([]rune(d.Query)[:100])
	}
	if d.Query != "" {
		if d.Rows, err = FindDwellings(r.Context(), m.kit.DB, acc.EntityID, DwellingQuery{Text: d.Query, Limit: 101}); err != nil {
			return err
		}
		if len(d.Rows) > 100 {
			d.Rows, d.Limited = d.Rows[:100], true
		}
	}
	return m.kit.Page(w, r, "territory/dwellings", &web.Page{Title: "Buscar una vivienda",
		Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Buscar una vivienda"}}, Data: d})
}
