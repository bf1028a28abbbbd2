package plazo

import (
	"time"

	"concejo/internal/platform/workcal"
)

// addDays returns the day n days after day, at midnight in Madrid.
func addDays(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, workcal.Madrid)
}

// endOfDay is the last millisecond of day in Madrid.
func endOfDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 23, 59, 59, int(999*time.Millisecond), workcal.Madrid)
}

// stops are the days on which a suspension holds a plazo counted in days,
// months or years, as ranges [From, To) of midnights in Madrid.
//
// A suspension from instant a to instant b holds the days from the day of
// a up to, not including, the day of b: the day it begins does not count,
// the day it is lifted does, and the span is the number of days between the
// two dates (none when both fall on the same day). The other reading (the
// day it begins counts and the day after it is lifted resumes, as art. 30.3
// does with a notification) has the same span, but a suspension notified on
// the last day of a plazo would then save nothing, although it came in time.
type stops []workcal.Interval

// stopsOf returns the days held by the suspensions.
func stopsOf(suspensions []workcal.Interval) stops {
	var s stops
	for _, i := range suspensions {
		from, to := workcal.DayStart(i.From), workcal.DayStart(i.To)
		if from.Before(to) {
			s = append(s, workcal.Interval{From: from, To: to})
		}
	}
	return s
}

// has reports whether day is held.
func (s stops) has(day time.Time) bool {
	for _, i := range s {
		if !day.Before(i.From) && day.Before(i.To) {
			return true
		}
	}
	return false
}

// push returns last moved one day later for every held day after from up
// to last, last included as it moves: the end is pushed by the suspended
// span inside the running plazo. A suspension that begins after last
// changes nothing here; one that begins on the inhábil days between last
// and the día hábil it is prorrogued to is met by the prórroga in end.
func (s stops) push(from, last time.Time) time.Time {
	if len(s) == 0 {
		return last
	}
	for day := addDays(from, 1); !day.After(last); day = addDays(day, 1) {
		if s.has(day) {
			last = addDays(last, 1)
		}
	}
	return last
}
