package plazo

import (
	"time"

	"concejo/internal/platform/workcal"
)

// Presented returns the instant a document filed at t in the registro
// electrónico counts as presented for the plazos of the interesado (art.
// 31.2.b of Ley 39/2015): t itself on a día hábil; on an inhábil day, the
// first hour of the next día hábil, which we take as its 00:00 in Madrid.
// The registro keeps t as the real time of entry.
//
// Art. 31.2.b speaks of plazos in días hábiles; applying it to every unit
// changes no outcome, since End always ends on a día hábil: a filing on an
// inhábil day before that day is in time either way.
func Presented(cal *workcal.Calendar, t time.Time) time.Time {
	if cal.IsWorkingDay(t) {
		return t
	}
	return cal.FirstWorkingDay(t)
}

// InTime reports whether an act at t meets a plazo whose end, as returned
// by End, is end. Instants are compared at the millisecond, the precision
// of End: a filing at 23:59:59.9995 on the last day is in time.
func InTime(end, t time.Time) bool {
	return !t.Truncate(time.Millisecond).After(end)
}
