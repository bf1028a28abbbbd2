package helpdesk

import (
	"context"
	"database/sql"
	"net/http"
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
	"concejo/internal/platform/workcal"
)

// ---- Service levels (acuerdos de nivel de servicio) ----

type slaData struct {
	Rows       []SLARow
	Defaults   []SLARow
	Services   []directory.Service
	Priorities []option
	CanEdit    bool
}

func (m *Module) slaData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	d := &slaData{Priorities: priorities}
	var err error
	if d.CanEdit, err = m.configures(r); err != nil {
		return nil, err
	}
	if d.Rows, err = listSLA(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	for _, p := range priorities {
		v := defaultSLA[p.Value]
		d.Defaults = append(d.Defaults, SLARow{Priority: p.Value, ResponseMin: v[0], ResolutionMin: v[1]})
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	return &web.Page{Title: "Acuerdos de nivel de servicio", Crumbs: []web.Crumb{crumbSupport, {Label: "Acuerdos de nivel de servicio"}}, Data: d}, nil
}

// configures reports whether the request's actor sets the service levels
// and the teams (PermConfigure).
func (m *Module) configures(r *http.Request) (bool, error) {
	a := kit.Actor(r)
	return m.kit.Access.Can(r.Context(), a, PermConfigure, a.Entity.ID)
}

func (m *Module) slaPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/sla", m.slaData)
}

// hoursField reads hours with an optional decimal comma ("1,5") as minutes.
func hoursField(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 2000 {
		return 0, false
	}
	return int(f*60 + 0.5), true
}

func (m *Module) slaPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ctx := r.Context()
	a := kit.Actor(r)
	row := SLARow{ServiceCode: web.Field(r, fService), Priority: web.Field(r, fPriority)}
	var fe errs.Fields
	if err := checkService(ctx, m.kit.DB, &fe, row.ServiceCode); err != nil {
		return err
	}
	if !valid(priorities, row.Priority) {
		fe.Add(fPriority, "Elija la prioridad.")
	}
	var ok bool
	if row.ResponseMin, ok = hoursField(web.Field(r, "respuesta")); !ok {
		fe.Add("respuesta", "Escriba las horas hábiles hasta la primera respuesta (por ejemplo, 2 o 0,5).")
	}
	if row.ResolutionMin, ok = hoursField(web.Field(r, "resolucion")); !ok {
		fe.Add("resolucion", "Escriba las horas hábiles hasta la resolución (por ejemplo, 14).")
	} else if row.ResponseMin > row.ResolutionMin {
		fe.Add("resolucion", "La resolución no puede tener menos horas que la primera respuesta.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/sla", m.slaData, err)
	}
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := upsertSLA(ctx, tx, row, a.UserID, m.now()); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: a.Entity.ID, Action: "ans.cambiar", ObjectType: "ans",
			ObjectID: row.ServiceCode + "/" + row.Priority, After: row})
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/soporte/acuerdos", "Nivel de servicio guardado. Se aplica a las incidencias que se abran desde ahora.")
}

// ---- Second-level teams by service ----

// TeamMember is a technician of a service's team.
type TeamMember struct {
	UserID, Name, ServiceCode, ServiceName string
}

type teamsData struct {
	Rows        []TeamMember
	Technicians []directory.Person
	Services    []directory.Service
	CanEdit     bool
}

func (m *Module) teamsData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	d := &teamsData{}
	var err error
	if d.CanEdit, err = m.configures(r); err != nil {
		return nil, err
	}
	if d.Rows, err = db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (TeamMember, error) {
		var t TeamMember
		return t, sc.Scan(&t.UserID, &t.Name, &t.ServiceCode, &t.ServiceName)
	}, `SELECT u.id, u.name || ' ' || u.surname1, ht.service_code, ''
		FROM helpdesk_team ht`+directory.JoinPerson("u", "ht.user_id")+`
		ORDER BY ht.service_code, u.surname1, u.name`); err != nil {
		return nil, err
	}
	cat, err := catalogue(ctx, m.kit.DB)
	if err != nil {
		return nil, err
	}
	for i, t := range d.Rows {
		d.Rows[i].ServiceName = serviceLabel(cat, t.ServiceCode, "Cola general (otras consultas)")
	}
	slices.SortStableFunc(d.Rows, func(a, b TeamMember) int {
		return serviceRank(cat, a.ServiceCode) - serviceRank(cat, b.ServiceCode)
	})
	if d.Technicians, err = technicians(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	return &web.Page{Title: "Equipos de segundo nivel", Crumbs: []web.Crumb{crumbSupport, {Label: "Equipos de segundo nivel"}}, Data: d}, nil
}

func (m *Module) teamsPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/teams", m.teamsData)
}

func (m *Module) teamsPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ctx := r.Context()
	a := kit.Actor(r)
	uid, svc, action := web.Field(r, fAssignee), web.Field(r, fService), web.Field(r, "accion")
	var fe errs.Fields
	tech, err := isTechnician(ctx, m.kit.DB, uid)
	if err != nil {
		return err
	}
	if !tech {
		fe.Add(fAssignee, "Elija un técnico de la Diputación.")
	}
	if err := checkService(ctx, m.kit.DB, &fe, svc); err != nil {
		return err
	}
	if action != "anadir" && action != "quitar" {
		fe.Add("accion", "Elija si añade o quita al técnico del equipo.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/teams", m.teamsData, err)
	}
	err = m.setMembership(ctx, a, action == "anadir",
		`INSERT INTO helpdesk_team (user_id, service_code, created_at, created_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, service_code) DO NOTHING`,
		`DELETE FROM helpdesk_team WHERE user_id = $1 AND service_code = $2`, []any{uid, svc},
		kit.Change{EntityID: a.Entity.ID, Action: "equipo." + action, ObjectType: "usuario", ObjectID: uid, After: map[string]string{"servicio": svc}})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/soporte/equipos", "Equipo actualizado.")
}

// setMembership adds a member (add) with insertSQL, whose arguments are key
// then the moment and the actor, or removes him with deleteSQL (key), and
// audits change, in one transaction. Adding a member twice changes nothing.
func (m *Module) setMembership(ctx context.Context, a *auth.Actor, add bool, insertSQL, deleteSQL string, key []any, change kit.Change) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if add {
			_, err = tx.ExecContext(ctx, insertSQL, append(key, m.now(), a.UserID)...)
		} else {
			_, err = tx.ExecContext(ctx, deleteSQL, key...)
		}
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, change)
	})
}

// ---- Entity gestores de incidencias ----

type managersData struct {
	Entity   directory.Entity
	People   []directory.Member
	Managers map[string]bool
}

// managedEntity is the entity whose gestores the actor names: eid (the
// ?entidad= or form field), else his current entity, when he holds
// PermManagers there. Otherwise it is a 403 if the entity is within his
// reach in the desk (PermOpen), and does not exist (404) if not.
func (m *Module) managedEntity(ctx context.Context, a *auth.Actor, eid string) (string, error) {
	if eid == "" {
		eid = a.Entity.ID
	}
	held, err := m.kit.Access.Can(ctx, a, PermManagers, eid)
	if err != nil {
		return "", err
	}
	if held {
		return eid, nil
	}
	seen, err := m.kit.Access.Can(ctx, a, PermOpen, eid)
	if err != nil {
		return "", err
	}
	if seen && eid != "" {
		return "", errs.ErrForbidden
	}
	return "", errs.ErrNotFound
}

func (m *Module) managersData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	a := kit.Actor(r)
	eid := r.URL.Query().Get("entidad")
	if r.Method == http.MethodPost {
		eid = web.Field(r, "entidad")
	}
	eid, err := m.managedEntity(ctx, a, eid)
	if err != nil {
		return nil, err
	}
	d := &managersData{Managers: map[string]bool{}}
	if d.Entity, err = entityByID(ctx, m.kit.DB, eid); err != nil {
		return nil, err
	}
	if d.People, err = entityPeople(ctx, m.kit.DB, eid); err != nil {
		return nil, err
	}
	ids, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (string, error) {
		var s string
		return s, sc.Scan(&s)
	}, `SELECT user_id FROM helpdesk_managers WHERE entity_id = $1`, eid)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		d.Managers[id] = true
	}
	return &web.Page{Title: "Gestores de incidencias " + d.Entity.Of(), Crumbs: []web.Crumb{crumbSupport, {Label: "Gestores de incidencias"}}, Data: d}, nil
}

func (m *Module) managersPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/managers", m.managersData)
}

func (m *Module) managersPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ctx := r.Context()
	a := kit.Actor(r)
	eid, err := m.managedEntity(ctx, a, web.Field(r, "entidad"))
	if err != nil {
		return err
	}
	uid, action := web.Field(r, "usuario"), web.Field(r, "accion")
	p, err := personOf(ctx, m.kit.DB, eid, uid)
	var fe errs.Fields
	if err != nil {
		fe.Add("usuario", "Elija una persona de la entidad.")
	}
	if action != "dar" && action != "quitar" {
		fe.Add("accion", "Elija si le da o le quita el perfil de gestor.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/managers", m.managersData, err)
	}
	err = m.setMembership(ctx, a, action == "dar",
		`INSERT INTO helpdesk_managers (entity_id, user_id, created_at, created_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (entity_id, user_id) DO NOTHING`,
		`DELETE FROM helpdesk_managers WHERE entity_id = $1 AND user_id = $2`, []any{eid, uid},
		kit.Change{EntityID: eid, Action: "gestor_incidencias." + action, ObjectType: "usuario", ObjectID: uid, After: map[string]string{"nombre": p.Name()}})
	if err != nil {
		return err
	}
	target := "/soporte/gestores"
	if eid != a.Entity.ID {
		target += "?entidad=" + eid
	}
	return m.kit.Redirect(w, r, target, "Gestores de incidencias actualizados.")
}

// ---- Working calendar ----

type calendarData struct {
	Year         int
	Years        []int
	Holidays     []holidayRow
	Hours        string
	Provisional  bool
	Municipality string
}

func (m *Module) calendarPage(w http.ResponseWriter, r *http.Request) error {
	year := m.now().In(web.Madrid).Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("anio")); err == nil {
		year = y
	}
	if !workcal.Covers(year) {
		year = min(max(year, workcal.FirstYear), workcal.LastYear)
	}
	cal := workcal.Diputacion()
	d := calendarData{Year: year, Municipality: "Cáceres"}
	for _, h := range cal.Holidays(year) {
		d.Holidays = append(d.Holidays, holidayRow{h, weekdays[h.Date.Weekday()]})
	}
	for y := workcal.FirstYear; y <= workcal.LastYear; y++ {
		d.Years = append(d.Years, y)
	}
	for _, h := range d.Holidays {
		d.Provisional = d.Provisional || h.Holiday.Provisional()
	}
	hs := cal.Hours()
	d.Hours = hm(hs.Open) + " a " + hm(hs.Close)
	return m.kit.Page(w, r, "helpdesk/calendar", &web.Page{Title: "Calendario laboral " + strconv.Itoa(year),
		Crumbs: []web.Crumb{crumbSupport, {Label: "Calendario laboral"}}, Data: d})
}

func hm(min int) string { return time.Date(2000, 1, 1, min/60, min%60, 0, 0, time.UTC).Format("15:04") }

// holidayRow is a holiday with its weekday in Spanish.
type holidayRow struct {
	workcal.Holiday
	Weekday string
}

var weekdays = [...]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
