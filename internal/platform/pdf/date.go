package pdf

import (
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Madrid must be available even without system tzdata.
)

var spanishMonths = [...]string{
	"enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
}

// madrid is the time zone of the Diputación; it falls back to a fixed CET
// offset only if the embedded time zone database cannot be loaded.
var madrid = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// SpanishDate formats t as a long Spanish date in the Europe/Madrid time
// zone, e.g. "27 de noviembre de 2026". The zero time yields "".
func SpanishDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(madrid)
	return strconv.Itoa(t.Day()) + " de " + spanishMonths[t.Month()-1] + " de " + strconv.Itoa(t.Year())
}
