package casefile

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

const pageSize = 50

var crumbExpedientes = web.Crumb{Label: "Expedientes", Href: "/expedientes"}

// option is a value and its label for selects.
type option struct{ Value, Label string }

var dueOptions = []option{{"", "Todos"}, {"vencidos", "Con el plazo máximo vencido"}, {"proximos", "Vencen en los próximos 10 días"}}

// stateOptions are the list's state filter: open ones, then each state.
func stateOptions() []option {
	out := []option{{"", "Todos"}, {"abiertos", "En curso (sin resolver)"}}
	for _, s := range States {
		out = append(out, option{string(s.State), s.Label})
	}
	return out
}

// filterFrom reads the list filters of a request.
func filterFrom(r *http.Request) (Filter, map[string]string) {
	q := r.URL.Query()
	v := map[string]string{}
	for _, k := range []string{"q", "interesado", "estado", "procedimiento", "tramitador", "area", "plazo"} {
		v[k] = strings.TrimSpace(q.Get(k))
		if len(v[k]) > 200 {
			v[k] = v[k][:200]
		}
	}
	f := Filter{Query: v["q"], Party: strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(v["interesado"])),
		ProcedureID: v["procedimiento"], AssigneeID: v["tramitador"], Unit: v["area"]}
	if slices.ContainsFunc(stateOptions(), func(o option) bool { return o.Value == v["estado"] }) {
		f.State = v["estado"]
	} else {
		v["estado"] = ""
	}
	if v["plazo"] == "vencidos" || v["plazo"] == "proximos" {
		f.Due = v["plazo"]
	} else {
		v["plazo"] = ""
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f, v
}

type listData struct {
	Rows  []listView
	Total int
	// More: more than countCap match (Total is not exact).
	More       bool
	Filter     map[string]string
	Filtered   bool
	States     []option
	Dues       []option
	Procedures []Procedure
	Areas      []string
	Clerks     []option
	Pagination web.Pagination
	ExportHref string
	CanOpen    bool
}

// listView is a row with its plazo in words.
type listView struct {
	listRow
	DueText  string
	DueClass string
}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	f, v := filterFrom(r)
	rows, total, err := m.list(ctx, a.Entity.ID, f, pageSize)
	if err != nil {
		return err
	}
	procs, err := procedures(ctx, m.kit.DB, a.Entity.ID, false)
	if err != nil {
		return err
	}
	clerks, err := m.clerks(r)
	if err != nil {
		return err
	}
	canOpen, err := m.kit.Access.CanHere(ctx, a, PermOpen)
	if err != nil {
		return err
	}
	areas := map[string]bool{}
	var areaList []string
	for _, p := range procs {
		if p.Area != "" && !areas[p.Area] {
			areas[p.Area], areaList = true, append(areaList, p.Area)
		}
	}
	slices.Sort(areaList)
	d := &listData{Areas: areaList, Total: min(total, countCap), More: total > countCap, Filter: v, States: stateOptions(), Dues: dueOptions, Procedures: procs,
		Clerks: clerks, CanOpen: canOpen}
	for _, row := range rows {
		text, class := dueText(row.State, row.DueAt, m.kit.Now())
		d.Rows = append(d.Rows, listView{row, text, class})
	}
	for _, s := range v {
		d.Filtered = d.Filtered || s != ""
	}
	href := func(p int) string { return "/expedientes" + web.ListQuery(v, p) }
	d.Pagination = web.Paginate(f.Page, total, pageSize, href)
	if d.More {
		// Not counted to the end: a full page has a next one.
		d.Pagination.Pages = 0
		if d.Pagination.Next = ""; len(rows) == pageSize {
			d.Pagination.Next = href(f.Page + 1)
		}
		if f.Page > 1 {
			d.Pagination.Prev = href(f.Page - 1)
		}
	}
	ev := web.ListValues(v, 1)
	ev.Set("formato", "csv")
	d.ExportHref = "/expedientes/exportar?" + ev.Encode()
	return m.kit.Page(w, r, "casefile/list", &web.Page{Title: "Expedientes", Data: d})
}

// dueText says how the plazo máximo of an open expediente stands, and the
// class that colours it: vencido, vence hoy, quedan N días hábiles.
func dueText(s State, due, now time.Time) (string, string) {
	switch {
	case !s.Open():
		return "—", ""
	case s == Suspended:
		return "Suspendido", "pendiente"
	case due.IsZero():
		return "—", ""
	case now.After(due):
		return "Vencido el " + day(due), "anulada"
	}
	return "Hasta el " + day(due), ""
}

// clerks are the people with a role in the tramitador of the current
// entity, for the assignee filters and pickers.
func (m *Module) clerks(r *http.Request) ([]option, error) {
	ctx, a := r.Context(), kit.Actor(r)
	holders, err := directory.RoleHolders(ctx, m.kit.DB, a.Entity.ID, Service)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(holders))
	for id := range holders {
		ids = append(ids, id)
	}
	names, err := m.people(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []option
	for id, name := range names {
		out = append(out, option{id, name})
	}
	slices.SortFunc(out, func(x, y option) int { return strings.Compare(fold(x.Label), fold(y.Label)) })
	return out, nil
}

// exportList downloads the expedientes that match the filters, oldest
// first: CSV, ODS or XLSX.
func (m *Module) exportList(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	format := r.URL.Query().Get("formato")
	if format == "" {
		format = "csv"
	}
	f, _ := filterFrom(r)
	t := sheet.Table{Name: "Expedientes", Header: []string{"Número", "Procedimiento", "Asunto", "Interesado",
		"Estado", "Iniciado", "Vence el plazo máximo", "Tramitador"}}
	t.Each = func(row func([]any) error) error {
		return m.each(ctx, a.Entity.ID, f, func(e listRow) error {
			due := ""
			if !e.DueAt.IsZero() {
				due = day(e.DueAt)
			}
			return row([]any{e.Number, e.ProcedureName, e.Subject, e.FirstParty, e.State.Label(), day(e.StartedAt),
				due, e.Assignee})
		})
	}
	return sheet.Write(w, format, "expedientes", t)
}

type pendingData struct {
	Tasks []pendingView
}

type pendingView struct {
	pendingTask
	DueText, DueClass string
}

// pendingPage is the clerk's list of trámites to do, soonest due first.
func (m *Module) pendingPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	tasks, err := m.pending(ctx, a.Entity.ID, a.UserID, 200)
	if err != nil {
		return err
	}
	cal, err := calendar(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return err
	}
	d := &pendingData{}
	now := m.kit.Now()
	for _, t := range tasks {
		pv := pendingView{pendingTask: t}
		switch {
		case t.DueAt.IsZero():
			pv.DueText = "Sin plazo"
		case now.After(t.DueAt):
			pv.DueText, pv.DueClass = "Vencido el "+day(t.DueAt), "anulada"
		default:
			pv.DueText = plazo.RemainingLabel(plazo.Remaining(cal, t.DueAt, now)) + " (hasta el " + day(t.DueAt) + ")"
		}
		d.Tasks = append(d.Tasks, pv)
	}
	return m.kit.Page(w, r, "casefile/pending", &web.Page{Title: "Mis trámites pendientes",
		Crumbs: []web.Crumb{crumbExpedientes}, Data: d})
}
