package portal

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// formTime reads the date field name+"_fecha" (AAAA-MM-DD) and the optional
// time field name+"_hora" (HH:MM), in Madrid time, and returns UTC. An empty
// date is the zero time (an error when required).
func formTime(r *http.Request, name string, fe *errs.Fields, required bool) time.Time {
	d := strings.TrimSpace(web.Field(r, name+"_fecha"))
	h := strings.TrimSpace(web.Field(r, name+"_hora"))
	if d == "" {
		if required {
			fe.Add(name+"_fecha", "Indique la fecha.")
		}
		return time.Time{}
	}
	if h == "" {
		h = "00:00"
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", d+" "+h, web.Madrid)
	if err != nil {
		if _, derr := time.Parse("2006-01-02", d); derr != nil {
			fe.Add(name+"_fecha", "Escriba la fecha como AAAA-MM-DD, por ejemplo 2026-11-27.")
		} else {
			fe.Add(name+"_hora", "Escriba la hora como HH:MM, por ejemplo 09:30.")
		}
		return time.Time{}
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		fe.Add(name+"_fecha", "La fecha no es válida.")
		return time.Time{}
	}
	return t.UTC()
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
