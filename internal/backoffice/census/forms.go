package census

import (
	"net/http"
	"sort"
	"strings"

	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// formOptions are the lists the person and variation forms offer.
type formOptions struct {
	Causes    []option
	Provinces []option
	Countries []option
	Studies   []option
	DocTypes  []option
}

func optionsFor(kind string) formOptions {
	var o formOptions
	for _, c := range causesOf(kind) {
		if c.Code == "BK" || c.Code == "BU" || c.Code == "MR" || c.Code == "MD" || c.Code == "MC" {
			continue // caducidad: the batch; duplicado: INE; modificaciones have their own forms
		}
		o.Causes = append(o.Causes, option{c.Code, c.Name})
	}
	o.Provinces = append(o.Provinces, option{inefile.Abroad, "Extranjero"})
	for _, p := range places().provinces {
		o.Provinces = append(o.Provinces, option{p.Code, p.Name})
	}
	o.Countries = append([]option{{"108", "España"}}, places().countries...)
	codes := make([]string, 0, len(inefile.StudiesLevels))
	for c := range inefile.StudiesLevels {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	o.Studies = append(o.Studies, option{"", "No consta (menor de 16 años)"})
	for _, c := range codes {
		o.Studies = append(o.Studies, option{c, c + " · " + inefile.StudiesLevels[c]})
	}
	o.DocTypes = []option{{"dni", "DNI"}, {"nie", "NIE (tarjeta de extranjero o certificado de registro UE)"},
		{"pasaporte", "Pasaporte"}, {"", "Sin documento (menores)"}}
	return o
}

// personFromForm reads the person fields of a form.
func personFromForm(get func(string) string) (PersonData, errs.Fields) {
	var fe errs.Fields
	p := PersonData{Name: get("nombre"), Surname1: get("apellido1"), Surname2: get("apellido2"), Sex: get("sexo"),
		BirthProvince: get("nac_provincia"), BirthMunicipality: get("nac_municipio"), Nationality: get("nacionalidad"),
		DocType: get("documento_tipo"), DocNumber: get("documento"), Studies: get("estudios")}
	if p.BirthProvince == inefile.Abroad && p.BirthMunicipality == "" {
		p.BirthMunicipality = get("nac_pais")
	}
	if s := get("nacimiento"); s != "" {
		t, err := parseDate(s)
		if err != nil {
			fe.Add("nacimiento", "Escriba la fecha de nacimiento como día/mes/año, por ejemplo 27/11/1980.")
		}
		p.BirthDate = t
	}
	return p, fe
}

func formValues(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = web.Field(r, n)
	}
	return out
}

var personFields = []string{"nombre", "apellido1", "apellido2", "sexo", "nacimiento", "nac_provincia", "nac_municipio",
	"nac_pais", "nacionalidad", "documento_tipo", "documento", "estudios", "encsarp"}

var variationFields = []string{"causa", "fecha", "documento_acreditativo", "observaciones", "vivienda", "buscar_vivienda",
	"procedencia_provincia", "procedencia_municipio", "destino", "destino_municipio"}

// altaPage builds the alta form: ?vivienda= preselects a dwelling and
// ?buscar_vivienda= lists dwellings of the callejero to choose from (the
// search button submits the form by GET, so it works without JavaScript).
func (m *Module) altaPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	form := map[string]string{}
	src := r.URL.Query()
	if r.Method == http.MethodPost {
		src = r.PostForm
	}
	for _, n := range append(append([]string{}, personFields...), variationFields...) {
		form[n] = strings.TrimSpace(src.Get(n))
	}
	if len([]rune(form["buscar_vivienda"])) > 100 {
		return nil, errs.New(errs.Invalid, "La búsqueda es demasiado larga.")
	}
	data := map[string]any{"Options": optionsFor(inefile.Alta), "Mode": "alta", "Action": "/padron/altas"}
	var chosen territory.Address
	if id := form["vivienda"]; id != "" {
		if addr, err := territory.DwellingAddress(r.Context(), m.kit.DB, a.Entity.ID, id); err == nil {
			chosen = addr
		} else {
			form["vivienda"] = ""
		}
	}
	data["Chosen"] = chosen
	if q := form["buscar_vivienda"]; q != "" {
		found, err := territory.FindDwellings(r.Context(), m.kit.DB, a.Entity.ID, territory.DwellingQuery{Text: q, ActiveOnly: true, Limit: 30})
		if err != nil {
			return nil, err
		}
		data["Found"] = found
		data["Searched"] = true
	}
	return &web.Page{Title: "Alta en el padrón", Crumbs: []web.Crumb{homeCrumb}, Data: data, Form: form}, nil
}

func (m *Module) altaForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/person", m.altaPage)
}

func (m *Module) altaPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	p, fe := personFromForm(func(n string) string { return web.Field(r, n) })
	in := AltaInput{Cause: web.Field(r, "causa"), Document: web.Field(r, "documento_acreditativo"),
		Notes: web.Field(r, "observaciones"), DwellingID: web.Field(r, "vivienda"), Person: p,
		FromProvince: web.Field(r, "procedencia_provincia"), FromMunicipality: web.Field(r, "procedencia_municipio"),
		Encsarp: web.Field(r, "encsarp") != ""}
	if s := web.Field(r, "fecha"); s != "" {
		t, err := parseDate(s)
		if err != nil {
			fe.Add("fecha", err.Error())
		}
		in.EffectiveOn = t
	}
	var i Inscription
	err := fe.Err()
	if err == nil {
		i, err = m.Alta(r.Context(), a, in)
	}
	return m.kit.AfterPost(w, r, err, "/padron/habitantes/"+i.ID, "Alta registrada: "+i.FullName()+".", "census/person", m.altaPage)
}

// inscriptionForm builds the page of a variation form of an inscription.
func (m *Module) inscriptionForm(r *http.Request, mode, title string) (*web.Page, Inscription, error) {
	a := kit.Actor(r)
	i, err := getInscription(r.Context(), m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return nil, i, err
	}
	if !i.Active {
		return nil, i, errs.New(errs.Conflict, "La inscripción está de baja desde el "+web.Date(i.LeftOn)+".")
	}
	addr, _ := territory.DwellingAddress(r.Context(), m.kit.DB, a.Entity.ID, i.DwellingID)
	form := map[string]string{}
	src := r.URL.Query()
	if r.Method == http.MethodPost {
		src = r.PostForm
	}
	for _, n := range append(append([]string{}, personFields...), variationFields...) {
		form[n] = strings.TrimSpace(src.Get(n))
	}
	kind := inefile.Baja
	if mode != "baja" {
		kind = inefile.Modificacion
	}
	data := map[string]any{"I": i, "Address": addr, "Options": optionsFor(kind), "Mode": mode,
		"Action": "/padron/habitantes/" + i.ID + "/" + mode}
	if mode == "correccion" && r.Method == http.MethodGet {
		form["nombre"], form["apellido1"], form["apellido2"], form["sexo"] = i.Name, i.Surname1, i.Surname2, i.Sex
		form["nacimiento"], form["nac_provincia"] = web.DayValue(i.BirthDate), i.BirthProvince
		if i.BirthProvince == inefile.Abroad {
			form["nac_pais"] = i.BirthMunicipality
		} else {
			form["nac_municipio"] = i.BirthMunicipality
		}
		form["nacionalidad"], form["documento_tipo"], form["documento"], form["estudios"] = i.Nationality, i.DocType, i.DocNumber, i.Studies
		if i.Encsarp() {
			form["encsarp"] = "1"
		}
	}
	return &web.Page{Title: title + ": " + i.FullName(), Data: data, Form: form,
		Crumbs: []web.Crumb{homeCrumb, {Label: i.FullName(), Href: "/padron/habitantes/" + i.ID}}}, i, nil
}

func (m *Module) pageOf(mode, title string) kit.PageFunc {
	return func(r *http.Request) (*web.Page, error) {
		p, _, err := m.inscriptionForm(r, mode, title)
		return p, err
	}
}

func (m *Module) bajaForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/variation", m.pageOf("baja", "Baja en el padrón"))
}

func (m *Module) bajaPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	in := BajaInput{Cause: web.Field(r, "causa"), Document: web.Field(r, "documento_acreditativo"), Notes: web.Field(r, "observaciones"),
		ToProvince: web.Field(r, "destino"), ToMunicipality: web.Field(r, "destino_municipio")}
	var fe errs.Fields
	if t, err := parseDate(web.Field(r, "fecha")); err == nil {
		in.EffectiveOn = t
	}
	if in.ToProvince != "" && !validProvince(in.ToProvince) {
		fe.Add("destino", "Elija la provincia de destino, o «Extranjero».")
	}
	err := fe.Err()
	if err == nil {
		err = m.Baja(r.Context(), kit.Actor(r), r.PathValue("id"), in)
	}
	return m.kit.AfterPost(w, r, err, "/padron/habitantes/"+r.PathValue("id"), "Baja registrada.", "census/variation",
		m.pageOf("baja", "Baja en el padrón"))
}

func (m *Module) correctForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/person", m.correctPage)
}

func (m *Module) correctPage(r *http.Request) (*web.Page, error) {
	p, i, err := m.inscriptionForm(r, "correccion", "Corrección de datos")
	if err != nil {
		return nil, err
	}
	d := p.Data.(map[string]any)
	d["Options"] = optionsFor(inefile.Alta)
	d["Action"] = "/padron/habitantes/" + i.ID + "/correccion"
	return p, nil
}

func (m *Module) correctPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	p, fe := personFromForm(func(n string) string { return web.Field(r, n) })
	err := fe.Err()
	if err == nil {
		err = m.Correct(r.Context(), kit.Actor(r), r.PathValue("id"), p, web.Field(r, "documento_acreditativo"),
			web.Field(r, "observaciones"), web.Field(r, "encsarp") != "")
	}
	return m.kit.AfterPost(w, r, err, "/padron/habitantes/"+r.PathValue("id"), "Datos corregidos.", "census/person", m.correctPage)
}

func (m *Module) renewPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	t, _ := parseDate(web.Field(r, "fecha"))
	err := m.Renew(r.Context(), kit.Actor(r), r.PathValue("id"), t, web.Field(r, "documento_acreditativo"))
	return m.kit.AfterPost(w, r, err, "/padron/habitantes/"+r.PathValue("id"), "Renovación registrada: la inscripción vale dos años más.",
		"census/inscription", m.inscriptionPage)
}
