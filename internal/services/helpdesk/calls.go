package helpdesk

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// A phone call never floats alone: logging one either opens a new ticket,
// pre-filled from the call (channel teléfono, with the SLA of its service
// and priority like any other), or attaches it to an open ticket.

// digits keeps the last nine digits of a phone number (Spanish numbers
// without +34).
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) > 9 {
		d = d[len(d)-9:]
	}
	return d
}

// Caller is a person found by phone number, with his open tickets.
type Caller struct {
	directory.Member
	Open []Ticket
}

// callers finds the people within the viewer's reach whose phone is number.
func (m *Module) callers(ctx context.Context, v *viewer, number string) ([]Caller, error) {
	want := digits(number)
	if len(want) < 6 {
		return nil, nil
	}
	f := directory.MemberFilter{Active: true, WithPhone: true, AllEntities: v.All || v.Tech, Entities: v.Operated}
	members, err := directory.Members(ctx, m.kit.DB, f, directory.ByEntityName)
	if err != nil {
		return nil, fmt.Errorf("soporte: buscar quién llama: %w", err)
	}
	var out []Caller
	for _, mb := range members {
		if digits(mb.Phone) != want {
			continue
		}
		c := Caller{Member: mb}
		fw := filter{State: "abiertas"}.where(v, m.now())
		fw.Add("t.requester_id = ?", c.ID)
		fw.Add("t.entity_id = ?", c.EntityID)
		if c.Open, err = listTickets(ctx, m.kit.DB, fw, "t.created_at DESC", 20, 0); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

type callsData struct {
	Phone                  string
	Searched               bool
	Callers                []Caller
	Entity                 directory.Entity
	Entities               []directory.Entity
	People                 []directory.Member
	Open                   []Ticket
	Services               []directory.Service
	Recent                 []Call
	Categories, Priorities []option
	// Assignees are whom the call's ticket may be assigned to besides
	// who takes it (the entity's operators and the Diputación's staff).
	Assignees []Assignee
}

// The choices of a call's "Asignar a": who takes the call (the default),
// nobody new, or one of the entity's assignees by id.
const (
	fCallAssignee = "asignar"
	assignTaker   = "yo"
	assignNone    = "nadie"
)

// callAssignee returns whom the ticket of a call of entityID goes to: the
// person who takes the call, unless he picked another of the entity's
// assignees or nobody (""). Who takes it is assigned only when he may be.
func (m *Module) callAssignee(ctx context.Context, v *viewer, entityID, pick string) (string, error) {
	if pick == assignNone {
		return "", nil
	}
	people, err := assignees(ctx, m.kit.DB, entityID, "")
	if err != nil {
		return "", err
	}
	want := pick
	if pick == assignTaker || pick == "" {
		want = v.A.UserID
	}
	for _, p := range people {
		if p.ID == want {
			return want, nil
		}
	}
	if want == v.A.UserID {
		return "", nil
	}
	var fe errs.Fields
	fe.Add(fCallAssignee, "Elija a quién se asigna la incidencia de la lista.")
	return "", fe
}

func (m *Module) callsData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	v, err := m.viewer(ctx, kit.Actor(r))
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	d := &callsData{Phone: strings.TrimSpace(q.Get("telefono")), Categories: categories, Priorities: priorities}
	if r.Method == http.MethodPost {
		d.Phone = web.Field(r, "telefono")
	}
	if len(d.Phone) > 40 {
		d.Phone = d.Phone[:40]
	}
	if d.Phone != "" {
		d.Searched = true
		if d.Callers, err = m.callers(ctx, v, d.Phone); err != nil {
			return nil, err
		}
	}
	eid := q.Get("entidad")
	if r.Method == http.MethodPost {
		eid = web.Field(r, "entidad")
	}
	if eid != "" {
		if !v.canOpenFor(eid) {
			return nil, errs.ErrNotFound
		}
		if d.Entity, err = entityByID(ctx, m.kit.DB, eid); err != nil {
			return nil, err
		}
		if d.People, err = entityPeople(ctx, m.kit.DB, eid); err != nil {
			return nil, err
		}
		fw := filter{State: "abiertas"}.where(v, m.now())
		fw.Add("t.entity_id = ?", eid)
		if d.Open, err = listTickets(ctx, m.kit.DB, fw, "t.created_at DESC", 50, 0); err != nil {
			return nil, err
		}
		all, err := assignees(ctx, m.kit.DB, eid, "")
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			if a.ID != v.A.UserID {
				d.Assignees = append(d.Assignees, a)
			}
		}
	}
	if v.All || v.Tech {
		d.Entities, err = allEntities(ctx, m.kit.DB)
	} else {
		d.Entities = m.pickableEntities(v)
	}
	if err != nil {
		return nil, err
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	cw := &db.Where{}
	v.scope(cw)
	if d.Recent, err = listCalls(ctx, m.kit.DB, callSelect+cw.SQL()+` ORDER BY c.taken_at DESC LIMIT 20`, cw.Args...); err != nil {
		return nil, err
	}
	p := &web.Page{Title: "Llamadas", Crumbs: []web.Crumb{crumbSupport, {Label: "Llamadas"}}, Data: d}
	if r.Method == http.MethodGet {
		p.Form = map[string]string{"telefono": d.Phone, "solicitante": q.Get("persona"), "llamante": q.Get("llamante"),
			fPriority: "normal", fCategory: "consulta", "destino": cmp.Or(strings.ToUpper(q.Get("incidencia")), "nueva"),
			fCallAssignee: assignTaker}
	}
	return p, nil
}

func (m *Module) callsPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/calls", m.callsData)
}

// parseDuration reads a call's length as minutes ("5"), or "m:ss".
func parseDuration(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if mm, ss, ok := strings.Cut(s, ":"); ok {
		a, e1 := strconv.Atoi(mm)
		b, e2 := strconv.Atoi(ss)
		if e1 != nil || e2 != nil || a < 0 || b < 0 || b > 59 {
			return 0, false
		}
		return a*60 + b, a*60+b < 24*3600
	}
	n, err := strconv.Atoi(s)
	return n * 60, err == nil && n >= 0 && n < 24*60
}

func (m *Module) callPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ctx := r.Context()
	v, err := m.viewer(ctx, kit.Actor(r))
	if err != nil {
		return err
	}
	eid := web.Field(r, "entidad")
	if eid != "" && !v.canOpenFor(eid) {
		return errs.ErrNotFound
	}
	c := callInput{CallerName: strings.TrimSpace(web.Field(r, "llamante")), Phone: strings.TrimSpace(web.Field(r, "telefono")),
		Summary: strings.TrimSpace(web.Field(r, "resumen"))}
	var fe errs.Fields
	if eid == "" {
		fe.Add("entidad", "Elija la entidad desde la que llaman.")
	}
	if len(digits(c.Phone)) < 6 || len(c.Phone) > 40 {
		fe.Add("telefono", "Escriba el número desde el que llaman (al menos seis cifras).")
	}
	var ok bool
	if c.DurationSec, ok = parseDuration(web.Field(r, "duracion")); !ok {
		fe.Add("duracion", "Escriba la duración en minutos (por ejemplo, 5) o en minutos y segundos (5:30).")
	}
	if c.Summary == "" || tooLong(c.Summary, 5000) {
		fe.Add("resumen", "Resuma la llamada (hasta 5.000 caracteres).")
	}
	requesterID := web.Field(r, fRequester)
	if c.CallerName == "" && requesterID == "" {
		fe.Add("llamante", "Escriba quién llama o elíjalo en la lista de personas de la entidad.")
	}
	if tooLong(c.CallerName, 200) {
		fe.Add("llamante", "El nombre no puede pasar de 200 caracteres.")
	}
	dest := web.Field(r, "destino")
	if dest == "" {
		fe.Add("destino", "Elija si la llamada abre una incidencia nueva o se añade a una abierta.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/calls", m.callsData, err)
	}
	if requesterID != "" && c.CallerName == "" {
		p, err := personOf(ctx, m.kit.DB, eid, requesterID)
		if err != nil {
			fe.Add(fRequester, "Elija una persona de la lista.")
			return m.kit.FormRetry(w, r, "helpdesk/calls", m.callsData, fe)
		}
		c.CallerName = p.Name()
	}
	assignee, err := m.callAssignee(ctx, v, eid, web.Field(r, fCallAssignee))
	if err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/calls", m.callsData, err)
	}
	if dest == "nueva" {
		subject := strings.TrimSpace(web.Field(r, fSubject))
		if subject == "" {
			subject = firstLine(c.Summary, 120)
		}
		t, err := m.create(ctx, v, newTicket{EntityID: eid, RequesterID: requesterID, ServiceCode: web.Field(r, fService),
			Category: web.Field(r, fCategory), Priority: web.Field(r, fPriority), Channel: "telefono", Subject: subject,
			Body: c.Summary, Call: &c})
		if err != nil {
			return m.kit.FormRetry(w, r, "helpdesk/calls", m.callsData, err)
		}
		if err := m.assignCall(ctx, v, t, assignee); err != nil {
			return err
		}
		return m.kit.Redirect(w, r, "/soporte/incidencias/"+t.Number, "Llamada registrada: abre la incidencia "+t.Number+assignedText(t)+".")
	}
	t, err := m.load(ctx, v, strings.ToUpper(strings.TrimSpace(dest)))
	if err != nil || t.EntityID != eid || !v.works(t) {
		fe.Add("destino", "Elija una incidencia abierta de la entidad o escriba su número (INC-…).")
		return m.kit.FormRetry(w, r, "helpdesk/calls", m.callsData, fe)
	}
	callerID := ""
	if requesterID != "" {
		if _, err := personOf(ctx, m.kit.DB, eid, requesterID); err == nil {
			callerID = requesterID
		}
	}
	err = m.change(ctx, v, t, "incidencia.llamada", "Llamada de "+c.CallerName+" ("+callLength(c.DurationSec)+")", true,
		func(tx *sql.Tx, now time.Time) error {
			if t.State == StateWaiting {
				t.Resume(now)
				t.State = StateWorking
			}
			return insertCall(ctx, tx, t.EntityID, id.New(), t.ID, c, callerID, v.A.UserID, v.A.Name, now)
		})
	if err != nil {
		return err
	}
	if err := m.assignCall(ctx, v, t, assignee); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/soporte/incidencias/"+t.Number, "Llamada añadida a la incidencia "+t.Number+assignedText(t)+".")
}

// assignCall gives the ticket of a call to assignee (callAssignee) when
// he is not already its technician; "" leaves it as it is.
func (m *Module) assignCall(ctx context.Context, v *viewer, t *Ticket, assignee string) error {
	if assignee == "" || assignee == t.AssigneeID || !t.Open() {
		return nil
	}
	return m.assign(ctx, v, t, assignee)
}

// assignedText tells, in a call's confirmation, who has the ticket.
func assignedText(t *Ticket) string {
	if t.AssigneeName == "" {
		return ", sin técnico asignado"
	}
	return ", asignada a " + t.AssigneeName
}

func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// allEntities lists every active local entity, by name (for the
// Diputación's pickers).
func allEntities(ctx context.Context, q db.Queryer) ([]directory.Entity, error) {
	all, err := directory.Entities(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer las entidades: %w", err)
	}
	var out []directory.Entity
	for _, e := range all {
		if e.Active && e.Kind != refdata.KindDiputacion {
			out = append(out, e)
		}
	}
	return out, nil
}
