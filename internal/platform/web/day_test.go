package web

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	want := time.Date(2026, 11, 7, 0, 0, 0, 0, Madrid)
	for _, in := range []string{"2026-11-07", "07/11/2026", "7/11/2026", " 7/11/2026 "} {
		if got, ok := ParseDay(in, Madrid); !ok || !got.Equal(want) {
			t.Errorf("ParseDay(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "31/02/2026", "2026-13-01", "11/07", "07/11/0202", "mañana"} {
		if got, ok := ParseDay(in, Madrid); ok {
			t.Errorf("ParseDay(%q) = %v, want refused", in, got)
		}
	}
	if got, _ := ParseDay("1980-02-29", time.UTC); got.Location() != time.UTC || DayValue(got) != "1980-02-29" {
		t.Errorf("civil date: %v %q", got, DayValue(got))
	}
	if DayValue(time.Time{}) != "" {
		t.Error("zero time has a value")
	}
}

func TestBadDay(t *testing.T) {
	want := "La fecha de nacimiento no es válida: escríbala como día/mes/año, por ejemplo 27/11/2026, o elíjala en el calendario."
	if got := BadDay("la fecha de nacimiento"); got != want {
		t.Errorf("BadDay = %q", got)
	}
}
