package helpdesk

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// Group is one line of a statistics table.
type Group struct {
	Key, Label                       string
	Tickets                          int64
	RespSum, RespN, ResolSum, ResolN int64
	ResolMet, RespMet                int64
	RatingSum, RatingN               int64
}

// AvgResponse is the mean working time to the first response.
func (g Group) AvgResponse() string { return avgText(g.RespSum, g.RespN) }

// AvgResolution is the mean working time to the resolution.
func (g Group) AvgResolution() string { return avgText(g.ResolSum, g.ResolN) }

// Compliance is the share of resolved tickets within their resolution limit.
func (g Group) Compliance() string { return pct(g.ResolMet, g.ResolN) }

// ResponseCompliance is the share of answered tickets within their response limit.
func (g Group) ResponseCompliance() string { return pct(g.RespMet, g.RespN) }

// Rating is the mean satisfaction (1 to 5) with its count.
func (g Group) Rating() string {
	if g.RatingN == 0 {
		return "—"
	}
	return strings.Replace(fmt.Sprintf("%.2f", float64(g.RatingSum)/float64(g.RatingN)), ".", ",", 1)
}

func avgText(sum, n int64) string {
	if n == 0 {
		return "—"
	}
	return workSpan(minutes(int(sum / n)))
}

func pct(a, n int64) string {
	if n == 0 {
		return "—"
	}
	return strings.Replace(fmt.Sprintf("%.1f %%", 100*float64(a)/float64(n)), ".", ",", 1)
}

func avgNum(sum, n int64) any {
	if n == 0 {
		return nil
	}
	return float64(sum) / float64(n)
}

func pctNum(a, n int64) any {
	if n == 0 {
		return nil
	}
	return 100 * float64(a) / float64(n)
}

const groupCols = `COUNT(*),
	CAST(COALESCE(SUM(t.response_work_min), 0) AS BIGINT), COUNT(t.response_work_min),
	CAST(COALESCE(SUM(t.resolution_work_min), 0) AS BIGINT), COUNT(t.resolution_work_min),
	CAST(COALESCE(SUM(CASE WHEN t.resolution_work_min <= t.sla_resolution_min THEN 1 ELSE 0 END), 0) AS BIGINT),
	CAST(COALESCE(SUM(CASE WHEN t.response_work_min <= t.sla_response_min THEN 1 ELSE 0 END), 0) AS BIGINT),
	CAST(COALESCE(SUM(t.rating), 0) AS BIGINT), COUNT(t.rating)`

// groups counts tickets by the expression key (labelled by lbl).
func groups(ctx context.Context, q db.Queryer, key, lbl, join string, w *db.Where, order string) ([]Group, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (Group, error) {
		var g Group
		err := sc.Scan(&g.Key, &g.Label, &g.Tickets, &g.RespSum, &g.RespN, &g.ResolSum, &g.ResolN, &g.ResolMet, &g.RespMet,
			&g.RatingSum, &g.RatingN)
		return g, err
	}, `SELECT `+key+`, `+lbl+`, `+groupCols+` FROM helpdesk_tickets t `+join+w.SQL()+` GROUP BY `+key+`, `+lbl+` ORDER BY `+order, w.Args...)
}

type statsData struct {
	Year                            string
	Years                           []string
	ByYear, ByService, ByState      []Group
	ByChannel, ByEntity, ByPriority []Group
	Total                           Group
	Chart                           template.HTML
	Province                        bool
	Formats                         []string
}

// tables are the exportable tables.
var tables = []option{{"anios", "Incidencias por año"}, {"servicios", "Por servicio"}, {"estados", "Por estado"},
	{"canales", "Por canal"}, {"entidades", "Por entidad"}, {"prioridades", "Por prioridad"}}

// statsTTL is how long computed statistics are reused: they scan every
// ticket, and a minute old is live enough.
const statsTTL = time.Minute

type statsCache struct {
	mu sync.Mutex
	m  map[string]cachedStats
}

type cachedStats struct {
	at time.Time
	d  *statsData
}

// stats returns the statistics of the tickets the viewer's statistics count
// (cached for statsTTL per scope and year).
func (m *Module) stats(ctx context.Context, v *viewer, year string) (*statsData, error) {
	ids := append(append([]string{}, v.Operated...), v.Full...)
	sort.Strings(ids)
	key := year + "|" + strings.Join(ids, ",")
	if v.All || v.Tech {
		key = year + "|provincia"
	}
	now := time.Now()
	m.cache.mu.Lock()
	c, ok := m.cache.m[key]
	m.cache.mu.Unlock()
	if ok && now.Sub(c.at) < statsTTL {
		return c.d, nil
	}
	d, err := m.computeStats(ctx, v, year)
	if err != nil {
		return nil, err
	}
	m.cache.mu.Lock()
	if m.cache.m == nil || len(m.cache.m) > 1000 {
		m.cache.m = map[string]cachedStats{}
	}
	m.cache.m[key] = cachedStats{now, d}
	m.cache.mu.Unlock()
	return d, nil
}

func (m *Module) computeStats(ctx context.Context, v *viewer, year string) (*statsData, error) {
	d := &statsData{Year: year, Province: v.All || v.Tech, Formats: sheet.Formats}
	base := func() *db.Where {
		w := &db.Where{}
		v.statsScope(w)
		return w
	}
	var err error
	if d.ByYear, err = groups(ctx, m.kit.DB, "CAST(t.year AS TEXT)", "CAST(t.year AS TEXT)", "", base(), "1"); err != nil {
		return nil, err
	}
	for _, g := range d.ByYear {
		d.Years = append(d.Years, g.Key)
	}
	yw := func() *db.Where {
		w := base()
		if y, err := strconv.Atoi(year); err == nil {
			w.Add("t.year = ?", y)
		}
		return w
	}
	if d.ByService, err = groups(ctx, m.kit.DB, "t.service_code", "t.service_code", "", yw(), "3 DESC"); err != nil {
		return nil, err
	}
	cat, err := catalogue(ctx, m.kit.DB)
	if err != nil {
		return nil, err
	}
	for i, g := range d.ByService {
		d.ByService[i].Label = serviceLabel(cat, g.Key, "Otras consultas")
	}
	if d.ByState, err = groups(ctx, m.kit.DB, "t.state", "t.state", "", yw(), "3 DESC"); err != nil {
		return nil, err
	}
	if d.ByChannel, err = groups(ctx, m.kit.DB, "t.channel", "t.channel", "", yw(), "3 DESC"); err != nil {
		return nil, err
	}
	if d.ByPriority, err = groups(ctx, m.kit.DB, "t.priority", "t.priority", "", yw(), "3 DESC"); err != nil {
		return nil, err
	}
	if d.ByEntity, err = groups(ctx, m.kit.DB, "t.entity_id", "e.name", directory.JoinEntity("e", "t.entity_id"), yw(), "3 DESC, 2"); err != nil {
		return nil, err
	}
	for i := range d.ByState {
		d.ByState[i].Label = label(states, d.ByState[i].Label)
	}
	for i := range d.ByChannel {
		d.ByChannel[i].Label = label(channels, d.ByChannel[i].Label)
	}
	for i := range d.ByPriority {
		d.ByPriority[i].Label = label(priorities, d.ByPriority[i].Label)
	}
	for _, g := range d.ByService {
		d.Total.Key, d.Total.Label = "total", "Total"
		d.Total.Tickets += g.Tickets
		d.Total.RespSum += g.RespSum
		d.Total.RespN += g.RespN
		d.Total.ResolSum += g.ResolSum
		d.Total.ResolN += g.ResolN
		d.Total.ResolMet += g.ResolMet
		d.Total.RespMet += g.RespMet
		d.Total.RatingSum += g.RatingSum
		d.Total.RatingN += g.RatingN
	}
	d.Chart = barChart(d.ByYear)
	return d, nil
}

// seesStats reports whether v may read the desk's statistics: a gestor de
// incidencias (his entity's own data) without holding PermStats, anyone
// else only holding it.
func (m *Module) seesStats(ctx context.Context, v *viewer) (bool, error) {
	if len(v.Full) > 0 {
		return true, nil
	}
	return m.kit.Access.Anywhere(ctx, v.A, PermStats)
}

func (m *Module) statsViewer(r *http.Request) (*viewer, string, error) {
	a := kit.Actor(r)
	v, err := m.viewer(r.Context(), a)
	if err != nil {
		return nil, "", err
	}
	if ok, err := m.seesStats(r.Context(), v); err != nil || !ok {
		if err == nil {
			err = errs.ErrForbidden
		}
		return nil, "", err
	}
	year := r.URL.Query().Get("anio")
	if year == "" {
		year = strconv.Itoa(m.now().In(web.Madrid).Year())
	}
	if year != "todos" {
		if y, err := strconv.Atoi(year); err != nil || y < 2000 || y > 2100 {
			year = strconv.Itoa(m.now().In(web.Madrid).Year())
		}
	}
	return v, year, nil
}

func (m *Module) statsPage(w http.ResponseWriter, r *http.Request) error {
	v, year, err := m.statsViewer(r)
	if err != nil {
		return err
	}
	d, err := m.stats(r.Context(), v, year)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "helpdesk/stats", &web.Page{Title: "Estadísticas de soporte",
		Crumbs: []web.Crumb{crumbSupport, {Label: "Estadísticas"}}, Data: d})
}

func (m *Module) statsExport(w http.ResponseWriter, r *http.Request) error {
	v, year, err := m.statsViewer(r)
	if err != nil {
		return err
	}
	format, table := r.URL.Query().Get("formato"), r.URL.Query().Get("tabla")
	if !validFormat(format) {
		return sheet.ErrFormat
	}
	if !valid(tables, table) {
		return errs.New(errs.Invalid, "Tabla no reconocida: elija una de las de la página de estadísticas.")
	}
	d, err := m.stats(r.Context(), v, year)
	if err != nil {
		return err
	}
	var gs []Group
	first := "Año"
	switch table {
	case "anios":
		gs = d.ByYear
	case "servicios":
		gs, first = d.ByService, "Servicio"
	case "estados":
		gs, first = d.ByState, "Estado"
	case "canales":
		gs, first = d.ByChannel, "Canal"
	case "entidades":
		gs, first = d.ByEntity, "Entidad"
	case "prioridades":
		gs, first = d.ByPriority, "Prioridad"
	}
	t := sheet.Table{Name: label(tables, table), Header: []string{first, "Incidencias", "Primera respuesta media (min hábiles)",
		"Resolución media (min hábiles)", "Respuesta en plazo (%)", "Resolución en plazo (%)", "Valoración media", "Valoraciones"}}
	for _, g := range gs {
		var lbl any = g.Label
		if table == "anios" {
			n, _ := strconv.Atoi(g.Label)
			lbl = n
		}
		t.Rows = append(t.Rows, []any{lbl, g.Tickets, avgNum(g.RespSum, g.RespN), avgNum(g.ResolSum, g.ResolN),
			pctNum(g.RespMet, g.RespN), pctNum(g.ResolMet, g.ResolN), avgNum(g.RatingSum, g.RatingN), g.RatingN})
	}
	name := "soporte-" + table
	if table != "anios" {
		name += "-" + year
	}
	return sheet.Write(w, format, name, t)
}

// barChart draws the tickets per year as an SVG bar chart; the page shows
// the same figures as a table, which is the accessible alternative.
func barChart(gs []Group) template.HTML {
	if len(gs) == 0 {
		return ""
	}
	const w, h, top, bottom, left = 720, 260, 20, 30, 10
	var maxN int64
	for _, g := range gs {
		maxN = max(maxN, g.Tickets)
	}
	if maxN == 0 {
		maxN = 1
	}
	slot := float64(w-left*2) / float64(len(gs))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="grafico" viewBox="0 0 %d %d" role="img" aria-labelledby="grafico-titulo grafico-desc" xmlns="http://www.w3.org/2000/svg">`, w, h)
	b.WriteString(`<title id="grafico-titulo">Incidencias por año</title>`)
	fmt.Fprintf(&b, `<desc id="grafico-desc">Gráfico de barras: de %s (%s incidencias) a %s (%s). Los datos están en la tabla siguiente.</desc>`,
		gs[0].Label, web.Thousands(gs[0].Tickets), gs[len(gs)-1].Label, web.Thousands(gs[len(gs)-1].Tickets))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#505a5f"/>`, left, h-bottom, w-left, h-bottom)
	for i, g := range gs {
		bh := float64(h-top-bottom-16) * float64(g.Tickets) / float64(maxN)
		x := float64(left) + slot*float64(i) + slot*0.15
		y := float64(h-bottom) - bh
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1d70b8"/>`, x, y, slot*0.7, bh)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#0b0c0c">%s</text>`,
			x+slot*0.35, y-4, template.HTMLEscapeString(web.Thousands(g.Tickets)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#0b0c0c">%s</text>`,
			x+slot*0.35, h-bottom+16, template.HTMLEscapeString(g.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
