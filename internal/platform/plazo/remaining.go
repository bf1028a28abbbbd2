package plazo

import (
	"fmt"
	"time"

	"concejo/internal/platform/workcal"
)

// Remaining returns, at now, the días hábiles left of a plazo whose end, as
// returned by End, is end: while the plazo runs, the días hábiles from the
// day of now to the last day, both included (1 on the last day, or on an
// inhábil day just before it); once it has run out, zero or less: minus the
// días hábiles from the day after the end to the day of now (0 the Saturday
// after a plazo that ended on Friday, -1 the Monday). Alerts show "quedan N
// días" for a positive value and overdue lists take zero and below. A
// suspension in force is the caller's: End with it gives a provisional end.
func Remaining(cal *workcal.Calendar, end, now time.Time) int {
	n := 0
	if InTime(end, now) {
		for day := workcal.DayStart(now); !day.After(end); day = addDays(day, 1) {
			if cal.IsWorkingDay(day) {
				n++
			}
		}
		return n
	}
	for day := addDays(workcal.DayStart(end), 1); !day.After(now); day = addDays(day, 1) {
		if cal.IsWorkingDay(day) {
			n--
		}
	}
	return n
}

// RemainingLabel says n, as returned by Remaining, in Spanish for alerts
// and lists: "Quedan 3 días hábiles", "Queda 1 día hábil", "Vencido",
// "Vencido hace 2 días hábiles".
func RemainingLabel(n int) string {
	switch {
	case n > 1:
		return fmt.Sprintf("Quedan %s", Term{n, WorkingDays})
	case n == 1:
		return "Queda 1 día hábil"
	case n == 0:
		return "Vencido"
	}
	return fmt.Sprintf("Vencido hace %s", Term{-n, WorkingDays})
}
