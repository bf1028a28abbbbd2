package helpdesk_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/workcal"
	"concejo/internal/services/helpdesk"
)

// TestStandingsInWorkingTime: a ticket's limits are told in working hours
// and days of the calendar, over the weekend and the holidays of the
// December bridge of 2026 (Monday 7 and Tuesday 8), never in minutes.
func TestStandingsInWorkingTime(t *testing.T) {
	open := func(responseDue, resolutionDue time.Time) helpdesk.Ticket {
		return helpdesk.Ticket{State: helpdesk.StateAssigned, ResponseDue: responseDue, ResolutionDue: resolutionDue}
	}
	cases := []struct {
		what      string
		tk        helpdesk.Ticket
		now       time.Time
		want      []string
		wantWorst string
	}{
		{"Friday 14:00 to Wednesday 10:00: 1 h + 2 h over the weekend and the two holidays",
			open(mad(2026, 12, 4, 14, 30), mad(2026, 12, 9, 10, 0)), mad(2026, 12, 4, 14, 0),
			[]string{"Primera respuesta: ⚠ Vence pronto en menos de 1 h laborable", "Resolución: ⚠ Vence pronto en 3 h laborables"}, "proxima"},
		{"Friday 9:00 to Thursday 11:00: 6 h + 7 h + 3 h = 2 working days and 2 h",
			open(time.Time{}, mad(2026, 12, 10, 11, 0)), mad(2026, 12, 4, 9, 0),
			[]string{"Resolución: En plazo vence en 2 días y 2 h laborables"}, "en_plazo"},
		{"exactly one working day away is not soon",
			open(time.Time{}, mad(2026, 12, 9, 8, 0)), mad(2026, 12, 4, 8, 0),
			[]string{"Resolución: En plazo vence en 1 día laborable"}, "en_plazo"},
		{"past since Friday 13:00, seen on Wednesday at 9:00: 2 h + 1 h",
			open(time.Time{}, mad(2026, 12, 4, 13, 0)), mad(2026, 12, 9, 9, 0),
			[]string{"Resolución: ‼ Vencida hace 3 h laborables"}, "vencida"},
		{"past since Thursday 11:00, seen the next Wednesday at 14:30: 4 h + 7 h + 6 h 30 min",
			open(mad(2026, 12, 3, 11, 0), mad(2026, 12, 10, 12, 0)), mad(2026, 12, 9, 14, 30),
			[]string{"Primera respuesta: ‼ Vencida hace 2 días y 3 h laborables", "Resolución: ⚠ Vence pronto en 4 h laborables"}, "vencida"},
	}
	for _, c := range cases {
		var got []string
		for _, s := range c.tk.Standings(c.now) {
			got = append(got, s.Limit+": "+s.Mark+" "+s.Text)
		}
		if strings.Join(got, " | ") != strings.Join(c.want, " | ") {
			t.Errorf("%s:\n got  %q\n want %q", c.what, got, c.want)
		}
		if w := c.tk.SLAState(c.now); w != c.wantWorst {
			t.Errorf("%s: state %q, want %q", c.what, w, c.wantWorst)
		}
	}
	// Answered, the first response leaves; waiting for the user, no limit runs.
	tk := open(mad(2026, 12, 4, 9, 0), mad(2026, 12, 9, 10, 0))
	tk.FirstResponseAt = mad(2026, 12, 4, 8, 30)
	if st := tk.Standings(mad(2026, 12, 4, 10, 0)); len(st) != 1 || st[0].Limit != "Resolución" {
		t.Errorf("answered ticket: %+v", st)
	}
	tk.State = helpdesk.StateWaiting
	if st := tk.Standings(mad(2026, 12, 4, 10, 0)); len(st) != 0 {
		t.Errorf("paused ticket: %+v", st)
	}
}

var (
	soonCountRe = regexp.MustCompile(`(\d+) vencen pronto \(resolución\)`)
	lateCountRe = regexp.MustCompile(`(\d+) con la resolución vencida`)
	respLateRe  = regexp.MustCompile(`(\d+) con la primera respuesta vencida`)
	totalRe     = regexp.MustCompile(`(\d+) incidencias?\. Descargar`)
	homeOpenRe  = regexp.MustCompile(`(?:(\d+) incidencias abiertas|Una incidencia abierta) de sus municipios`)
	homeSoonRe  = regexp.MustCompile(`(?:(\d+) incidencias vencen|Una incidencia vence) pronto \(resolución\)`)
	homeLateRe  = regexp.MustCompile(`(?:(\d+) incidencias|Una incidencia) con la resolución vencida`)
	homeFreeRe  = regexp.MustCompile(`(?:(\d+) incidencias abiertas|Una incidencia abierta) sin asignar`)
	homeMineRe  = regexp.MustCompile(`(?:(\d+) incidencias abiertas|Una incidencia abierta) asignadas? a usted`)
	homeReplyRe = regexp.MustCompile(`(?:(\d+) incidencias suyas esperan|Una incidencia suya espera) su respuesta`)
)

// number reads the first submatch of re in the page's text (0 when absent).
func number(t *testing.T, c *apptest.Client, path string, re *regexp.Regexp) int {
	t.Helper()
	res := c.Get(path)
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d", path, res.Status)
	}
	m := re.FindStringSubmatch(apptest.Text(res.Body))
	if m == nil {
		return 0
	}
	n := 0
	for _, r := range m[1] {
		n = n*10 + int(r-'0')
	}
	return n
}

// marks counts the rows of the open queue whose limit shows mark.
func marks(t *testing.T, c *apptest.Client, mark string) int {
	t.Helper()
	res := c.Get("/soporte")
	if res.Status != http.StatusOK {
		t.Fatalf("queue: %d", res.Status)
	}
	return strings.Count(apptest.Text(res.Body), mark)
}

// TestOneDeadlineDefinition: the queue's counts, its rows' marks, its
// filters and the operator's home agree on what is past and what falls due
// soon, limit by limit; and what the home shows of a mancomunidad's queue
// stays with its operator.
func TestOneDeadlineDefinition(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		op, other := x.c[apptest.Operador], x.c[OtherOp]
		town := env.String(t, `SELECT entity_id FROM helpdesk_tickets WHERE number = $1`, x.member)
		otherOpen := number(t, other, "/", homeOpenRe)
		otherSoon := number(t, other, "/", homeSoonRe)
		call := func(subject string) string {
			return created(t, op.Post("/soporte/llamadas", form("entidad", town, "telefono", "927 111 222", "llamante", "Secretaría",
				"duracion", "3", "resumen", subject, "destino", "nueva", "categoria", "error", "prioridad", "normal")))
		}
		late, soon, far := call("Se cae la red del ayuntamiento"), call("No arranca el padrón"), call("Cambiar la firma del correo")
		now := time.Now().UTC()
		cal := workcal.Diputacion()
		set := func(n string, responded bool, response, resolution time.Time) {
			first := any(nil)
			if responded {
				first = now.Add(-time.Minute)
			}
			if _, err := env.DB.ExecContext(context.Background(), `UPDATE helpdesk_tickets SET first_response_at = $1,
				response_due_at = $2, resolution_due_at = $3 WHERE number = $4`, first, response.UTC(), resolution.UTC(), n); err != nil {
				t.Fatal(err)
			}
		}
		set(late, true, now.Add(-3*time.Hour), now.Add(-2*time.Hour))
		set(soon, true, now.Add(-3*time.Hour), cal.AddWorkingHours(now, 2*time.Hour))
		set(far, false, now.Add(-time.Hour), cal.AddWorkingHours(now, 30*time.Hour))

		for _, c := range []struct {
			what         string
			countRe      *regexp.Regexp
			mark, filter string
			homeRe       *regexp.Regexp
			in, notIn    string
		}{
			{"resolution due soon", soonCountRe, "Resolución: ⚠ Vence pronto", "proximas", homeSoonRe, soon, late},
			{"resolution past", lateCountRe, "Resolución: ‼ Vencida", "vencidas", homeLateRe, late, soon},
			{"first response past", respLateRe, "Primera respuesta: ‼ Vencida", "respuesta-vencida", nil, far, soon},
		} {
			count := number(t, op, "/soporte", c.countRe)
			rows := marks(t, op, c.mark)
			listed := op.Get("/soporte?plazo=" + c.filter)
			total := number(t, op, "/soporte?plazo="+c.filter, totalRe)
			if count < 1 || count != rows || count != total {
				t.Errorf("%s: the count says %d, the rows' marks %d, the filter %d", c.what, count, rows, total)
			}
			if !strings.Contains(listed.Body, c.in) || strings.Contains(listed.Body, c.notIn) {
				t.Errorf("%s: the filter lists the wrong tickets (want %s, not %s)", c.what, c.in, c.notIn)
			}
			if c.homeRe != nil {
				if home := op.HomeCount(t, c.homeRe); home != count {
					t.Errorf("%s: the home says %d, the queue %d", c.what, home, count)
				}
			}
		}
		// The export says the same, naming the limit.
		apptest.Expect(t, op.Get("/soporte/exportar?formato=csv&plazo=proximas"), http.StatusOK, soon, "Resolución: ⚠ Vence pronto en ")
		// The home's other lines: the open tickets of his towns and those
		// without a technician, each linking to the queue that lists them.
		open := number(t, op, "/soporte", totalRe)
		if home := op.HomeCount(t, homeOpenRe); home != open || open < 4 {
			t.Errorf("home says %d open tickets of his towns, the queue %d", home, open)
		}
		if home, free := op.HomeCount(t, homeFreeRe), number(t, op, "/soporte?asignacion=sin", totalRe); home != free {
			t.Errorf("home says %d unassigned, the queue %d", home, free)
		}
		if home, mine := op.HomeCount(t, homeMineRe), number(t, op, "/soporte?asignacion=mias", totalRe); home != mine || mine < 3 {
			t.Errorf("home says %d assigned to him, the queue %d (his three calls)", home, mine)
		}
		res := op.Get("/")
		apptest.Expect(t, res, http.StatusOK, `href="/soporte?asignacion=sin&amp;estado=abiertas"`, `href="/soporte?estado=abiertas&amp;orden=vencimiento&amp;plazo=proximas"`)
		if strings.Contains(apptest.Text(res.Body), "Pedir ayuda") {
			t.Error("the operator's home offers «Pedir ayuda»")
		}
		// Another mancomunidad's operator: none of it on his home or queue.
		if n := number(t, other, "/", homeOpenRe); n != otherOpen {
			t.Errorf("another operator's home went from %d to %d open tickets", otherOpen, n)
		}
		if n := number(t, other, "/", homeSoonRe); n != otherSoon {
			t.Errorf("another operator's home went from %d to %d due soon", otherSoon, n)
		}
		if res := other.Get("/soporte?estado=todas&plazo=proximas"); strings.Contains(res.Body, soon) {
			t.Error("another operator lists the ticket due soon")
		}
		// The technician's home says his queue in his words.
		if n := x.c[apptest.Tecnico].HomeCount(t, regexp.MustCompile(`(?:(\d+) incidencias abiertas|Una incidencia abierta) en su cola de soporte`)); n < 1 {
			t.Error("the technician's home does not show his queue")
		}
	})
}

// TestRequesterHome: who only asks for help sees on his home his own
// tickets waiting for his answer, and nobody else's.
func TestRequesterHome(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		rq := x.c[Requester]
		if n := rq.HomeCount(t, homeReplyRe); n != 0 {
			t.Fatalf("before: %d tickets wait for his answer", n)
		}
		apptest.Expect(t, x.c[apptest.Tecnico].Post("/soporte/incidencias/"+x.req+"/estado",
			form("estado", helpdesk.StateWaiting, "comentario", "¿Desde qué equipo le pasa?")), http.StatusSeeOther)
		if n := rq.HomeCount(t, homeReplyRe); n != 1 {
			t.Errorf("after: %d tickets wait for his answer, want 1", n)
		}
		res := rq.Get("/")
		apptest.Expect(t, res, http.StatusOK, "/soporte?asignacion=pedidas")
		if strings.Contains(apptest.Text(res.Body), "de sus municipios") || strings.Contains(apptest.Text(res.Body), "sin asignar") {
			t.Error("a requester's home shows a support queue")
		}
		// A colleague of the same town and Cáceres' administrator (who follows
		// every ticket of the town, but did not ask for this one) are not asked.
		for _, who := range []string{EntityUser, apptest.Caceres} {
			if n := x.c[who].HomeCount(t, homeReplyRe); n != 0 {
				t.Errorf("%s is told %d tickets wait for his answer", who, n)
			}
		}
	})
}

// TestCallAssignsWhoTakesIt: the ticket a call opens, or the open one it
// is added to, goes to whom takes the call unless he picks someone else or
// nobody; the ticket page says so.
func TestCallAssignsWhoTakesIt(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		op := x.c[apptest.Operador]
		town := env.String(t, `SELECT entity_id FROM helpdesk_tickets WHERE number = $1`, x.member)
		opName := env.String(t, `SELECT TRIM(name || ' ' || surname1 || ' ' || surname2) FROM users WHERE email = $1`, apptest.Operador)
		call := func(extra ...string) apptest.Response {
			return op.Post("/soporte/llamadas", form(append([]string{"entidad", town, "telefono", "927 333 444", "llamante", "Alcaldía",
				"duracion", "2:15", "resumen", "No imprime el registro", "categoria", "error", "prioridad", "alta"}, extra...)...))
		}
		assignee := func(n string) string {
			return env.String(t, `SELECT COALESCE(assignee_id, '') || '/' || state FROM helpdesk_tickets WHERE number = $1`, n)
		}
		me := env.UserID(t, apptest.Operador)
		// The form offers him first, then others and nobody.
		apptest.Expect(t, op.Get("/soporte/llamadas?entidad="+town), http.StatusOK, "Asignar la incidencia a", "A mí (", "que atiendo la llamada")
		// A new ticket: his by default, and its page says so.
		n := created(t, call("destino", "nueva", "asignar", "yo"))
		if got := assignee(n); got != me+"/asignada" {
			t.Errorf("new ticket from a call: %q, want him and asignada", got)
		}
		res := op.Get("/soporte/incidencias/" + n)
		apptest.Expect(t, res, http.StatusOK, "Técnico "+opName, "Asignada a "+opName)
		// Replying comes first; every other action waits folded below.
		body := res.Body
		reply, more := strings.Index(body, `action="/soporte/incidencias/`+n+`/responder"`), strings.Index(body, "<h2>Más acciones</h2>")
		if reply < 0 || more < reply {
			t.Error("the reply form does not come before «Más acciones»")
		}
		for _, action := range []string{"nota", "asignar", "estado", "clasificar", "escalar"} {
			at := strings.Index(body, `action="/soporte/incidencias/`+n+`/`+action+`"`)
			if at < more || !strings.Contains(body[more:at], "<details") {
				t.Errorf("the action %q is not folded under «Más acciones»", action)
			}
		}
		if strings.Count(body[more:], "<details>")+strings.Count(body[more:], "<details open>") < 6 {
			t.Error("fewer than six folded actions")
		}
		// He may leave it in the queue, or give it to a technician.
		if n := created(t, call("destino", "nueva", "asignar", "nadie")); assignee(n) != "/nueva" {
			t.Errorf("call left in the queue: %q", assignee(n))
		}
		tech := env.UserID(t, apptest.Tecnico)
		if n := created(t, call("destino", "nueva", "asignar", tech)); assignee(n) != tech+"/asignada" {
			t.Errorf("call given to the technician: %q", assignee(n))
		}
		// A call about an open ticket without a technician makes it his.
		if got := assignee(x.member); !strings.HasPrefix(got, "/") {
			t.Fatalf("the demo ticket of the town is assigned already: %q", got)
		}
		apptest.Expect(t, call("destino", x.member), http.StatusSeeOther)
		if got := assignee(x.member); got != me+"/asignada" {
			t.Errorf("ticket a call was added to: %q", got)
		}
		// Someone who may not be assigned the town's tickets (Plasencia's
		// administrator) is refused with a message; nothing is written.
		before := env.Count(t, `SELECT COUNT(*) FROM helpdesk_calls`)
		res = call("destino", "nueva", "asignar", env.UserID(t, apptest.Plasencia))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija a quién se asigna la incidencia de la lista")
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_calls`) != before {
			t.Error("a refused call was recorded")
		}
	})
}
