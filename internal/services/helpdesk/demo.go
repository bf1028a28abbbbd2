package helpdesk

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// RealSeries is the number of support requests the Diputación answered in
// each year, as published (2012–2018); DemoSeries continues it to 2026.
var RealSeries = map[int]int{2012: 1936, 2013: 1148, 2014: 2288, 2015: 3313, 2016: 3535, 2017: 5303, 2018: 4829}

// DemoSeries is the yearly volume of the demo: the real series, then a
// realistic continuation (the 2020 peak of remote work, then ~5,000 a year).
var DemoSeries = map[int]int{2012: 1936, 2013: 1148, 2014: 2288, 2015: 3313, 2016: 3535, 2017: 5303, 2018: 4829,
	2019: 5047, 2020: 6212, 2021: 5486, 2022: 5138, 2023: 4961, 2024: 5072, 2025: 4987, 2026: 5010}

// Demo logins the support desk adds: a plain requester of Cáceres.
const (
	DemoRequester = "usuario@caceres.es"
)

// Fixed subjects of the demo tickets the tests rely on.
const (
	DemoSubjectRequester = "Demo: el padrón no imprime el certificado de convivencia"
	DemoSubjectCaceres   = "Demo: buzón de alcaldía lleno"
	DemoSubjectNominas   = "Demo: atrasos de la nómina de noviembre"
	DemoSubjectPlasencia = "Demo: registro de entrada sin numerar"
	DemoSubjectMember    = "Demo: no se puede publicar en el portal"
	DemoSubjectAbadia    = "Demo: recibo de agua duplicado"
)

// tecnicoServices are the teams of tecnico@dipcaceres.es.
var tecnicoServices = []string{"", "padron", "registro", "expedientes", "correo", "tributos"}

// LoadDemo fills the support desk of the demo province: service levels,
// teams, the knowledge base, a plain requester of Cáceres and the ticket
// history (opts.Full: the yearly series 2012–2026, ~68,000 tickets; else a
// few hundred). The set-up and each year of tickets are one short
// transaction each, so a platform that serves meanwhile still writes; what
// is already there (the set-up, a year with its counter) is not written
// again, so a load stopped half-way finishes at the next run.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	now := opts.At().Truncate(time.Second)
	g := &gen{db: d, engine: d.Engine, rng: rand.New(rand.NewPCG(20260501, 5)), now: now, full: opts.Full, last: map[int]int64{},
		progress: opts.Report}
	if err := g.load(ctx, d); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	var err error
	if g.loadedYears, err = loadedYears(ctx, d); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	var sla int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM helpdesk_sla`).Scan(&sla); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	if err := g.tx(ctx, func(tx *sql.Tx) error { return g.setUp(ctx, tx, sla == 0) }); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	g.fixtures()
	if err := g.history2(ctx); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	if err := g.tx(ctx, func(tx *sql.Tx) error { return g.flush(ctx, tx, math.MaxInt) }); err != nil {
		return fmt.Errorf("demo de soporte: %w", err)
	}
	if g.written == 0 {
		return nil
	}
	if err := d.Tx(ctx, func(tx *sql.Tx) error {
		return audit.Append(ctx, d.Engine, tx, audit.Event{ActorID: "sistema", ActorName: "Carga de datos de demostración",
			Action: "demo.soporte", ObjectType: "demo", ObjectID: "soporte", After: map[string]int{"incidencias": g.written}})
	}); err != nil {
		return err
	}
	if !opts.Full {
		return nil
	}
	// Fresh statistics let the planner see how few tickets are open.
	_, err = d.ExecContext(ctx, `ANALYZE helpdesk_tickets`)
	return err
}

// loadedYears are the years whose tickets are in (each has its counter,
// written with them).
func loadedYears(ctx context.Context, q db.Queryer) (map[int]bool, error) {
	years, err := db.Collect(ctx, q, func(s db.Scanner) (int, error) {
		var y int
		return y, s.Scan(&y)
	}, `SELECT year FROM helpdesk_counters`)
	out := map[int]bool{}
	for _, y := range years {
		out[y] = true
	}
	return out, err
}

// tx runs fn in a transaction with SQLite's page cache fixed at
// demoCacheKiB in the full load.
func (g *gen) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return g.db.Tx(ctx, func(tx *sql.Tx) error {
		if g.engine == db.SQLite && g.full {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, demoCacheKiB)); err != nil {
				return err
			}
			defer tx.ExecContext(ctx, `PRAGMA cache_size = -2000`)
		}
		return fn(tx)
	})
}

// demoCacheKiB is SQLite's page cache while the full support desk loads.
const demoCacheKiB = 32 << 10

// demoEntity is an entity of the demo with the people who ask for help
// there and the TIC operators who serve it.
type demoEntity struct {
	directory.Entity
	People    []directory.Person
	Operators []directory.Person
	weight    float64
}

type gen struct {
	db       *db.DB
	engine   db.Engine
	rng      *rand.Rand
	now      time.Time
	full     bool
	entities []*demoEntity
	byDIR3   map[string]*demoEntity
	byName   map[string]*demoEntity
	techs    []directory.Person
	teams    map[string][]directory.Person // service → technicians
	tecnico  directory.Person
	sla      map[string][2]int // service/priority → minutes
	services []string
	// tickets, messages, history and calls wait here until their year is
	// written (flush): the load holds one year of tickets at a time.
	tickets  []*Ticket
	messages [][]any
	history  [][]any
	calls    [][]any
	last     map[int]int64 // year → last number given
	written  int           // tickets written
	progress func(done, total int64)
	// loadedYears are the years already written by a previous run.
	loadedYears map[int]bool
}

func (g *gen) load(ctx context.Context, tx db.Queryer) error {
	g.byDIR3, g.byName = map[string]*demoEntity{}, map[string]*demoEntity{}
	all, err := directory.Entities(ctx, tx)
	if err != nil {
		return err
	}
	var rows []*demoEntity
	var ids []string
	byID := map[string]*demoEntity{}
	for _, d := range all {
		if d.Kind == refdata.KindDiputacion {
			continue
		}
		e := &demoEntity{Entity: d}
		rows, ids = append(rows, e), append(ids, e.ID)
		g.byDIR3[d.DIR3] = e
		g.byName[e.Name] = e
		byID[e.ID] = e
	}
	members, err := directory.Members(ctx, tx, directory.MemberFilter{AllEntities: true, Active: true}, directory.ByIDs)
	if err != nil {
		return err
	}
	for _, mb := range members {
		if e := byID[mb.EntityID]; e != nil {
			e.People = append(e.People, mb.Person)
		}
	}
	ops, err := directory.Operators(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, o := range ops {
		e := byID[o.EntityID]
		e.Operators = append(e.Operators, o.Person)
	}
	for _, e := range rows {
		if len(e.People) == 0 {
			continue
		}
		e.weight = 8 + sqrtf(float64(e.Population))
		if e.Kind == refdata.KindMancomunidad {
			e.weight = 6
		}
		g.entities = append(g.entities, e)
	}
	staff, err := technicians(ctx, tx)
	if err != nil {
		return err
	}
	for _, p := range staff {
		if p.GlobalRole == auth.RoleDipTecnico {
			g.techs = append(g.techs, p)
		}
	}
	slices.SortFunc(g.techs, func(a, b directory.Person) int { return strings.Compare(a.Email, b.Email) })
	for _, t := range g.techs {
		if t.Email == "tecnico@dipcaceres.es" {
			g.tecnico = t
		}
	}
	svcs, err := listServices(ctx, tx)
	if err != nil {
		return err
	}
	for _, s := range svcs {
		g.services = append(g.services, s.Code)
	}
	return nil
}

func sqrtf(x float64) float64 {
	r := x
	if r <= 0 {
		return 0
	}
	for i := 0; i < 30; i++ {
		r = (r + x/r) / 2
	}
	return r
}

// demoSLA are the service levels of the demo, in working minutes.
var demoSLA = map[string]map[string][2]int{
	"":            {"urgente": {60, 420}, "alta": {120, 840}, "normal": {420, 2100}, "baja": {840, 4200}},
	"red":         {"urgente": {30, 240}, "alta": {60, 420}, "normal": {240, 1260}, "baja": {420, 2100}},
	"correo":      {"urgente": {30, 240}, "alta": {60, 420}, "normal": {240, 1260}, "baja": {420, 2100}},
	"registro":    {"urgente": {30, 300}, "alta": {60, 630}, "normal": {300, 1680}, "baja": {600, 3360}},
	"padron":      {"urgente": {60, 420}, "alta": {120, 840}, "normal": {420, 2100}, "baja": {840, 4200}},
	"expedientes": {"urgente": {60, 420}, "alta": {120, 840}, "normal": {420, 2100}, "baja": {840, 4200}},
	"nominas":     {"urgente": {60, 300}, "alta": {120, 630}, "normal": {420, 2100}, "baja": {840, 4200}},
}

func (g *gen) slaOf(service, priority string) (int, int) {
	if m, ok := demoSLA[service]; ok {
		return m[priority][0], m[priority][1]
	}
	return demoSLA[""][priority][0], demoSLA[""][priority][1]
}

func (g *gen) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

var serviceWeights = map[string]float64{"padron": 14, "registro": 9, "expedientes": 9, "tributos": 10, "contabilidad": 10,
	"correo": 13, "red": 8, "portal": 7, "nominas": 5, "oficina_virtual": 4, "portafirmas": 3, "geiser": 2, "face": 2,
	"fnmt": 2, "activos": 1, "inside": 1, "gestiona": 1, "": 5}

// setUp makes the service levels, the teams, the knowledge base and the
// requester, writing them when write (not on a resumed load).
func (g *gen) setUp(ctx context.Context, tx *sql.Tx, write bool) error {
	at := g.now
	insert := func(table string, cols []string, rows [][]any) error {
		if !write {
			return nil
		}
		return g.insert(ctx, tx, table, cols, rows)
	}
	// Service levels.
	var slaRows [][]any
	for svc, m := range demoSLA {
		for p, v := range m {
			slaRows = append(slaRows, []any{svc, p, v[0], v[1], at, ""})
		}
	}
	sort.Slice(slaRows, func(i, j int) bool { return fmt.Sprint(slaRows[i][:2]) < fmt.Sprint(slaRows[j][:2]) })
	if err := insert("helpdesk_sla", []string{"service_code", "priority", "response_minutes", "resolution_minutes",
		"updated_at", "updated_by"}, slaRows); err != nil {
		return err
	}
	// Teams: the fixed technician, then the others round the services.
	g.teams = map[string][]directory.Person{}
	var teamRows [][]any
	addTeam := func(p directory.Person, svc string) {
		if slices.ContainsFunc(g.teams[svc], func(x directory.Person) bool { return x.ID == p.ID }) {
			return
		}
		g.teams[svc] = append(g.teams[svc], p)
		teamRows = append(teamRows, []any{p.ID, svc, at, "sistema"})
	}
	if g.tecnico.ID != "" {
		for _, s := range tecnicoServices {
			addTeam(g.tecnico, s)
		}
	}
	var others []directory.Person
	for _, t := range g.techs {
		if t.ID != g.tecnico.ID {
			others = append(others, t)
		}
	}
	for i, svc := range append([]string{""}, g.services...) {
		if len(others) == 0 {
			break
		}
		addTeam(others[i%len(others)], svc)
		addTeam(others[(i+3)%len(others)], svc)
	}
	if err := insert("helpdesk_team", []string{"user_id", "service_code", "created_at", "created_by"}, teamRows); err != nil {
		return err
	}
	// Knowledge base.
	var kb [][]any
	for i, s := range solutionsSeed {
		if s.Service != "" && !slices.Contains(g.services, s.Service) {
			continue
		}
		when := at.AddDate(0, -g.rng.IntN(36)-1, -i)
		kb = append(kb, []any{id.New(), s.Service, s.Title, s.Body, refdata.Fold(s.Title + " " + s.Body), true,
			int64(g.rng.IntN(400)), when, "sistema", when, "sistema"})
	}
	if err := insert("helpdesk_solutions", []string{"id", "service_code", "title", "body", "search_text", "published",
		"views", "created_at", "created_by", "updated_at", "updated_by"}, kb); err != nil {
		return err
	}
	// A plain requester of Cáceres.
	if !write {
		return nil
	}
	return g.addRequester(ctx, tx)
}

// addRequester creates usuario@caceres.es, staff of Cáceres with the demo
// staff password (the hash of admin@caceres.es, as the demo shares hashes).
func (g *gen) addRequester(ctx context.Context, tx *sql.Tx) error {
	cc := g.byDIR3["L01100377"]
	if cc == nil {
		return nil
	}
	var hash string
	if err := tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE email = 'admin@caceres.es'`).Scan(&hash); err != nil {
		return db.NotFound(err)
	}
	nif := ""
	for n := 48123456; ; n++ {
		cand := fmt.Sprintf("%08d%c", n, "TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE nif = $1`, cand).Scan(&c); err != nil {
			return err
		}
		if c == 0 {
			nif = cand
			break
		}
	}
	uid := id.New()
	created := g.now.AddDate(-3, 0, 0)
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, nif, name, surname1, surname2, search_text, email, phone, state,
		global_role, password_hash, fictitious, created_at, updated_at) VALUES ($1, $2, 'Lucía', 'Sanguino', 'Pulido', $3, $4,
		'927 000 111', 'activo', '', $5, TRUE, $6, $6)`, uid, nif, refdata.Fold("Lucía Sanguino Pulido "+nif+" "+DemoRequester),
		DemoRequester, hash, created); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (entity_id, user_id, role, job_title, created_at, created_by)
		VALUES ($1, $2, 'personal', 'Auxiliar Administrativa', $3, $2)`, cc.ID, uid, created); err != nil {
		return err
	}
	cc.People = append(cc.People, directory.Person{ID: uid, Given: "Lucía", Surname1: "Sanguino", Surname2: "Pulido",
		Email: DemoRequester, Phone: "927 000 111", State: "activo"})
	return nil
}

func personByEmail(e *demoEntity, email string) directory.Person {
	for _, p := range e.People {
		if p.Email == email {
			return p
		}
	}
	if len(e.People) > 0 {
		return e.People[0]
	}
	return directory.Person{}
}

// fixtures are the well-known tickets the tests and the demo tour use.
func (g *gen) fixtures() {
	cc, pl, ab := g.byDIR3["L01100377"], g.byDIR3["L01101480"], g.byDIR3["L01100015"]
	var member *demoEntity
	for _, e := range g.entities {
		if e.Kind == refdata.KindAyuntamiento && slices.ContainsFunc(e.Operators, func(p directory.Person) bool {
			return p.Email == "operador@sierradegata.es"
		}) {
			member = e
			break
		}
	}
	base := g.now.Add(-3 * time.Hour)
	type fx struct {
		e        *demoEntity
		who      string
		svc      string
		subject  string
		state    string
		priority string
		channel  string
	}
	list := []fx{
		{cc, DemoRequester, "padron", DemoSubjectRequester, StateWorking, "normal", "web"},
		{cc, "admin@caceres.es", "correo", DemoSubjectCaceres, StateNew, "alta", "web"},
		{cc, "admin@caceres.es", "nominas", DemoSubjectNominas, StateNew, "normal", "telefono"},
		{pl, "admin@plasencia.es", "registro", DemoSubjectPlasencia, StateWaiting, "alta", "web"},
		{member, "", "portal", DemoSubjectMember, StateNew, "normal", "operador"},
		{ab, "secretaria@abadia.es", "tributos", DemoSubjectAbadia, StateResolved, "normal", "web"},
	}
	for i, f := range list {
		if f.e == nil {
			continue
		}
		p := personByEmail(f.e, f.who)
		created := base.Add(time.Duration(-i) * 26 * time.Hour)
		t := g.ticket(f.e, p, f.svc, "error", f.priority, f.channel, created)
		t.Subject, t.Body = f.subject, f.subject[len("Demo: "):]+". Ticket de demostración."
		switch f.state {
		case StateWorking:
			t.State = StateWorking
			if g.tecnico.ID != "" {
				t.AssigneeID, t.AssigneeName = g.tecnico.ID, g.tecnico.ShortName()
			}
			t.Responded(created.Add(30 * time.Minute))
			g.message(t, "respuesta", g.tecnico, true, "Lo estamos revisando.", created.Add(30*time.Minute))
		case StateWaiting:
			t.State = StateWorking
			t.Responded(created.Add(time.Hour))
			t.Pause(created.Add(time.Hour))
			t.State = StateWaiting
		case StateResolved:
			t.Responded(created.Add(time.Hour))
			t.Resolve(created.Add(2 * time.Hour))
			t.State = StateResolved
			g.message(t, "respuesta", g.tecnico, true, "Corregido: se ha anulado el recibo duplicado.", created.Add(2*time.Hour))
		}
		g.hist(t, "Abierta por "+p.Name(), created)
		if f.channel == "telefono" {
			g.call(t, p, created)
		}
	}
}

// ticket builds a ticket with its SLA started.
func (g *gen) ticket(e *demoEntity, p directory.Person, svc, cat, prio, channel string, created time.Time) *Ticket {
	t := &Ticket{EntityID: e.ID, ID: id.New(), Year: created.In(web.Madrid).Year(), RequesterID: p.ID, RequesterName: p.Name(),
		RequesterEmail: p.Email, RequesterPhone: p.Phone, ServiceCode: svc, Category: cat, Priority: prio, Channel: channel,
		State: StateNew, Level: 1, ReplyToken: token(), CreatedAt: created, UpdatedAt: created, CreatedBy: p.ID}
	resp, resol := g.slaOf(svc, prio)
	t.StartSLA(resp, resol, created)
	g.tickets = append(g.tickets, t)
	return t
}

// message adds a message by who: the support staff sign with their short
// name, the requester with his full name.
func (g *gen) message(t *Ticket, kind string, who directory.Person, support bool, body string, at time.Time) {
	name := who.Name()
	if support {
		name = who.ShortName()
	}
	g.messages = append(g.messages, []any{t.EntityID, id.New(), t.ID, kind, db.NullString(who.ID), orName(name), support, body, at.UTC()})
	if at.After(t.UpdatedAt) {
		t.UpdatedAt = at
	}
}

func orName(s string) string {
	if s == "" {
		return "Soporte de la Diputación"
	}
	return s
}

func (g *gen) hist(t *Ticket, what string, at time.Time) {
	g.history = append(g.history, []any{t.EntityID, id.New(), t.ID, at.UTC(), "Sistema", what, true})
}

func (g *gen) call(t *Ticket, p directory.Person, at time.Time) {
	phone := p.Phone
	if phone == "" {
		phone = "927 " + fmt.Sprintf("%06d", g.rng.IntN(1000000))
	}
	taker := g.tecnico
	if len(g.techs) > 0 {
		taker = g.techs[g.rng.IntN(len(g.techs))]
	}
	g.calls = append(g.calls, []any{t.EntityID, id.New(), t.ID, p.Name(), phone, db.NullString(p.ID), 60 + g.rng.IntN(900),
		t.Subject, taker.ID, taker.ShortName(), at.UTC()})
}

// history2 generates the years of tickets, writing each year's when it
// is complete.
func (g *gen) history2(ctx context.Context) error {
	years := make([]int, 0, len(DemoSeries))
	for y := range DemoSeries {
		if y <= g.now.In(web.Madrid).Year() {
			years = append(years, y)
		}
	}
	sort.Ints(years)
	weights := make([]float64, len(g.entities))
	for i, e := range g.entities {
		weights[i] = e.weight
	}
	svcCodes := append([]string{""}, g.services...)
	svcW := make([]float64, len(svcCodes))
	for i, s := range svcCodes {
		svcW[i] = serviceWeights[s]
		if svcW[i] == 0 {
			svcW[i] = 1
		}
	}
	for _, y := range years {
		n := DemoSeries[y]
		if !g.full {
			n /= 150
		}
		start := time.Date(y, 1, 2, 0, 0, 0, 0, web.Madrid)
		end := time.Date(y+1, 1, 1, 0, 0, 0, 0, web.Madrid)
		if end.After(g.now) {
			// The current year: the share of the year gone by.
			frac := float64(g.now.Sub(start)) / float64(end.Sub(start))
			n = int(float64(n) * frac)
			end = g.now.Add(-time.Hour)
		}
		span := end.Sub(start)
		for i := 0; i < n; i++ {
			day := start.Add(time.Duration(g.rng.Int64N(int64(span))))
			if !calendar.IsWorkingDay(day) && g.rng.IntN(10) > 0 {
				if next := calendar.AddWorkingHours(day, time.Minute); next.In(web.Madrid).Year() == y && next.Before(end) {
					day = next
				}
			}
			dd := day.In(web.Madrid)
			created := time.Date(dd.Year(), dd.Month(), dd.Day(), 8, 0, 0, 0, web.Madrid).
				Add(time.Duration(g.rng.IntN(7*60+60)) * time.Minute).UTC()
			if created.After(g.now) {
				created = g.now.Add(-time.Duration(g.rng.IntN(120)+1) * time.Minute)
			}
			g.randomTicket(g.entities[g.pick(weights)], svcCodes[g.pick(svcW)], created)
		}
		if err := g.tx(ctx, func(tx *sql.Tx) error { return g.flush(ctx, tx, y) }); err != nil {
			return err
		}
		g.progress(int64(y-years[0]+1), int64(len(years)))
	}
	return nil
}

func (g *gen) randomTicket(e *demoEntity, svc string, created time.Time) {
	p := e.People[g.rng.IntN(len(e.People))]
	cat := [...]string{"consulta", "error", "peticion"}[g.pick([]float64{45, 35, 20})]
	prio := [...]string{"baja", "normal", "alta", "urgente"}[g.pick([]float64{14, 61, 20, 5})]
	ch := [...]string{"web", "telefono", "correo", "operador"}[g.pick([]float64{45, 35, 8, 12})]
	if ch == "operador" && (len(e.Operators) == 0 || created.Year() < 2015) {
		ch = "web"
	}
	t := g.ticket(e, p, svc, cat, prio, ch, created)
	s := samples[svc]
	if len(s) == 0 {
		s = samples[""]
	}
	smp := s[g.rng.IntN(len(s))]
	t.Subject, t.Body = smp.Subject, smp.Body
	g.hist(t, "Abierta por "+p.Name()+" (canal: "+strings.ToLower(t.ChannelLabel())+")", created)
	if ch == "telefono" {
		g.call(t, p, created)
	}
	// Who works it.
	var worker directory.Person
	if len(e.Operators) > 0 && created.Year() >= 2015 && g.rng.IntN(10) < 7 {
		worker = e.Operators[0]
	}
	if g.rng.IntN(100) < 22 || worker.ID == "" {
		team := g.teams[svc]
		if len(team) == 0 {
			team = g.teams[""]
		}
		if len(team) > 0 {
			worker = team[g.rng.IntN(len(team))]
		}
		if len(e.Operators) > 0 && created.Year() >= 2015 {
			t.Level = 2
		}
	}
	age := g.now.Sub(created)
	// First response: mostly within the limit, some late.
	respWork := time.Duration(float64(t.SLAResponseMin)*(0.1+g.rng.Float64()*0.8)) * time.Minute
	if g.rng.IntN(100) < 9 {
		respWork = time.Duration(float64(t.SLAResponseMin)*(1.1+g.rng.Float64()*2)) * time.Minute
	}
	respAt := calendar.AddWorkingHours(created, respWork)
	if respAt.After(g.now) {
		if worker.ID != "" && g.rng.IntN(2) == 0 {
			t.AssigneeID, t.AssigneeName, t.State = worker.ID, worker.ShortName(), StateAssigned
		}
		return
	}
	t.AssigneeID, t.AssigneeName = worker.ID, worker.ShortName()
	t.Responded(respAt)
	t.State = StateWorking
	g.message(t, "respuesta", worker, true, smp.Answer, respAt)
	if g.rng.IntN(10) == 0 {
		g.message(t, "nota", worker, true, notes[g.rng.IntN(len(notes))], respAt.Add(time.Minute))
	}
	// Some wait for the user.
	cursor := respAt
	if g.rng.IntN(100) < 18 {
		t.Pause(cursor)
		t.State = StateWaiting
		back := calendar.AddWorkingHours(cursor, time.Duration(60+g.rng.IntN(3*420))*time.Minute)
		if back.After(g.now) {
			return
		}
		g.message(t, "respuesta", p, false, userReplies[g.rng.IntN(len(userReplies))], back)
		t.Resume(back)
		t.State = StateWorking
		cursor = back
	}
	// Resolution: most within the limit.
	left := time.Duration(t.SLAResolutionMin)*time.Minute - t.WorkedTime(cursor)
	work := time.Duration(float64(max(left, 30*time.Minute)) * (0.05 + g.rng.Float64()*0.85))
	if g.rng.IntN(100) < 11 {
		work = time.Duration(float64(t.SLAResolutionMin)*(0.3+g.rng.Float64()*1.5)) * time.Minute
	}
	resolved := calendar.AddWorkingHours(cursor, work)
	if resolved.After(g.now) {
		return
	}
	t.Resolve(resolved)
	t.State = StateResolved
	closeAt := calendar.AddWorkingHours(resolved, time.Duration(60+g.rng.IntN(5*420))*time.Minute)
	if closeAt.After(g.now) || age < 3*24*time.Hour && g.rng.IntN(2) == 0 {
		g.hist(t, "Estado: En curso → Resuelta", resolved)
		return
	}
	t.State, t.Closed = StateClosed, closeAt
	t.UpdatedAt = closeAt
	g.hist(t, "Resuelta y cerrada", closeAt)
	if g.rng.IntN(100) < 38 {
		t.Rating = [...]int{5, 4, 3, 2, 1}[g.pick([]float64{55, 28, 10, 4, 3})]
		t.RatedAt = closeAt
		if g.rng.IntN(4) == 0 {
			t.RatingComment = userReplies[g.rng.IntN(2)]
		}
	}
	if g.rng.IntN(100) < 30 {
		g.message(t, "respuesta", p, false, userReplies[g.rng.IntN(len(userReplies))], resolved.Add(time.Duration(g.rng.IntN(90)+5)*time.Minute))
	}
}

// flush numbers the tickets of the years up to year in order of creation
// (after those numbered before) and writes them with their messages,
// history and calls; the later ones wait for their year.
func (g *gen) flush(ctx context.Context, tx *sql.Tx, year int) error {
	var due, later []*Ticket
	waiting, skipped := map[string]bool{}, map[string]bool{}
	for _, t := range g.tickets {
		if t.Year <= year {
			due = append(due, t)
		} else {
			later = append(later, t)
			waiting[t.ID] = true
		}
	}
	// The years a previous run wrote are generated again (the same draws
	// follow) but not written.
	due = slices.DeleteFunc(due, func(t *Ticket) bool {
		if g.loadedYears[t.Year] {
			skipped[t.ID] = true
		}
		return g.loadedYears[t.Year]
	})
	sort.SliceStable(due, func(i, j int) bool { return due[i].CreatedAt.Before(due[j].CreatedAt) })
	rows := make([][]any, len(due))
	search := make([][]any, len(due))
	years := map[int]bool{}
	for i, t := range due {
		years[t.Year] = true
		g.last[t.Year]++
		t.Number = formatNumber(t.Year, g.last[t.Year])
		if t.UpdatedAt.Before(t.CreatedAt) {
			t.UpdatedAt = t.CreatedAt
		}
		rows[i] = ticketArgs(t)
		search[i] = []any{t.EntityID, t.ID, searchText(t)}
	}
	if err := g.insert(ctx, tx, "helpdesk_tickets", strings.Split(strings.Join(strings.Fields(ticketCols), ""), ","), rows); err != nil {
		return err
	}
	if err := g.insert(ctx, tx, "helpdesk_search", []string{"entity_id", "ticket_id", "search_text"}, search); err != nil {
		return err
	}
	for y := range years {
		if _, err := tx.ExecContext(ctx, `INSERT INTO helpdesk_counters (year, last) VALUES ($1, $2)
			ON CONFLICT (year) DO UPDATE SET last = excluded.last`, y, g.last[y]); err != nil {
			return fmt.Errorf("helpdesk_counters: %w", err)
		}
	}
	g.tickets, g.written = later, g.written+len(due)
	var messages, history, calls [][]any
	messages, g.messages = splitWaiting(g.messages, waiting, skipped)
	history, g.history = splitWaiting(g.history, waiting, skipped)
	calls, g.calls = splitWaiting(g.calls, waiting, skipped)
	if err := g.insert(ctx, tx, "helpdesk_messages", []string{"entity_id", "id", "ticket_id", "kind", "author_id", "author_name",
		"from_support", "body", "created_at"}, messages); err != nil {
		return err
	}
	if err := g.insert(ctx, tx, "helpdesk_history", []string{"entity_id", "id", "ticket_id", "at", "actor_name", "what", "public"}, history); err != nil {
		return err
	}
	return g.insert(ctx, tx, "helpdesk_calls", []string{"entity_id", "id", "ticket_id", "caller_name", "caller_phone", "caller_id",
		"duration_sec", "summary", "taken_by", "taken_by_name", "taken_at"}, calls)
}

// splitWaiting splits rows whose third value is a ticket's id into those
// of tickets written now and those of tickets still waiting, leaving out
// those of skipped tickets.
func splitWaiting(rows [][]any, waiting, skipped map[string]bool) (now, later [][]any) {
	for _, r := range rows {
		switch t := r[2].(string); {
		case waiting[t]:
			later = append(later, r)
		case !skipped[t]:
			now = append(now, r)
		}
	}
	return now, later
}

// insert writes rows with one prepared statement: one row at a time on
// SQLite (fastest there), many per statement on PostgreSQL.
func (g *gen) insert(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	per := 1
	if g.engine == db.Postgres {
		per = max(1, min(500, 30000/len(cols)))
	}
	stmtSQL := func(n int) string {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		for r := 0; r < n; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + marks(r*len(cols)+1, len(cols)) + ")")
		}
		return b.String()
	}
	var full *sql.Stmt
	if len(rows) >= per {
		var err error
		if full, err = tx.PrepareContext(ctx, stmtSQL(per)); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		defer full.Close()
	}
	for lo := 0; lo < len(rows); lo += per {
		hi := min(lo+per, len(rows))
		args := make([]any, 0, (hi-lo)*len(cols))
		for _, r := range rows[lo:hi] {
			args = append(args, r...)
		}
		var err error
		if hi-lo == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmtSQL(hi-lo), args...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}
