package eoffice

import (
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// staffEntity is the actor's current entity (the route's gate has asked
// PermRead or PermChange in it); 403 when he has none.
func (m *Module) staffEntity(r *http.Request) (*auth.Actor, directory.Entity, error) {
	a := kit.Actor(r)
	if a.Entity.ID == "" {
		return nil, directory.Entity{}, errs.ErrForbidden
	}
	e, err := entityByID(r.Context(), m.kit.DB, a.Entity.ID)
	if err != nil {
		return nil, directory.Entity{}, err
	}
	return a, e, nil
}

type overviewData struct {
	Site       Site
	Procedures []Procedure
	CanEdit    bool
	Public     string
}

func (m *Module) staffOverview(w http.ResponseWriter, r *http.Request) error {
	a, e, err := m.staffEntity(r)
	if err != nil {
		return err
	}
	s, err := site(r.Context(), m.kit.DB, e)
	if err != nil {
		return err
	}
	procs, err := listProcedures(r.Context(), m.kit.DB, e.ID, false, "")
	if err != nil {
		return err
	}
	canEdit, err := m.kit.Access.Can(r.Context(), a, PermChange, e.ID)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "eoffice/overview", &web.Page{Title: "Sede electrónica " + e.Of(),
		Crumbs: []web.Crumb{{Label: "Inicio", Href: "/"}, {Label: "Sede electrónica"}},
		Data:   overviewData{Site: s, Procedures: procs, CanEdit: canEdit, Public: sedePath(e)}})
}

// procedureToChange returns the actor, his current entity and its
// procedure of the path (404 when there is none), 403 unless he holds
// PermChange.
func (m *Module) procedureToChange(r *http.Request) (*auth.Actor, directory.Entity, Procedure, error) {
	a, e, err := m.staffEntity(r)
	if err != nil {
		return nil, directory.Entity{}, Procedure{}, err
	}
	p, err := getProcedure(r.Context(), m.kit.DB, e.ID, r.PathValue("id"))
	if err == nil {
		err = m.kit.Access.Require(r.Context(), a, PermChange, e.ID)
	}
	return a, e, p, err
}

type contentForm struct {
	Site     Site
	Statuses []struct{ Value, Label string }
}

// dateValue is the value of a date input for an optional day.
func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return web.DayValue(*t)
}

func (m *Module) contentPage(r *http.Request, e directory.Entity) (*web.Page, error) {
	s, err := site(r.Context(), m.kit.DB, e)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Contenido de la sede electrónica",
		Crumbs: []web.Crumb{{Label: "Inicio", Href: "/"}, {Label: "Sede electrónica", Href: "/sede-electronica"}, {Label: "Contenido"}},
		Data:   contentForm{Site: s, Statuses: accessibilityStatuses}}, nil
}

func (m *Module) staffContentForm(w http.ResponseWriter, r *http.Request) error {
	_, e, err := m.staffEntity(r)
	if err != nil {
		return err
	}
	p, err := m.contentPage(r, e)
	if err != nil {
		return err
	}
	s := p.Data.(contentForm).Site
	p.Form = map[string]string{"titular": s.OwnerBody, "responsable": s.Manager, "creacion": s.CreationAct,
		"email": s.ContactEmail, "telefono": s.ContactPhone, "direccion": s.ContactAddress, "horario": s.OfficeHours,
		"incidencias_email": s.IncidentsEmail, "incidencias_telefono": s.IncidentsPhone, "dpd_email": s.DPOEmail,
		"accesibilidad": s.AccessibilityStatus, "accesibilidad_fecha": dateValue(s.AccessibilityDate),
		"accesibilidad_revision": dateValue(s.AccessibilityReview)}
	return m.kit.Page(w, r, "eoffice/content", p)
}

// formDay reads the optional date field name; what names it in a message
// ("la fecha de la declaración").
func formDay(v, name, what string, fe *errs.Fields) *time.Time {
	if v == "" {
		return nil
	}
	t, ok := web.ParseDay(v, time.UTC)
	if !ok {
		fe.Add(name, web.BadDay(what))
		return nil
	}
	return &t
}

func (m *Module) staffContentSave(w http.ResponseWriter, r *http.Request) error {
	a, e, err := m.staffEntity(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var fe errs.Fields
	f := func(name string) string { return strings.TrimSpace(web.Field(r, name)) }
	text := func(name, label string, max int, required bool) string {
		v := f(name)
		if v == "" && required {
			fe.Add(name, label)
		} else if utf8.RuneCountInString(v) > max {
			fe.Add(name, "No puede tener más de "+strconv.Itoa(max)+" caracteres.")
		}
		return v
	}
	email := func(name string) string {
		v := f(name)
		if v == "" {
			return ""
		}
		out, err := validate.Email(v)
		fe.Check(name, err)
		return out
	}
	phone := func(name string) string {
		v := f(name)
		if v == "" {
			return ""
		}
		out, err := validate.Phone(v)
		fe.Check(name, err)
		return out
	}
	c := Content{
		OwnerBody:      text("titular", "Escriba el órgano titular de la sede.", 200, true),
		Manager:        text("responsable", "Escriba el órgano responsable de la gestión de la sede.", 200, true),
		CreationAct:    text("creacion", "", 500, false),
		ContactEmail:   email("email"),
		ContactPhone:   phone("telefono"),
		ContactAddress: text("direccion", "", 200, false),
		OfficeHours:    text("horario", "", 200, false),
		IncidentsEmail: email("incidencias_email"),
		IncidentsPhone: phone("incidencias_telefono"),
		DPOEmail:       email("dpd_email"),
	}
	if c.IncidentsEmail == "" && c.IncidentsPhone == "" && fe.For("incidencias_email") == "" && fe.For("incidencias_telefono") == "" {
		fe.Add("incidencias_email", "Indique un correo o un teléfono para comunicar incidencias técnicas.")
	}
	c.AccessibilityStatus = f("accesibilidad")
	known := false
	for _, s := range accessibilityStatuses {
		known = known || s.Value == c.AccessibilityStatus
	}
	if !known {
		fe.Add("accesibilidad", "Elija la situación de cumplimiento de la lista.")
	}
	c.AccessibilityDate = formDay(f("accesibilidad_fecha"), "accesibilidad_fecha", "la fecha de la declaración", &fe)
	c.AccessibilityReview = formDay(f("accesibilidad_revision"), "accesibilidad_revision", "la fecha de la última revisión", &fe)
	if c.AccessibilityDate != nil && c.AccessibilityReview != nil && c.AccessibilityReview.Before(*c.AccessibilityDate) {
		fe.Add("accesibilidad_revision", "La revisión no puede ser anterior a la fecha de la declaración.")
	}
	err = fe.Err()
	if err == nil {
		c.UpdatedAt, c.UpdatedBy = m.now().UTC(), a.UserID
		err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			before, exists, err := loadContent(r.Context(), tx, e.ID)
			if err != nil {
				return err
			}
			if err := saveContent(r.Context(), tx, e.ID, c, exists); err != nil {
				return err
			}
			var b any
			if exists {
				b = before
			}
			return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: e.ID, Action: "sede.contenido",
				ObjectType: "sede", ObjectID: e.ID, Before: b, After: c})
		})
	}
	return m.kit.AfterPost(w, r, err, "/sede-electronica", "Contenido de la sede guardado.", "eoffice/content",
		func(r *http.Request) (*web.Page, error) { return m.contentPage(r, e) })
}

type procForm struct {
	Creating bool
	Action   string
	Silences []struct{ Value, Label string }
	P        Procedure
}

func procPage(p Procedure, creating bool) *web.Page {
	title := "Nuevo procedimiento"
	action := "/sede-electronica/procedimientos"
	if !creating {
		title = p.Name
		action = "/sede-electronica/procedimientos/" + p.ID
	}
	return &web.Page{Title: title,
		Crumbs: []web.Crumb{{Label: "Inicio", Href: "/"}, {Label: "Sede electrónica", Href: "/sede-electronica"}, {Label: title}},
		Data:   procForm{Creating: creating, Action: action, Silences: silences, P: p}}
}

func (m *Module) staffProcedureNew(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := m.staffEntity(r); err != nil {
		return err
	}
	p := procPage(Procedure{}, true)
	p.Form = map[string]string{"silencio": "desestimatorio", "en_linea": "si", "activo": "si"}
	return m.kit.Page(w, r, "eoffice/procedure", p)
}

func (m *Module) staffProcedureForm(w http.ResponseWriter, r *http.Request) error {
	_, _, proc, err := m.procedureToChange(r)
	if err != nil {
		return err
	}
	p := procPage(proc, false)
	p.Form = procValues(proc)
	return m.kit.Page(w, r, "eoffice/procedure", p)
}

func yes(b bool) string {
	if b {
		return "si"
	}
	return ""
}

func procValues(p Procedure) map[string]string {
	days := ""
	if p.TermDays > 0 {
		days = strconv.Itoa(p.TermDays)
	}
	return map[string]string{"codigo": p.Code, "nombre": p.Name, "descripcion": p.Description, "unidad": p.Unit,
		"plazo": days, "silencio": p.Silence, "en_linea": yes(p.Online), "activo": yes(p.Active),
		"plazo_texto": p.Term, "silencio_texto": p.SilenceText, "requisitos": p.Requirements, "documentos": p.Documents,
		"tasa": p.Fee, "organo": p.Resolver, "normativa": p.Regulation}
}

// detailField is one of the procedure's texts the sede shows on its page:
// its form name, what it is (for messages), where it goes and the most
// characters it takes.
type detailField struct {
	name, what string
	dst        *string
	max        int
}

func detailFields(p *Procedure) []detailField {
	return []detailField{
		{"plazo_texto", "El plazo", &p.Term, 300},
		{"silencio_texto", "El efecto del silencio", &p.SilenceText, 600},
		{"requisitos", "Los requisitos", &p.Requirements, 4000},
		{"documentos", "La documentación", &p.Documents, 4000},
		{"tasa", "La tasa", &p.Fee, 600},
		{"organo", "El órgano", &p.Resolver, 200},
		{"normativa", "La normativa", &p.Regulation, 4000},
	}
}

// readProcedure validates the procedure form into p.
func readProcedure(r *http.Request, p *Procedure) error {
	var fe errs.Fields
	f := func(name string) string { return strings.TrimSpace(web.Field(r, name)) }
	p.Code = strings.ToUpper(f("codigo"))
	switch {
	case p.Code == "":
		fe.Add("codigo", "Escriba el código del procedimiento.")
	case len(p.Code) > 30 || strings.IndexFunc(p.Code, func(c rune) bool {
		return !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	}) >= 0:
		fe.Add("codigo", "El código solo puede tener letras sin tilde, cifras, guiones y guiones bajos, hasta 30.")
	}
	p.Name = f("nombre")
	if p.Name == "" {
		fe.Add("nombre", "Escriba el nombre del procedimiento.")
	} else if utf8.RuneCountInString(p.Name) > 200 {
		fe.Add("nombre", "El nombre no puede tener más de 200 caracteres.")
	}
	p.Description = f("descripcion")
	if utf8.RuneCountInString(p.Description) > 2000 {
		fe.Add("descripcion", "La descripción no puede tener más de 2.000 caracteres.")
	}
	p.Unit = f("unidad")
	if p.Unit == "" {
		fe.Add("unidad", "Escriba la unidad responsable de tramitarlo.")
	} else if utf8.RuneCountInString(p.Unit) > 200 {
		fe.Add("unidad", "La unidad no puede tener más de 200 caracteres.")
	}
	p.TermDays = 0
	if v := f("plazo"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3650 {
			fe.Add("plazo", "Escriba el plazo máximo de resolución en días, un número entero de 1 a 3650.")
		} else {
			p.TermDays = n
		}
	}
	p.Silence = f("silencio")
	if silenceLabel(p.Silence) == p.Silence {
		fe.Add("silencio", "Elija el efecto del silencio administrativo de la lista.")
	}
	for _, d := range detailFields(p) {
		*d.dst = f(d.name)
		if utf8.RuneCountInString(*d.dst) > d.max {
			fe.Add(d.name, d.what+" no puede tener más de "+web.Thousands(int64(d.max))+" caracteres.")
		}
	}
	p.Online = f("en_linea") == "si"
	p.Active = f("activo") == "si"
	return fe.Err()
}

func (m *Module) staffProcedureCreate(w http.ResponseWriter, r *http.Request) error {
	a, e, err := m.staffEntity(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	now := m.now().UTC()
	p := Procedure{EntityID: e.ID, ID: id.New(), CreatedAt: now, UpdatedAt: now}
	err = readProcedure(r, &p)
	if err == nil {
		err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			if err := insertProcedure(r.Context(), tx, p); err != nil {
				if db.IsUniqueViolation(err) {
					var fe errs.Fields
					fe.Add("codigo", "Ya hay un procedimiento con el código "+p.Code+".")
					return fe
				}
				return err
			}
			return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: e.ID, Action: "sede.procedimiento.alta",
				ObjectType: "procedimiento", ObjectID: p.ID, After: p})
		})
	}
	return m.kit.AfterPost(w, r, err, "/sede-electronica", "Procedimiento "+p.Code+" añadido al catálogo.", "eoffice/procedure",
		func(r *http.Request) (*web.Page, error) { return procPage(p, true), nil })
}

func (m *Module) staffProcedureSave(w http.ResponseWriter, r *http.Request) error {
	a, e, old, err := m.procedureToChange(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	p := old
	p.UpdatedAt = m.now().UTC()
	err = readProcedure(r, &p)
	if err == nil {
		err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			if err := updateProcedure(r.Context(), tx, p); err != nil {
				if db.IsUniqueViolation(err) {
					var fe errs.Fields
					fe.Add("codigo", "Ya hay un procedimiento con el código "+p.Code+".")
					return fe
				}
				return err
			}
			return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: e.ID, Action: "sede.procedimiento.cambio",
				ObjectType: "procedimiento", ObjectID: p.ID, Before: old, After: p})
		})
	}
	return m.kit.AfterPost(w, r, err, "/sede-electronica", "Procedimiento "+p.Code+" guardado.", "eoffice/procedure",
		func(r *http.Request) (*web.Page, error) { return procPage(old, false), nil })
}
