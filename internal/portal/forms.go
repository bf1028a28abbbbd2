package portal

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// formTime reads the date field name+"_fecha" (a date input's aaaa-mm-dd,
// or dd/mm/aaaa typed, through web.ParseDay) and the optional time field
// name+"_hora" (HH:MM; empty is 00:00), in Madrid time, and returns UTC; an
// empty date is the zero time. what completes "la fecha"/"la hora" in a
// message: "de publicación", "del evento", "límite".
func formTime(r *http.Request, name, what string, fe *errs.Fields) time.Time {
	d := strings.TrimSpace(web.Field(r, name+"_fecha"))
	h := strings.TrimSpace(web.Field(r, name+"_hora"))
	if d == "" {
		return time.Time{}
	}
	day, ok := web.ParseDay(d, web.Madrid)
	if !ok {
		fe.Add(name+"_fecha", web.BadDay("la fecha "+what))
		return time.Time{}
	}
	if h == "" {
		return day.UTC()
	}
	clock, err := time.Parse("15:04", h)
	if err != nil {
		fe.Add(name+"_hora", "La hora "+what+" no es válida: escríbala como horas y minutos, por ejemplo 09:30.")
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, web.Madrid).UTC()
}

// formInt reads an optional integer field.
func formInt(r *http.Request, name string, fe *errs.Fields) int {
	s := strings.TrimSpace(web.Field(r, name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1000000 || n > 1000000 {
		fe.Add(name, "Escriba un número entero.")
	}
	return n
}

// formCoord reads a decimal degree ("39,4753" or "39.4753") as millionths.
func formCoord(r *http.Request, name string, limit float64, fe *errs.Fields) (int64, bool) {
	s := strings.ReplaceAll(strings.TrimSpace(web.Field(r, name)), ",", ".")
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < -limit || f > limit {
		fe.Add(name, "Escriba la coordenada en grados decimales, por ejemplo 39.4753 o -6.3724.")
		return 0, false
	}
	return int64(f*1e6 + 0.5*sign(f)), true
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// madridDate and madridClock split a UTC time for date and time inputs.
func madridDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(web.Madrid).Format("2006-01-02")
}

func madridClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(web.Madrid).Format("15:04")
}
