package web

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Date fields. Every staff form asks for a day the same way: an
// <input type="date"> (the browser shows its own calendar and sends
// aaaa-mm-dd) with its label and a hint; where a browser shows a plain text
// box instead, people type dd/mm/aaaa. ParseDay reads both, DayValue fills
// the field back and BadDay is the message when what was typed is not a day.

// dayLayouts are the ways a day arrives: from a date input, and typed.
var dayLayouts = []string{"2006-01-02", "02/01/2006", "2/1/2006"}

// ParseDay reads a day as aaaa-mm-dd, dd/mm/aaaa or d/m/aaaa, as midnight
// in loc (time.UTC for a civil date such as a birth date, Madrid for a day
// of the platform's calendar). Years before 1800 or after 2200 are refused:
// they are typing mistakes.
func ParseDay(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dayLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

// DayValue is the value of a date input for t (aaaa-mm-dd), "" for the
// zero time.
func DayValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// BadDay is the field message for a day that ParseDay refuses; what names
// the date in lower case ("la fecha de nacimiento").
func BadDay(what string) string {
	r, n := utf8.DecodeRuneInString(what)
	return string(unicode.ToUpper(r)) + what[n:] + " no es válida: escríbala como día/mes/año, por ejemplo 27/11/2026, " +
		"o elíjala en el calendario."
}
