package helpdesk

import (
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/db"
)

// A ticket has two limits of its service level (sla.go): the first
// response, which runs until support first answers, and the resolution,
// which runs while the ticket is open and not waiting for the user. At a
// given moment a running limit is past (vencida), falls due within the
// next working day (vence pronto) or later (en plazo). The marks of the
// list and of the ticket, the queue's counts and filters and the homes all
// read these bands from here: a band is a range of instants that a row
// tests in Go and a count tests in SQL, so both always agree.

// band is the instants [from, to); a zero end is unbounded.
type band struct{ from, to time.Time }

// workDay is one working day of the calendar (8:00 to 15:00: 7 h).
func workDay() time.Duration {
	h := calendar.Hours()
	return minutes(h.Close - h.Open)
}

// lateBand holds the limits already past at now.
func lateBand(now time.Time) band { return band{to: now} }

// soonBand holds the limits that fall due within one working day of now:
// what "vence pronto" means.
func soonBand(now time.Time) band {
	return band{from: now, to: calendar.AddWorkingHours(now, workDay())}
}

// has reports whether the limit at falls in b (a zero limit never does).
func (b band) has(at time.Time) bool {
	return !at.IsZero() && (b.from.IsZero() || !at.Before(b.from)) && (b.to.IsZero() || at.Before(b.to))
}

// where adds to w the condition that column col falls in b.
func (b band) where(w *db.Where, col string) {
	w.Add(col + " IS NOT NULL")
	if !b.from.IsZero() {
		w.Add(col+" >= ?", b.from)
	}
	if !b.to.IsZero() {
		w.Add(col+" < ?", b.to)
	}
}

// runningStates are the states in which the SLA clock runs (open and not
// waiting for the user), as SQL.
const runningStates = "t.state IN ('nueva', 'asignada', 'en_curso', 'reabierta')"

// limit is one of a ticket's two SLA limits.
type limit struct {
	// Name is how labels call it: "Primera respuesta", "Resolución".
	Name string
	// col is its column (alias t); pending is the SQL condition under
	// which it still runs, besides the running states.
	col, pending string
	due          func(t *Ticket) time.Time
	running      func(t *Ticket) bool
}

// The two limits.
var (
	responseLimit = limit{Name: "Primera respuesta", col: "t.response_due_at", pending: "t.first_response_at IS NULL",
		due:     func(t *Ticket) time.Time { return t.ResponseDue },
		running: func(t *Ticket) bool { return t.clockRuns() && t.FirstResponseAt.IsZero() }}
	resolutionLimit = limit{Name: "Resolución", col: "t.resolution_due_at", pending: "",
		due:     func(t *Ticket) time.Time { return t.ResolutionDue },
		running: func(t *Ticket) bool { return t.clockRuns() }}
)

// clockRuns reports whether the SLA clock of t runs: open and not waiting
// for the user (runningStates).
func (t *Ticket) clockRuns() bool { return t.Open() && t.State != StateWaiting }

// in reports whether t's limit runs and falls in b.
func (l limit) in(t *Ticket, b band) bool { return l.running(t) && b.has(l.due(t)) }

// where adds to w the condition that the ticket's limit runs and falls in b.
func (l limit) where(w *db.Where, b band) {
	w.Add(runningStates)
	if l.pending != "" {
		w.Add(l.pending)
	}
	b.where(w, l.col)
}

// dueFilter is one choice of the queue's "Plazo" filter and one of its
// counts: a limit in a band.
type dueFilter struct {
	// Label names the filter's choice, Counted what its count counts
	// ("3 vencen pronto (resolución)").
	Value, Label, Counted string
	limit                 limit
	band                  func(now time.Time) band
}

// dueFilters are the queue's deadline filters, in the order of its counts.
var dueFilters = []dueFilter{
	{"vencidas", "Resolución vencida", "con la resolución vencida", resolutionLimit, lateBand},
	{"proximas", "Vence pronto la resolución", "vencen pronto (resolución)", resolutionLimit, soonBand},
	{"respuesta-vencida", "Primera respuesta vencida", "con la primera respuesta vencida", responseLimit, lateBand},
	{"respuesta-proxima", "Vence pronto la primera respuesta", "vencen pronto (primera respuesta)", responseLimit, soonBand},
}

// dueFilterOf returns the filter of value v.
func dueFilterOf(v string) (dueFilter, bool) {
	for _, f := range dueFilters {
		if f.Value == v {
			return f, true
		}
	}
	return dueFilter{}, false
}

// workSpan writes a working time in working hours and days, rounded down:
// "menos de 1 h laborable", "3 h laborables", "1 día laborable",
// "2 días y 3 h laborables" (a working day is the calendar's 7 h).
func workSpan(d time.Duration) string {
	day := workDay()
	days, hours := int(d/day), int(d%day/time.Hour)
	switch {
	case days == 0 && hours == 0:
		return "menos de 1 h laborable"
	case days == 0 && hours == 1:
		return "1 h laborable"
	case days == 0:
		return strconv.Itoa(hours) + " h laborables"
	}
	s := "1 día"
	if days > 1 {
		s = strconv.Itoa(days) + " días"
	}
	if hours == 0 {
		if days == 1 {
			return s + " laborable"
		}
		return s + " laborables"
	}
	return s + " y " + strconv.Itoa(hours) + " h laborables"
}

// Standing is how one running limit of a ticket stands at a moment, for
// the list and the ticket page: "Resolución: ⚠ Vence pronto en 3 h
// laborables".
type Standing struct {
	// Limit names it ("Primera respuesta", "Resolución").
	Limit string
	// State is slaLate, slaNear or slaOK (the CSS class); Mark is its
	// text ("‼ Vencida", "⚠ Vence pronto", "En plazo"), Text the working
	// time to or since the limit ("hace 2 h laborables", "en 3 h
	// laborables", "vence en 2 días laborables").
	State, Mark, Text string
}

// Standings lists how the running limits of t stand at now: the first
// response while unanswered, then the resolution. A ticket whose clock is
// stopped has none.
func (t Ticket) Standings(now time.Time) []Standing {
	var out []Standing
	for _, l := range []limit{responseLimit, resolutionLimit} {
		due := l.due(&t)
		if !l.running(&t) || due.IsZero() {
			continue
		}
		s := Standing{Limit: l.Name}
		switch {
		case l.in(&t, lateBand(now)):
			s.State, s.Mark, s.Text = slaLate, "‼ Vencida", "hace "+workSpan(calendar.WorkingTime(due, now))
		case l.in(&t, soonBand(now)):
			s.State, s.Mark, s.Text = slaNear, "⚠ Vence pronto", "en "+workSpan(calendar.WorkingTime(now, due))
		default:
			s.State, s.Mark, s.Text = slaOK, "En plazo", "vence en "+workSpan(calendar.WorkingTime(now, due))
		}
		out = append(out, s)
	}
	return out
}

// SLASummary is how t stands at now in one line, for exports: each running
// limit ("Resolución: ⚠ Vence pronto en 3 h laborables"), else how it
// went or that it waits for the user.
func (t Ticket) SLASummary(now time.Time) string {
	var parts []string
	for _, s := range t.Standings(now) {
		parts = append(parts, s.Limit+": "+s.Mark+" "+s.Text)
	}
	if len(parts) == 0 {
		return t.SLALabel(now)
	}
	return strings.Join(parts, "; ")
}
