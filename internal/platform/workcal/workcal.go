// Package workcal is the working-time calendar of the Diputación: which days
// are working days (días hábiles) and how much working time lies between two
// instants, on the national, Extremadura and local holidays of each
// municipality (embedded data with its sources, see data/FUENTES.md) and the
// office hours (by default Monday to Friday, 8:00 to 15:00, Europe/Madrid).
//
// The support desk counts its service levels in working hours with it; the
// registry and the sede count plazos in días hábiles and show the calendar of
// non-working days.
package workcal

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Madrid even where the system has no zoneinfo
)

// Kind is the scope of a holiday.
type Kind string

// Holiday scopes.
const (
	National Kind = "nacional"   // fiesta de ámbito nacional kept by Extremadura
	Regional Kind = "autonomica" // fiesta or Monday transfer decided by Extremadura
	Local    Kind = "local"      // one of a municipality's two fiestas locales
)

// Label is the kind in Spanish, for screens.
func (k Kind) Label() string {
	switch k {
	case National:
		return "Nacional"
	case Regional:
		return "Autonómica"
	case Local:
		return "Local"
	}
	return string(k)
}

// Holiday is one non-working day.
type Holiday struct {
	// Date is the day at midnight in Madrid.
	Date time.Time
	Name string
	Kind Kind
	// INE is the five-digit municipality code of a local holiday, else "".
	INE string
	// Source names the official publication (BOE, DOE) it comes from.
	Source string
}

// Provisional reports whether the holiday awaits its official publication.
func (h Holiday) Provisional() bool { return strings.HasPrefix(h.Source, "Provisional") }

// Madrid is the time zone of the calendar.
var Madrid = mustLoad("Europe/Madrid")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("workcal: " + err.Error())
	}
	return loc
}

//go:embed data/festivos.csv
var festivosCSV []byte

// all are the embedded holidays, sorted by date.
var all = mustParse(festivosCSV)

func mustParse(b []byte) []Holiday {
	hs, err := parse(b)
	if err != nil {
		panic("workcal: data/festivos.csv: " + err.Error())
	}
	return hs
}

func parse(b []byte) ([]Holiday, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var out []Holiday
	for i, rec := range recs {
		if i == 0 {
			continue
		}
		if len(rec) != 5 {
			return nil, fmt.Errorf("line %d: %d fields", i+1, len(rec))
		}
		d, err := time.ParseInLocation(time.DateOnly, rec[0], Madrid)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		k := Kind(rec[1])
		switch k {
		case National, Regional:
			if rec[2] != "" {
				return nil, fmt.Errorf("line %d: a %s holiday has no municipality", i+1, k)
			}
		case Local:
			if len(rec[2]) != 5 {
				return nil, fmt.Errorf("line %d: a local holiday needs the 5-digit INE code", i+1)
			}
		default:
			return nil, fmt.Errorf("line %d: unknown scope %q", i+1, rec[1])
		}
		out = append(out, Holiday{Date: d, Kind: k, INE: rec[2], Name: rec[3], Source: rec[4]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

// FirstYear and LastYear bound the years the embedded data cover.
const (
	FirstYear = 2024
	LastYear  = 2027
)

// CaceresINE is the municipality of the Diputación's offices (Cáceres).
const CaceresINE = "10037"

// Hours are the daily office hours, as minutes after midnight in Madrid.
type Hours struct{ Open, Close int }

// OfficeHours are the default working hours: 8:00 to 15:00.
var OfficeHours = Hours{Open: 8 * 60, Close: 15 * 60}

// Calendar answers working-time questions for one municipality.
type Calendar struct {
	ine   string
	hours Hours
	days  map[int]Holiday // dateKey of the day → holiday
}

// dateKey is the day of t in Madrid as the number yyyymmdd: a map key
// that costs no allocation, unlike a formatted date.
func dateKey(t time.Time) int {
	y, m, d := t.In(Madrid).Date()
	return y*10000 + int(m)*100 + d
}

// Diputacion returns the calendar of the Diputación's offices in Cáceres.
func Diputacion() *Calendar { return ForMunicipality(CaceresINE) }

// ForMunicipality returns the calendar of the municipality with the
// five-digit INE code ine (national and Extremadura holidays plus its local
// ones; "" or a code without local data gives no local holidays), with the
// default office hours.
func ForMunicipality(ine string) *Calendar {
	c := &Calendar{ine: ine, hours: OfficeHours, days: map[int]Holiday{}}
	for _, h := range all {
		if h.Kind != Local || h.INE == ine {
			c.days[dateKey(h.Date)] = h
		}
	}
	return c
}

// WithHours returns a copy of c with other daily hours.
func (c *Calendar) WithHours(h Hours) *Calendar {
	cp := *c
	cp.hours = h
	return &cp
}

// Hours returns the daily office hours.
func (c *Calendar) Hours() Hours { return c.hours }

// Holiday returns the holiday on the day of t (in Madrid), if any.
func (c *Calendar) Holiday(t time.Time) (Holiday, bool) {
	h, ok := c.days[dateKey(t)]
	return h, ok
}

// IsWorkingDay reports whether the day of t (in Madrid) is a working day:
// Monday to Friday and not a holiday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(Madrid)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, hol := c.days[dateKey(t)]
	return !hol
}

// Holidays lists the holidays of year that apply to the calendar, by date.
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	for _, h := range c.days {
		if h.Date.Year() == year {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Covers reports whether the embedded data include year.
func Covers(year int) bool { return year >= FirstYear && year <= LastYear }

// DayStart returns midnight, in Madrid, of the day of t in Madrid.
func DayStart(t time.Time) time.Time {
	t = t.In(Madrid)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Madrid)
}

// window returns the office hours of the day starting at day (midnight in
// Madrid). time.Date resolves the wall clock on DST days correctly.
func (c *Calendar) window(day time.Time) (open, close time.Time) {
	y, m, d := day.Date()
	open = time.Date(y, m, d, c.hours.Open/60, c.hours.Open%60, 0, 0, Madrid)
	close = time.Date(y, m, d, c.hours.Close/60, c.hours.Close%60, 0, 0, Madrid)
	return open, close
}

func nextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Madrid)
}

// AddWorkingHours returns the instant when d of working time has passed
// after t. A t outside office hours starts counting at the next opening; a
// result that falls exactly at a closing stays there. d <= 0 returns t.
func (c *Calendar) AddWorkingHours(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	day := DayStart(t)
	for i := 0; i < 366*20; i++ {
		if c.IsWorkingDay(day) {
			open, close := c.window(day)
			start := open
			if t.After(start) {
				start = t
			}
			if start.Before(close) {
				if avail := close.Sub(start); d <= avail {
					return start.Add(d)
				} else {
					d -= avail
				}
			}
		}
		day = nextDay(day)
	}
	return t.Add(d) // beyond any sensible horizon
}

// AddWorkingDays returns the date n working days after the day of t (a
// plazo counted in días hábiles: Saturdays, Sundays and holidays excluded),
// at midnight in Madrid. n <= 0 returns the day of t.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	day := DayStart(t)
	for n > 0 {
		day = nextDay(day)
		if c.IsWorkingDay(day) {
			n--
		}
	}
	return day
}

// FirstWorkingDay returns the day of t when it is a working day, else the
// next working day, at midnight in Madrid.
func (c *Calendar) FirstWorkingDay(t time.Time) time.Time {
	day := DayStart(t)
	for !c.IsWorkingDay(day) {
		day = nextDay(day)
	}
	return day
}

// Interval is a span of time [From, To).
type Interval struct{ From, To time.Time }

// WorkingTime returns the working time between from and to minus the
// working time inside any of paused (the intervals may overlap each other
// and reach outside [from, to]). It is 0 when to is not after from.
func (c *Calendar) WorkingTime(from, to time.Time, paused ...Interval) time.Duration {
	if !to.After(from) {
		return 0
	}
	gaps := merge(paused)
	var total time.Duration
	for day := DayStart(from); day.Before(to); day = nextDay(day) {
		if !c.IsWorkingDay(day) {
			continue
		}
		open, close := c.window(day)
		s, e := later(open, from), earlier(close, to)
		if !s.Before(e) {
			continue
		}
		total += e.Sub(s)
		for _, g := range gaps {
			gs, ge := later(g.From, s), earlier(g.To, e)
			if gs.Before(ge) {
				total -= ge.Sub(gs)
			}
		}
	}
	return total
}

// merge sorts intervals and joins the overlapping ones.
func merge(in []Interval) []Interval {
	var iv []Interval
	for _, i := range in {
		if i.To.After(i.From) {
			iv = append(iv, i)
		}
	}
	sort.Slice(iv, func(a, b int) bool { return iv[a].From.Before(iv[b].From) })
	var out []Interval
	for _, i := range iv {
		if n := len(out); n > 0 && !i.From.After(out[n-1].To) {
			if i.To.After(out[n-1].To) {
				out[n-1].To = i.To
			}
			continue
		}
		out = append(out, i)
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
