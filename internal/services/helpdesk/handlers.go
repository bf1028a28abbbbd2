package helpdesk

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// pageSize is the length of a list page.
const pageSize = 50

// crumbSupport is the first crumb of every support desk page.
var crumbSupport = web.Crumb{Label: "Soporte", Href: "/soporte"}

// filter is the list's query.
type filter struct {
	Q, State, Service, Priority, Channel, Entity, Assigned, Due, Sort, Year string
	Page                                                                    int
}

func readFilter(r *http.Request) filter {
	q := r.URL.Query()
	f := filter{Q: strings.TrimSpace(q.Get("q")), State: q.Get("estado"), Service: q.Get("servicio"),
		Priority: q.Get("prioridad"), Channel: q.Get("canal"), Entity: q.Get("entidad"), Assigned: q.Get("asignacion"),
		Due: q.Get("plazo"), Sort: q.Get("orden"), Year: q.Get("anio")}
	if f.State == "" {
		f.State = "abiertas"
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	if len(f.Q) > 200 {
		f.Q = f.Q[:200]
	}
	return f
}

func (f filter) values() map[string]string {
	return map[string]string{"q": f.Q, "estado": f.State, "servicio": f.Service, "prioridad": f.Priority, "canal": f.Channel,
		"entidad": f.Entity, "asignacion": f.Assigned, "plazo": f.Due, "orden": f.Sort, "anio": f.Year}
}

var sorts = []option{{"", "Más recientes primero"}, {"antiguas", "Más antiguas primero"}, {"vencimiento", "Vencimiento más próximo"},
	{"prioridad", "Prioridad"}}

var stateFilters = append([]option{{"abiertas", "Abiertas"}, {"todas", "Todas"}}, states...)

// where builds the list's conditions for the viewer, but for the text
// (listWhere).
func (f filter) where(v *viewer, now time.Time) *db.Where {
	w := &db.Where{}
	v.scope(w)
	switch {
	case f.State == "abiertas":
		w.Add("t.state IN ('nueva', 'asignada', 'en_curso', 'pendiente', 'reabierta')")
	case valid(states, f.State):
		w.Add("t.state = ?", f.State)
	}
	if f.Service == "-" {
		w.Add("t.service_code = ?", "")
	} else if f.Service != "" {
		w.Add("t.service_code = ?", f.Service)
	}
	if valid(priorities, f.Priority) {
		w.Add("t.priority = ?", f.Priority)
	}
	if valid(channels, f.Channel) {
		w.Add("t.channel = ?", f.Channel)
	}
	if f.Entity != "" {
		w.Add("t.entity_id = ?", f.Entity)
	}
	if y, err := strconv.Atoi(f.Year); err == nil && y > 1990 && y < 3000 {
		w.Add("t.year = ?", y)
	}
	switch f.Assigned {
	case "mias":
		w.Add("t.assignee_id = ?", v.A.UserID)
	case "sin":
		w.Add("t.assignee_id IS NULL")
	case "pedidas":
		w.Add("t.requester_id = ?", v.A.UserID)
	}
	if df, ok := dueFilterOf(f.Due); ok {
		df.limit.where(w, df.band(now))
	}
	return w
}

// listWhere is the list's conditions: f's for the viewer, and its text.
func (m *Module) listWhere(v *viewer, f filter, now time.Time) *db.Where {
	w := f.where(v, now)
	matchText(w, m.kit.DB.Engine, f.Q)
	return w
}

func (f filter) order() string {
	switch f.Sort {
	case "antiguas":
		return "t.created_at, t.number"
	case "vencimiento":
		// By the limit the deadline filter is about, else the resolution.
		col := resolutionLimit.col
		if df, ok := dueFilterOf(f.Due); ok {
			col = df.limit.col
		}
		return "CASE WHEN " + col + " IS NULL THEN 1 ELSE 0 END, " + col + ", t.created_at"
	case "prioridad":
		return "CASE t.priority WHEN 'urgente' THEN 1 WHEN 'alta' THEN 2 WHEN 'normal' THEN 3 ELSE 4 END, t.created_at"
	}
	return "t.created_at DESC, t.number DESC"
}

// listRow is a ticket of the list with its SLA standing: the worst state
// (the row's mark) and each running limit.
type listRow struct {
	Ticket
	SLA, SLAText string
	Standings    []Standing
}

// dueCount is one of the queue's counts of limits: how many, and its filter.
type dueCount struct {
	dueFilter
	N int
}

// dueCounts counts, among the open tickets v sees, those in each of the
// deadline filters at now (the same conditions the filters list).
func (m *Module) dueCounts(ctx context.Context, v *viewer, now time.Time) ([]dueCount, error) {
	out := make([]dueCount, len(dueFilters))
	for i, df := range dueFilters {
		n, err := countTickets(ctx, m.kit.DB, filter{State: "abiertas", Due: df.Value}.where(v, now))
		if err != nil {
			return nil, err
		}
		out[i] = dueCount{df, n}
	}
	return out, nil
}

type listData struct {
	Rows                         []listRow
	Total                        int
	F                            filter
	Pagination                   web.Pagination
	Support, CanPickEntity       bool
	Entities                     []directory.Entity
	Services                     []directory.Service
	States, Priorities, Channels []option
	Sorts                        []option
	Filtered                     bool
	ExportQuery                  string
	// Stats offers the statistics to who may read them.
	Stats bool
	// Due are the counts of limits past or near (support only);
	// DueFilters the choices of the deadline filter.
	Due        []dueCount
	DueFilters []dueFilter
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := m.viewer(ctx, kit.Actor(r))
	if err != nil {
		return err
	}
	f := readFilter(r)
	now := m.now()
	wh := m.listWhere(v, f, now)
	rows, total, err := listTicketsTotal(ctx, m.kit.DB, wh, f.order(), pageSize, (f.Page-1)*pageSize)
	if err != nil {
		return err
	}
	d := listData{Total: total, F: f, Support: v.Support(), States: stateFilters, Priorities: priorities,
		Channels: channels, Sorts: sorts, ExportQuery: web.ListQuery(f.values(), 0), DueFilters: dueFilters}
	for _, t := range rows {
		d.Rows = append(d.Rows, listRow{Ticket: t, SLA: t.SLAState(now), SLAText: t.SLALabel(now), Standings: t.Standings(now)})
	}
	d.Filtered = f.Q != "" || f.State != "abiertas" || f.Service != "" || f.Priority != "" || f.Channel != "" ||
		f.Entity != "" || f.Assigned != "" || f.Due != "" || f.Year != ""
	d.Pagination = web.Paginate(f.Page, total, pageSize, func(p int) string { return "/soporte" + web.ListQuery(f.values(), p) })
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return err
	}
	if d.Stats, err = m.seesStats(ctx, v); err != nil {
		return err
	}
	d.Entities = m.pickableEntities(v)
	d.CanPickEntity = len(d.Entities) > 1
	if v.Support() {
		if d.Due, err = m.dueCounts(ctx, v, now); err != nil {
			return err
		}
	}
	return m.kit.Page(w, r, "helpdesk/list", &web.Page{Title: "Soporte: incidencias", Crumbs: []web.Crumb{{Label: "Soporte"}}, Data: d})
}

// pickableEntities lists the entities the viewer may filter or open tickets
// for, except for the Diputación staff (who filter by any entity by name).
func (m *Module) pickableEntities(v *viewer) []directory.Entity {
	var out []directory.Entity
	seen := map[string]bool{}
	for _, mm := range v.A.Memberships {
		if mm.Entity.Kind != refdata.KindDiputacion && !seen[mm.Entity.ID] {
			seen[mm.Entity.ID] = true
			out = append(out, directory.Entity{ID: mm.Entity.ID, Name: mm.Entity.Name, Kind: mm.Entity.Kind})
		}
	}
	for _, e := range v.A.OperatorScope {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, directory.Entity{ID: e.ID, Name: e.Name, Kind: e.Kind})
		}
	}
	return out
}

func (m *Module) listExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := m.viewer(ctx, kit.Actor(r))
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("formato")
	if !validFormat(format) {
		return sheet.ErrFormat
	}
	f := readFilter(r)
	now := m.now()
	rows, err := listTickets(ctx, m.kit.DB, m.listWhere(v, f, now), f.order(), 100000, 0)
	if err != nil {
		return err
	}
	t := sheet.Table{Name: "Incidencias", Header: []string{"Número", "Abierta", "Entidad", "Solicitante", "Servicio", "Categoría",
		"Prioridad", "Canal", "Estado", "Nivel", "Técnico", "Asunto", "Primera respuesta (min hábiles)",
		"Resolución (min hábiles)", "Plazo", "Valoración"}}
	for _, x := range rows {
		resp, resol, rating := x.measured()
		t.Rows = append(t.Rows, []any{x.Number, x.CreatedAt.In(web.Madrid), x.EntityName, x.RequesterName, x.ServiceLabel(),
			x.CategoryLabel(), x.PriorityLabel(), x.ChannelLabel(), x.StateLabel(), x.Level, x.AssigneeName, x.Subject,
			resp, resol, x.SLASummary(now), rating})
	}
	return sheet.Write(w, format, "incidencias", t)
}

func validFormat(f string) bool {
	for _, x := range sheet.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// ---- New ticket ----

type newData struct {
	Entity       directory.Entity
	Entities     []directory.Entity
	ChooseEntity bool
	People       []directory.Member
	PickPerson   bool
	Services     []directory.Service
	Categories   []option
	Priorities   []option
	Channels     []option
	Support      bool
	Solutions    []Solution
	Searched     bool
}

// entityFor returns the entity a new ticket is for: ?entidad= (or the form
// field) checked against the viewer, else his current entity.
func (m *Module) entityFor(r *http.Request, v *viewer, eid string) (directory.Entity, error) {
	if eid == "" {
		eid = v.A.Entity.ID
		if v.A.Entity.Kind == refdata.KindDiputacion {
			eid = ""
		}
	}
	if eid == "" {
		return directory.Entity{}, nil
	}
	if !v.canOpenFor(eid) {
		return directory.Entity{}, errs.ErrNotFound
	}
	return entityByID(r.Context(), m.kit.DB, eid)
}

func (m *Module) newData(r *http.Request, v *viewer, eid string) (newData, error) {
	ctx := r.Context()
	d := newData{Categories: categories, Priorities: priorities, Channels: channels, Support: v.Support()}
	e, err := m.entityFor(r, v, eid)
	if err != nil {
		return d, err
	}
	d.Entity = e
	d.Entities = m.pickableEntities(v)
	d.ChooseEntity = v.Support() || len(d.Entities) > 1
	if v.open.All {
		if d.Entities, err = allEntities(ctx, m.kit.DB); err != nil {
			return d, err
		}
	}
	if e.ID != "" && v.canPickRequester(e.ID) {
		d.PickPerson = true
		if d.People, err = entityPeople(ctx, m.kit.DB, e.ID); err != nil {
			return d, err
		}
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return d, err
	}
	return d, nil
}

func (m *Module) newPage(w http.ResponseWriter, r *http.Request) error {
	v, err := m.viewer(r.Context(), kit.Actor(r))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d, err := m.newData(r, v, q.Get("entidad"))
	if err != nil {
		return err
	}
	p := &web.Page{Title: "Pedir ayuda: nueva incidencia", Crumbs: []web.Crumb{crumbSupport, {Label: "Nueva incidencia"}},
		Data: &d, Form: map[string]string{}}
	for _, k := range []string{fSubject, fBody, fService, fCategory, fPriority, fChannel, fRequester} {
		p.Form[k] = q.Get(k)
	}
	if p.Form[fCategory] == "" {
		p.Form[fCategory] = "consulta"
	}
	if p.Form[fPriority] == "" {
		p.Form[fPriority] = "normal"
	}
	if p.Form[fChannel] == "" && v.Support() {
		p.Form[fChannel] = "telefono"
		if len(v.Operated) > 0 {
			p.Form[fChannel] = "operador"
		}
	}
	if q.Has("buscar") {
		d.Searched = true
		if d.Solutions, err = searchSolutions(r.Context(), m.kit.DB, p.Form[fSubject]+" "+p.Form[fBody], p.Form[fService], 5); err != nil {
			return err
		}
	}
	return m.kit.Page(w, r, "helpdesk/new", p)
}

func (m *Module) createPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, maxUpload); err != nil {
		return err
	}
	ctx := r.Context()
	v, err := m.viewer(ctx, kit.Actor(r))
	if err != nil {
		return err
	}
	eid := web.Field(r, "entidad")
	e, err := m.entityFor(r, v, eid)
	if err != nil {
		return err
	}
	retry := func(r *http.Request) (*web.Page, error) {
		d, err := m.newData(r, v, e.ID)
		if err != nil {
			return nil, err
		}
		return &web.Page{Title: "Pedir ayuda: nueva incidencia", Crumbs: []web.Crumb{crumbSupport, {Label: "Nueva incidencia"}}, Data: &d}, nil
	}
	if e.ID == "" {
		var fe errs.Fields
		fe.Add("entidad", "Elija la entidad para la que se pide la ayuda.")
		return m.kit.FormRetry(w, r, "helpdesk/new", retry, fe)
	}
	file, err := readUpload(r)
	if err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/new", retry, err)
	}
	in := newTicket{EntityID: e.ID, RequesterID: web.Field(r, fRequester), ServiceCode: web.Field(r, fService),
		Category: web.Field(r, fCategory), Priority: web.Field(r, fPriority), Channel: web.Field(r, fChannel),
		Subject: web.Field(r, fSubject), Body: web.Field(r, fBody), File: file}
	t, err := m.create(ctx, v, in)
	if err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/new", retry, err)
	}
	return m.kit.Redirect(w, r, "/soporte/incidencias/"+t.Number, "Incidencia "+t.Number+" registrada. Le avisaremos por correo de cada respuesta.")
}

// maxUpload bounds a form with an attachment.
const maxUpload = 10 << 20

// readUpload returns the attached file of the form, if any.
func readUpload(r *http.Request) (*upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	f, h, err := r.FormFile(fFile)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.New(errs.Invalid, "No se ha podido leer el fichero adjunto: vuelva a adjuntarlo.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload))
	if err != nil {
		return nil, errs.New(errs.Invalid, "No se ha podido leer el fichero adjunto: vuelva a adjuntarlo.")
	}
	if len(data) == 0 {
		var fe errs.Fields
		fe.Add(fFile, "El fichero adjunto está vacío: adjunte otro o envíe el formulario sin él.")
		return nil, fe
	}
	name := filepath.Base(strings.ReplaceAll(h.Filename, "\\", "/"))
	if name == "" || name == "." || name == "/" || len(name) > 200 {
		name = "adjunto"
	}
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	return newUpload(name, ctype, data), nil
}

// ---- Detail ----

type showData struct {
	T                        *Ticket
	Messages                 []Message
	Attachments              []Attachment
	History                  []HistoryLine
	Calls                    []Call
	Support, Side, Requester bool
	NextStates               []option
	Assignees                []Assignee
	// CanTake: the viewer may assign the ticket to himself (he is one of
	// its assignees and not yet the one).
	CanTake                bool
	Services               []directory.Service
	Categories, Priorities []option
	SLA, SLAText           string
	Standings              []Standing
	// Worked is the working time the SLA clock has run, Allowed the
	// resolution limit, both in working hours and days.
	Worked, Allowed string
	Now             time.Time
	CanRate         bool
	Ratings         []option
	Team            string
}

// ticketOf returns the viewer of the request and the ticket of its path
// ({numero}) when he may see it.
func (m *Module) ticketOf(r *http.Request) (*viewer, *Ticket, error) {
	v, err := m.viewer(r.Context(), kit.Actor(r))
	if err != nil {
		return nil, nil, err
	}
	t, err := m.load(r.Context(), v, r.PathValue("numero"))
	return v, t, err
}

func (m *Module) showData(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	v, t, err := m.ticketOf(r)
	if err != nil {
		return nil, err
	}
	now := m.now()
	d := &showData{T: t, Support: v.works(t), Side: v.participates(t), Requester: t.RequesterID == v.A.UserID,
		NextStates: v.nextStates(t), Categories: categories, Priorities: priorities, Now: now,
		SLA: t.SLAState(now), SLAText: t.SLALabel(now), Standings: t.Standings(now),
		Worked: workSpan(t.WorkedTime(now)), Allowed: workSpan(minutes(t.SLAResolutionMin))}
	if d.Messages, err = messagesOf(ctx, m.kit.DB, t, d.Support); err != nil {
		return nil, err
	}
	if d.Attachments, err = attachmentsOf(ctx, m.kit.DB, t, d.Support); err != nil {
		return nil, err
	}
	byMsg := map[string][]Attachment{}
	var loose []Attachment
	for _, a := range d.Attachments {
		if a.MessageID == "" {
			loose = append(loose, a)
		} else {
			byMsg[a.MessageID] = append(byMsg[a.MessageID], a)
		}
	}
	for i := range d.Messages {
		d.Messages[i].Attachments = byMsg[d.Messages[i].ID]
	}
	d.Attachments = loose
	if d.History, err = historyOf(ctx, m.kit.DB, t, d.Support); err != nil {
		return nil, err
	}
	if d.Support {
		if d.Calls, err = callsOf(ctx, m.kit.DB, t); err != nil {
			return nil, err
		}
		if d.Assignees, err = assignees(ctx, m.kit.DB, t.EntityID, t.ServiceCode); err != nil {
			return nil, err
		}
		for _, a := range d.Assignees {
			d.CanTake = d.CanTake || a.ID == v.A.UserID && t.AssigneeID != v.A.UserID && t.Open()
		}
		if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
			return nil, err
		}
	}
	d.CanRate = d.Requester && t.Rating == 0 && (t.State == StateResolved || t.State == StateClosed)
	d.Ratings = []option{{"5", "5 — Muy buena"}, {"4", "4 — Buena"}, {"3", "3 — Regular"}, {"2", "2 — Mala"}, {"1", "1 — Muy mala"}}
	if t.Level >= 2 {
		d.Team = "Segundo nivel: equipo de " + t.ServiceLabel() + " de la Diputación"
	} else if op, err := hasOperator(ctx, m.kit.DB, t.EntityID); err != nil {
		return nil, err
	} else if op {
		d.Team = "Primer nivel: operador TIC de la mancomunidad"
	} else {
		d.Team = "Primer nivel: Diputación"
	}
	return &web.Page{Title: t.Number + ": " + t.Subject, Crumbs: []web.Crumb{crumbSupport, {Label: t.Number}}, Data: d}, nil
}

func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/show", m.showData)
}

// ticketPost is the common part of the detail page's POSTs.
func (m *Module) ticketPost(w http.ResponseWriter, r *http.Request, limit int64, fn func(v *viewer, t *Ticket) (string, error)) error {
	if err := web.ParseForm(w, r, limit); err != nil {
		return err
	}
	v, t, err := m.ticketOf(r)
	if err != nil {
		return err
	}
	flash, err := fn(v, t)
	return m.kit.AfterPost(w, r, err, "/soporte/incidencias/"+url.PathEscape(t.Number), flash, "helpdesk/show", m.showData)
}

func (m *Module) replyPost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, maxUpload, func(v *viewer, t *Ticket) (string, error) {
		file, err := readUpload(r)
		if err != nil {
			return "", err
		}
		return "Respuesta añadida.", m.reply(r.Context(), v, t, web.Field(r, fText), file, false, "")
	})
}

func (m *Module) notePost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, maxUpload, func(v *viewer, t *Ticket) (string, error) {
		file, err := readUpload(r)
		if err != nil {
			return "", err
		}
		return "Nota interna añadida.", m.reply(r.Context(), v, t, web.Field(r, fNote), file, true, "")
	})
}

func (m *Module) statePost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, web.MaxForm, func(v *viewer, t *Ticket) (string, error) {
		s := web.Field(r, fState)
		return "La incidencia está ahora «" + label(states, s) + "».", m.setState(r.Context(), v, t, s, web.Field(r, "comentario"))
	})
}

func (m *Module) assignPost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, web.MaxForm, func(v *viewer, t *Ticket) (string, error) {
		return "Asignación guardada.", m.assign(r.Context(), v, t, web.Field(r, fAssignee))
	})
}

func (m *Module) escalatePost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, web.MaxForm, func(v *viewer, t *Ticket) (string, error) {
		return "Escalada al segundo nivel.", m.escalate(r.Context(), v, t, web.Field(r, fReason))
	})
}

func (m *Module) classifyPost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, web.MaxForm, func(v *viewer, t *Ticket) (string, error) {
		return "Clasificación guardada.", m.classify(r.Context(), v, t, web.Field(r, fService), web.Field(r, fCategory), web.Field(r, fPriority))
	})
}

func (m *Module) ratePost(w http.ResponseWriter, r *http.Request) error {
	return m.ticketPost(w, r, web.MaxForm, func(v *viewer, t *Ticket) (string, error) {
		n, _ := strconv.Atoi(web.Field(r, fRating))
		return "Gracias por valorar la atención.", m.rate(r.Context(), v, t, n, web.Field(r, "comentario"))
	})
}

func (m *Module) attachmentGet(w http.ResponseWriter, r *http.Request) error {
	v, t, err := m.ticketOf(r)
	if err != nil {
		return err
	}
	a, data, err := attachmentContent(r.Context(), m.kit.DB, t, r.PathValue("adjunto"))
	if err != nil {
		return err
	}
	if a.Internal && !v.works(t) {
		return errs.ErrNotFound
	}
	return web.SendFile(w, web.File{Name: a.Filename, ContentType: a.ContentType, Content: data})
}
