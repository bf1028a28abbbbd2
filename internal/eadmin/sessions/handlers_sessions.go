package sessions

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/eadmin/casefile"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var crumbSessions = web.Crumb{Label: "Sesiones", Href: "/sesiones"}

type listData struct {
	Organs    []Organ
	Organ     Organ
	Year      int
	Years     []option
	OrganOpts []option
	Rows      []Session
	CanManage bool
}

// organParam picks the órgano asked (?organo=), the Pleno by default.
func organParam(organs []Organ, id string) Organ {
	for _, o := range organs {
		if o.ID == id {
			return o
		}
	}
	return organs[0]
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	organs, err := m.ensureOrgans(ctx, a, a.Entity.ID)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := &listData{Organs: organs, Organ: organParam(organs, q.Get("organo")), Year: dayOf(m.kit.Now()).Year()}
	if y, err := strconv.Atoi(q.Get("anio")); err == nil && y >= 1900 && y <= 9999 {
		d.Year = y
	}
	years, err := sessionYears(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	seen := map[int]bool{}
	for _, y := range append([]int{dayOf(m.kit.Now()).Year(), d.Year}, years...) {
		if !seen[y] {
			seen[y] = true
			d.Years = append(d.Years, option{strconv.Itoa(y), strconv.Itoa(y)})
		}
	}
	for _, o := range organs {
		d.OrganOpts = append(d.OrganOpts, option{o.ID, o.Name})
	}
	if d.Rows, err = sessionsOf(ctx, m.kit.DB, a.Entity.ID, d.Organ.ID, d.Year); err != nil {
		return err
	}
	if d.CanManage, err = m.kit.Access.CanHere(ctx, a, PermManage); err != nil {
		return err
	}
	return m.kit.Page(w, r, "sessions/list", &web.Page{Title: "Sesiones de los órganos colegiados", Data: d})
}

func (m *Module) bookPDF(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	q := r.URL.Query()
	year, err := strconv.Atoi(q.Get("anio"))
	if err != nil || year < 1900 || year > dayOf(m.kit.Now()).Year() {
		return errs.New(errs.Invalid, "El año del libro no es válido: escriba un año de cuatro cifras que no sea futuro.")
	}
	organs, err := m.ensureOrgans(ctx, a, a.Entity.ID)
	if err != nil {
		return err
	}
	o := organParam(organs, q.Get("organo"))
	ent, err := directory.EntityByID(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("libro-actas-%s-%d.pdf", o.Kind, year)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if err := m.writeBook(ctx, w, ent, o, year); err != nil {
		m.kit.Log.Error("sesiones: libro de actas en PDF", "entidad", ent.ID, "anio", year, "error", err)
	}
	return nil
}

type newData struct {
	Organs []option
	Kinds  []option
	Files  []casefile.ReadyFile
	Actas  []Session
	Chosen map[string]bool
	Abs    map[string]bool
	Acta   map[string]bool
}

var kindOptions = []option{{KindOrdinary, "Ordinaria"}, {KindExtraordinary, "Extraordinaria"}, {KindUrgent, "Extraordinaria y urgente"}}

// newPage is the convocation form for the órgano asked.
func (m *Module) newPage(r *http.Request, form map[string]string) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	organs, err := m.ensureOrgans(ctx, a, a.Entity.ID)
	if err != nil {
		return nil, err
	}
	o := organParam(organs, form["organo"])
	form["organo"] = o.ID
	d := &newData{Kinds: kindOptions, Chosen: map[string]bool{}, Abs: map[string]bool{}, Acta: map[string]bool{}}
	for _, x := range organs {
		d.Organs = append(d.Organs, option{x.ID, x.Name})
	}
	if d.Files, err = m.cases.ReadyForSession(ctx, a.Entity.ID); err != nil {
		return nil, err
	}
	if d.Actas, err = pendingActas(ctx, m.kit.DB, a.Entity.ID, o.ID); err != nil {
		return nil, err
	}
	_ = r.ParseForm()
	for _, v := range r.PostForm["expedientes"] {
		d.Chosen[v] = true
	}
	for _, v := range r.PostForm["absoluta"] {
		d.Abs[v] = true
	}
	for _, v := range r.PostForm["actas"] {
		d.Acta[v] = true
	}
	if r.Method == http.MethodGet {
		for _, s := range d.Actas {
			d.Acta[s.ID] = true
		}
	}
	return &web.Page{Title: "Convocar una sesión", Crumbs: []web.Crumb{crumbSessions}, Data: d, Form: form}, nil
}

func (m *Module) newForm(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{"organo": r.URL.Query().Get("organo"), "clase": KindOrdinary, "hora": "19:00",
		"lugar":        "Salón de Plenos de la Casa Consistorial",
		"informativos": "Dación de cuenta de las resoluciones de la Alcaldía dictadas desde la última sesión ordinaria\nRuegos y preguntas"}
	p, err := m.newPage(r, form)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "sessions/new", p)
}

var newFields = []string{"organo", "clase", "fecha", "hora", "lugar", "asuntos", "informativos"}

// parseWhen reads a date (2026-11-27 or 27/11/2026) and a time (19:00) in Madrid.
func parseWhen(day, hour string) (time.Time, bool) {
	if hour == "" {
		hour = "00:00"
	}
	for _, layout := range []string{"2006-01-02 15:04", "02/01/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(day)+" "+strings.TrimSpace(hour), web.Madrid); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (m *Module) convenePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	form := map[string]string{}
	for _, f := range newFields {
		form[f] = web.Field(r, f)
	}
	c := Convocation{EntityID: a.Entity.ID, OrganID: form["organo"], Kind: form["clase"], Place: form["lugar"],
		Files: r.PostForm["expedientes"], Absolute: r.PostForm["absoluta"], Actas: r.PostForm["actas"],
		Motions: lines(form["asuntos"]), Infos: lines(form["informativos"])}
	var err error
	if t, ok := parseWhen(form["fecha"], form["hora"]); ok {
		c.StartsAt = t
	} else if form["fecha"] != "" {
		err = errs.Fields{{Field: "fecha", Message: "La fecha o la hora no son válidas: escriba la fecha como día/mes/año (por ejemplo 27/11/2026) o elíjala en el calendario, y la hora como 19:00."}}
	}
	var s Session
	if err == nil {
		s, err = m.convene(r.Context(), a, c)
	}
	return m.kit.AfterPost(w, r, err, "/sesiones/"+s.ID, "Sesión convocada. La convocatoria se ha enviado por correo a los miembros que tienen dirección.",
		"sessions/new", func(r *http.Request) (*web.Page, error) { return m.newPage(r, form) })
}
