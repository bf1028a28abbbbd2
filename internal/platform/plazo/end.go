package plazo

import (
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/workcal"
)

// End returns the end of the plazo t that starts with the event at start
// (the notification, publication or access to the act, or the entry of a
// solicitud in the registro), counted on the calendar cal, with the clock
// stopped during the given suspensions (art. 22 of Ley 39/2015).
//
// The end is the last instant at which the plazo is met: for days, months
// and years the end of its last day, 23:59:59.999 in Madrid (the plazo
// "vence al final del día"); for hours the instant the hours are complete.
// The millisecond survives a round trip through SQLite and PostgreSQL
// (whose timestamps keep microseconds, so 23:59:59.999999999 would come
// back as the next midnight). Compare acts with InTime.
//
// Counting (art. 30):
//   - days count from the day after the day of start in Madrid, whether or
//     not that day is hábil; días hábiles skip Saturdays, Sundays and the
//     holidays of cal;
//   - months and years end on the same day number as the day of start, in
//     the month or year of expiry, or on the last day of that month when it
//     has no such day (see sameDay);
//   - hours count minute by minute (see endHours);
//   - a last day that is inhábil moves to the next día hábil, for every unit
//     (art. 30.5): días naturales, months and years too.
//
// A suspension holds the clock from the day it begins up to, not including,
// the day it is lifted (see stops); a suspension that has not been lifted
// yet is passed with today as its end, which gives the end the plazo would
// have if it were lifted today.
//
// Art. 30.6 (a day inhábil where the interesado lives, but hábil where the
// body sits, counts as inhábil) is not applied: cal is the calendar of one
// municipality, the body's, and workcal holds the fiestas locales of only a
// few municipalities.
//
// The error, of kind errs.Invalid with a Spanish message, reports a term
// that Validate refuses or a suspension without both dates or lifted before
// it began.
func End(cal *workcal.Calendar, start time.Time, t Term, suspensions ...workcal.Interval) (time.Time, error) {
	if err := t.Validate(); err != nil {
		return time.Time{}, err
	}
	for _, s := range suspensions {
		if s.From.IsZero() || s.To.IsZero() {
			return time.Time{}, errs.New(errs.Invalid, "Una suspensión del plazo necesita la fecha en que empieza y la fecha en que se levanta.")
		}
		if s.To.Before(s.From) {
			return time.Time{}, errs.New(errs.Invalid, "Una suspensión del plazo no puede levantarse antes de empezar.")
		}
	}
	return end(cal, start, t, suspensions), nil
}

// end is End on a valid term and valid suspensions.
func end(cal *workcal.Calendar, start time.Time, t Term, suspensions []workcal.Interval) time.Time {
	if t.Unit == Hours {
		return endHours(cal, start, time.Duration(t.N)*time.Hour, suspensions)
	}
	held := stopsOf(suspensions)
	day := workcal.DayStart(start)
	var last time.Time
	switch t.Unit {
	case WorkingDays:
		last = day
		for n := t.N; n > 0; {
			last = addDays(last, 1)
			if cal.IsWorkingDay(last) && !held.has(last) {
				n--
			}
		}
	case CalendarDays:
		last = held.push(day, addDays(day, t.N))
	case Months:
		last = held.push(day, sameDay(day, t.N))
	case Years:
		last = held.push(day, sameDay(day, 12*t.N))
	}
	// Art. 30.5, for every unit: AL-SIGM's Deadline.java leaves días
	// naturales and months on an inhábil day, which the standard (§3)
	// records as a pitfall. A last day inside a suspension moves on too.
	for !cal.IsWorkingDay(last) || held.has(last) {
		last = addDays(last, 1)
	}
	return endOfDay(last)
}

// sameDay returns the day with the number of day's, months months later,
// or the last day of that month when it is shorter: 31 January + 1 mes is
// 28 February (29 in a leap year), 29 February 2024 + 1 año is 28 February
// 2025, and 30 April + 1 mes is 30 May (not the month's last day).
//
// Art. 30.4 says the plazo ends on "el mismo día en que se produjo la
// notificación" and, failing that day, the month's last; its next sentence
// speaks of the day "en que comienza el cómputo", which read literally is
// the day after. We implement the notification's day number, as the
// standard (§3) and its worked example do (31-01-2025 + 1 mes = 28-02-2025).
func sameDay(day time.Time, months int) time.Time {
	y, m, d := day.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, workcal.Madrid)
	last := addDays(first.AddDate(0, 1, 0), -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, workcal.Madrid)
}

// endHours returns the instant d of horas hábiles have passed since start,
// minute by minute, none counting while a suspension holds. Every hour of a
// día hábil is hábil (art. 30.1: "son hábiles todas las horas del día que
// formen parte de un día hábil"), so the office hours of cal play no part,
// and a start on an inhábil day counts from 00:00 of the next día hábil.
// When the hours complete exactly at the midnight that closes a día hábil,
// the end is the millisecond before, so that it stays on the día hábil. Summer time changes on a Sunday, an inhábil
// day, so it never shortens or lengthens a count.
func endHours(cal *workcal.Calendar, start time.Time, d time.Duration, suspensions []workcal.Interval) time.Time {
	p := start
	for {
		if to, ok := heldAt(p, suspensions); ok {
			p = to
			continue
		}
		next := addDays(workcal.DayStart(p), 1)
		if !cal.IsWorkingDay(p) {
			p = next
			continue
		}
		stop := next
		for _, s := range suspensions {
			if s.From.After(p) && s.From.Before(stop) {
				stop = s.From
			}
		}
		switch avail := stop.Sub(p); {
		case d == avail && stop.Equal(next):
			return stop.Add(-time.Millisecond)
		case d <= avail:
			return p.Add(d)
		default:
			d -= avail
			p = stop
		}
	}
}

// heldAt returns when the suspension holding the clock at p is lifted.
func heldAt(p time.Time, suspensions []workcal.Interval) (time.Time, bool) {
	for _, s := range suspensions {
		if !p.Before(s.From) && p.Before(s.To) {
			return s.To, true
		}
	}
	return time.Time{}, false
}
