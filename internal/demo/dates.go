package demo

import "time"

// officeHours sets t's time of day to a random minute of a working morning
// (07:00–13:59 UTC, 8 or 9 in Cáceres).
func (w *world) officeHours(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 7+w.rng.IntN(7), w.rng.IntN(60), w.rng.IntN(60), 0, time.UTC)
}

// between returns a random working-day moment in [from, to].
func (w *world) between(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days < 1 {
		days = 1
	}
	t := w.officeHours(from.AddDate(0, 0, w.rng.IntN(days)))
	switch t.Weekday() {
	case time.Saturday:
		t = t.AddDate(0, 0, -1)
	case time.Sunday:
		t = t.AddDate(0, 0, 1)
	}
	return w.clamp(t)
}

// after returns a moment between minDays and maxDays after t, never later
// than now.
func (w *world) after(t time.Time, minDays, maxDays int) time.Time {
	return w.clamp(w.officeHours(t.AddDate(0, 0, minDays+w.rng.IntN(maxDays-minDays+1))))
}

func (w *world) clamp(t time.Time) time.Time {
	if t.After(w.now) {
		return w.now
	}
	return t
}
