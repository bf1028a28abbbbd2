package workcal

import (
	"testing"
	"time"
)

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Madrid)
}

func TestData(t *testing.T) {
	for y := FirstYear; y <= LastYear; y++ {
		n := 0
		for _, h := range Diputacion().Holidays(y) {
			if h.Kind != Local {
				n++
			}
			if h.Source == "" || h.Name == "" {
				t.Errorf("%s without name or source", h.Date.Format(time.DateOnly))
			}
		}
		if n < 12 || n > 14 {
			t.Errorf("%d: %d national and regional holidays, want 12 to 14", y, n)
		}
	}
	if h, ok := ForMunicipality("10148").Holiday(at(2025, 6, 12, 10, 0)); !ok || h.Kind != Local {
		t.Errorf("Plasencia 12/06/2025 = %+v %v, want its local holiday", h, ok)
	}
	if _, ok := Diputacion().Holiday(at(2025, 6, 12, 10, 0)); ok {
		t.Error("a Plasencia holiday applies in Cáceres")
	}
	if _, ok := ForMunicipality("").Holiday(at(2024, 4, 23, 10, 0)); ok {
		t.Error("a municipality without local data has San Jorge")
	}
	if _, err := parse([]byte("fecha;ambito;ine;nombre;fuente\n2024-01-01;local;;X;Y\n")); err == nil {
		t.Error("a local holiday without municipality was accepted")
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := Diputacion()
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{at(2026, 11, 27, 10, 0), true},  // Friday
		{at(2026, 11, 28, 10, 0), false}, // Saturday
		{at(2026, 11, 29, 10, 0), false}, // Sunday
		{at(2026, 11, 2, 10, 0), false},  // Monday after Todos los Santos (Extremadura)
		{at(2026, 12, 7, 10, 0), false},  // Monday after the Constitution
		{at(2026, 9, 8, 10, 0), false},   // Día de Extremadura
		{at(2024, 2, 13, 10, 0), false},  // Martes de Carnaval 2024 in Extremadura
		{at(2025, 2, 13, 10, 0), true},
		{at(2024, 4, 23, 10, 0), false}, // San Jorge, Cáceres
		{at(2025, 10, 13, 10, 0), false},
		// 23:30 UTC on 1 Nov 2026 is already Monday 2 Nov in Madrid.
		{time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC), false},
		{time.Date(2026, 11, 2, 23, 30, 0, 0, time.UTC), true},
	} {
		if got := c.IsWorkingDay(tc.t); got != tc.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tc.t.In(Madrid).Format(time.RFC3339), got, tc.want)
		}
	}
}

func TestAddWorkingHours(t *testing.T) {
	c := Diputacion()
	for _, tc := range []struct {
		name string
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"same day", at(2026, 11, 25, 9, 0), 4 * time.Hour, at(2026, 11, 25, 13, 0)},
		{"ends at closing", at(2026, 11, 25, 9, 0), 6 * time.Hour, at(2026, 11, 25, 15, 0)},
		{"overnight", at(2026, 11, 25, 14, 0), 2 * time.Hour, at(2026, 11, 26, 9, 0)},
		{"over the weekend", at(2026, 11, 27, 13, 0), 4 * time.Hour, at(2026, 11, 30, 10, 0)},
		{"before opening", at(2026, 11, 25, 6, 0), time.Hour, at(2026, 11, 25, 9, 0)},
		{"after closing", at(2026, 11, 25, 20, 0), time.Hour, at(2026, 11, 26, 9, 0)},
		{"on a Saturday", at(2026, 11, 28, 11, 0), time.Hour, at(2026, 11, 30, 9, 0)},
		// Friday 30/10/2026 → Saturday, Sunday, Monday 2/11 holiday → Tuesday.
		{"weekend and holiday", at(2026, 10, 30, 14, 0), 3 * time.Hour, at(2026, 11, 3, 10, 0)},
		// Constitution bridge: Fri 4/12, Mon 7/12 and Tue 8/12 are off.
		{"December bridge", at(2026, 12, 4, 12, 0), 8 * time.Hour, at(2026, 12, 9, 13, 0)},
		{"one working week", at(2026, 11, 23, 8, 0), 35 * time.Hour, at(2026, 11, 27, 15, 0)},
		{"zero", at(2026, 11, 28, 11, 0), 0, at(2026, 11, 28, 11, 0)},
		// DST starts on Sunday 29/03/2026: Friday 14:00 CET + 2h = Monday 9:00 CEST.
		{"spring DST", at(2026, 3, 27, 14, 0), 2 * time.Hour, at(2026, 3, 30, 9, 0)},
		// DST ends on Sunday 25/10/2026.
		{"autumn DST", at(2026, 10, 23, 14, 30), time.Hour, at(2026, 10, 26, 8, 30)},
	} {
		if got := c.AddWorkingHours(tc.from, tc.d); !got.Equal(tc.want) {
			t.Errorf("%s: AddWorkingHours(%s, %s) = %s, want %s", tc.name, tc.from.Format(time.RFC3339), tc.d,
				got.In(Madrid).Format(time.RFC3339), tc.want.Format(time.RFC3339))
		}
	}
	// The Monday after the spring change opens at 06:00 UTC, the Friday before at 07:00 UTC.
	if got := c.AddWorkingHours(at(2026, 3, 27, 14, 0), 2*time.Hour).UTC().Hour(); got != 7 {
		t.Errorf("Monday 9:00 CEST is %d:00 UTC, want 7", got)
	}
}

func TestWorkingTime(t *testing.T) {
	c := Diputacion()
	for _, tc := range []struct {
		name     string
		from, to time.Time
		paused   []Interval
		want     time.Duration
	}{
		{"inside one day", at(2026, 11, 25, 9, 0), at(2026, 11, 25, 11, 30), nil, 150 * time.Minute},
		{"night does not count", at(2026, 11, 25, 14, 0), at(2026, 11, 26, 9, 0), nil, 2 * time.Hour},
		{"weekend does not count", at(2026, 11, 27, 14, 0), at(2026, 11, 30, 9, 0), nil, 2 * time.Hour},
		{"holiday does not count", at(2026, 10, 30, 14, 0), at(2026, 11, 3, 9, 0), nil, 2 * time.Hour},
		{"reversed", at(2026, 11, 26, 9, 0), at(2026, 11, 25, 9, 0), nil, 0},
		{"a full week", at(2026, 11, 23, 0, 0), at(2026, 11, 30, 0, 0), nil, 35 * time.Hour},
		{"spring DST week", at(2026, 3, 23, 0, 0), at(2026, 4, 1, 0, 0), nil, 49 * time.Hour},
		{"autumn DST week", at(2026, 10, 19, 0, 0), at(2026, 10, 28, 0, 0), nil, 49 * time.Hour},
		{"waiting for the user", at(2026, 11, 23, 8, 0), at(2026, 11, 27, 15, 0),
			[]Interval{{at(2026, 11, 24, 10, 0), at(2026, 11, 26, 12, 0)}}, 35*time.Hour - (5+7+4)*time.Hour},
		{"overlapping pauses", at(2026, 11, 25, 8, 0), at(2026, 11, 25, 15, 0),
			[]Interval{{at(2026, 11, 25, 9, 0), at(2026, 11, 25, 11, 0)}, {at(2026, 11, 25, 10, 0), at(2026, 11, 25, 12, 0)}},
			4 * time.Hour},
		{"pause beyond the range", at(2026, 11, 25, 8, 0), at(2026, 11, 25, 15, 0),
			[]Interval{{at(2026, 11, 20, 9, 0), at(2026, 11, 25, 9, 0)}}, 6 * time.Hour},
		{"pause over a weekend costs nothing", at(2026, 11, 27, 8, 0), at(2026, 11, 30, 15, 0),
			[]Interval{{at(2026, 11, 27, 15, 0), at(2026, 11, 30, 8, 0)}}, 14 * time.Hour},
	} {
		if got := c.WorkingTime(tc.from, tc.to, tc.paused...); got != tc.want {
			t.Errorf("%s: WorkingTime = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	c := Diputacion()
	from := at(2024, 1, 1, 0, 0)
	for i := 0; i < 400; i++ {
		start := from.Add(time.Duration(i) * 17 * time.Hour)
		d := time.Duration(i%40+1) * 37 * time.Minute
		end := c.AddWorkingHours(start, d)
		if got := c.WorkingTime(start, end); got != d {
			t.Fatalf("WorkingTime(%s, AddWorkingHours(+%s)) = %s", start, d, got)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := Diputacion()
	// 10 días hábiles from Friday 27/11/2026: 30/11, 1-4/12, (7, 8 off) 9, 10, 11, 14, 15.
	if got, want := c.AddWorkingDays(at(2026, 11, 27, 12, 0), 10), at(2026, 12, 15, 0, 0); !got.Equal(want) {
		t.Errorf("AddWorkingDays = %s, want %s", got, want)
	}
	if got := c.WithHours(Hours{Open: 9 * 60, Close: 14 * 60}).Hours(); got.Open != 540 || got.Close != 840 {
		t.Errorf("WithHours = %+v", got)
	}
}

func TestFirstWorkingDay(t *testing.T) {
	c := Diputacion()
	for _, tc := range []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"a working day is itself", at(2026, 11, 25, 14, 30), at(2026, 11, 25, 0, 0)},
		{"Saturday", at(2026, 11, 28, 11, 0), at(2026, 11, 30, 0, 0)},
		// Sunday 1/11/2026 and its Monday transfer: Tuesday 3/11.
		{"weekend and Monday holiday", at(2026, 10, 31, 9, 0), at(2026, 11, 3, 0, 0)},
		// 23:30 UTC on Friday 27/11/2026 is already Saturday in Madrid.
		{"UTC instant late on Friday", time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC), at(2026, 11, 30, 0, 0)},
		// San Jorge (Wednesday 23/04/2025) is a local holiday in Cáceres only.
		{"local holiday", at(2025, 4, 23, 10, 0), at(2025, 4, 24, 0, 0)},
	} {
		if got := c.FirstWorkingDay(tc.t); !got.Equal(tc.want) || got.Location() != Madrid {
			t.Errorf("%s: FirstWorkingDay(%s) = %s, want %s", tc.name, tc.t.Format(time.RFC3339),
				got.Format(time.RFC3339), tc.want.Format(time.RFC3339))
		}
	}
	if got, want := ForMunicipality("10148").FirstWorkingDay(at(2025, 4, 23, 10, 0)), at(2025, 4, 23, 0, 0); !got.Equal(want) {
		t.Errorf("Plasencia on San Jorge = %s, want the same day", got.Format(time.RFC3339))
	}
}

func TestDayStart(t *testing.T) {
	// The last Sunday of October 2026 has 25 hours; its start is still 00:00 CEST.
	got := DayStart(at(2026, 10, 25, 23, 0))
	if want := time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("DayStart = %s, want %s", got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
}
