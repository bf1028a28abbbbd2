package eoffice

import (
	"concejo/internal/eadmin/signflow"
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
	"concejo/internal/refdata"
)

// publicPage loads the entity, its sede and the citizen (if identified).
func (m *Module) publicPage(r *http.Request, title, section string) (*sedePage, Site, error) {
	e, err := m.entity(r)
	if err != nil {
		return nil, Site{}, err
	}
	s, err := site(r.Context(), m.kit.DB, e)
	if err != nil {
		return nil, Site{}, err
	}
	c, err := m.citizen(r, e.ID)
	if err != nil {
		return nil, Site{}, err
	}
	p := &sedePage{Title: title, E: e, Section: section, Citizen: c}
	if section != "inicio" {
		p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, e)}, {Label: title}}
	}
	return p, s, nil
}

type homeData struct {
	Site       Site
	Procedures int
	Today      workcal.Holiday
	IsHoliday  bool
	Working    bool
}

// home is the sede's front page: identification of the sede and its owner,
// the official date and time, and the map of the sede (RD 203/2021 art. 11).
func (m *Module) home(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Inicio", "inicio")
	if err != nil {
		return err
	}
	list, err := m.catalogue(r.Context(), s.E.ID, "")
	if err != nil {
		return err
	}
	procs := len(list)
	cal := s.calendar()
	h, isHoliday := cal.Holiday(m.now())
	p.Title = "Sede electrónica"
	p.Data = homeData{Site: s, Procedures: procs, Today: h, IsHoliday: isHoliday, Working: cal.IsWorkingDay(m.now())}
	return m.render(w, r, http.StatusOK, "home", p)
}

type proceduresData struct {
	Site  Site
	Query string
	Rows  []Procedure
}

// procedures is the public catálogo de procedimientos.
func (m *Module) procedures(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Catálogo de procedimientos", "procedimientos")
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	rows, err := m.catalogue(r.Context(), s.E.ID, refdata.Fold(q))
	if err != nil {
		return err
	}
	p.Data = proceduresData{Site: s, Query: q, Rows: rows}
	return m.render(w, r, http.StatusOK, "procedures", p)
}

type calendarData struct {
	Site      Site
	Year      int
	Holidays  []workcal.Holiday
	Covered   bool
	Prev      int
	Next      int
	HasPrev   bool
	HasNext   bool
	Municipal bool
}

// calendar shows the official date and time and the days that do not count
// for plazos (Ley 39/2015 arts. 30 and 31; RD 203/2021 art. 11.1 f).
func (m *Module) calendar(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Calendario de días inhábiles y hora oficial", "calendario")
	if err != nil {
		return err
	}
	year := m.now().In(web.Madrid).Year()
	if v := r.URL.Query().Get("anio"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 3000 {
			return errs.New(errs.Invalid, "El año no es válido: escriba cuatro cifras, por ejemplo "+strconv.Itoa(year)+".")
		}
		year = y
	}
	d := calendarData{Site: s, Year: year, Covered: workcal.Covers(year), Prev: year - 1, Next: year + 1,
		HasPrev: workcal.Covers(year - 1), HasNext: workcal.Covers(year + 1), Municipal: s.CalendarINE != ""}
	if d.Covered {
		d.Holidays = s.calendar().Holidays(year)
	}
	p.Data = d
	return m.render(w, r, http.StatusOK, "calendar", p)
}

// accessibility is the declaración de accesibilidad (RD 1112/2018 art. 15).
func (m *Module) accessibility(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Declaración de accesibilidad", "")
	if err != nil {
		return err
	}
	p.Data = s
	return m.render(w, r, http.StatusOK, "accessibility", p)
}

// legal is the aviso legal, data protection and incidents contact.
// legalData is the aviso legal: the site and the entity's electronic seals.
type legalData struct {
	Site
	Seals []signflow.Certificate
}

func (m *Module) legal(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Aviso legal y protección de datos", "")
	if err != nil {
		return err
	}
	d := legalData{Site: s}
	if m.Seals != nil {
		if d.Seals, err = m.Seals(r.Context(), s.E.ID); err != nil {
			return err
		}
	}
	p.Data = d
	return m.render(w, r, http.StatusOK, "legal", p)
}

type registryData struct {
	Site    Site
	Open    bool
	Working bool
	NextDay time.Time
}

// registryInfo explains the registro electrónico and leads to the form.
func (m *Module) registryInfo(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Registro electrónico", "registro")
	if err != nil {
		return err
	}
	cal := s.calendar()
	now := m.now()
	d := registryData{Site: s, Open: m.reg != nil, Working: cal.IsWorkingDay(now)}
	if !d.Working {
		d.NextDay = cal.AddWorkingDays(now, 1)
	}
	p.Data = d
	return m.render(w, r, http.StatusOK, "registry", p)
}
