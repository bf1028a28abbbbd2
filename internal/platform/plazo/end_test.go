package plazo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/workcal"
)

// The calendars of the tests: Cáceres (fiestas locales 2025: San Jorge,
// Wednesday 23 April, and San Fernando, Tuesday 27 May), Plasencia (12 and
// 13 June 2025) and a municipality without local holidays, as the
// standard's worked examples assume.
var (
	caceres   = workcal.ForMunicipality(workcal.CaceresINE)
	plasencia = workcal.ForMunicipality("10148")
	noLocal   = workcal.ForMunicipality("")
)

// at is a wall-clock instant in Madrid.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, workcal.Madrid)
}

// lastDay is the end End gives to a plazo whose last day is y-m-d.
func lastDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, int(999*time.Millisecond), workcal.Madrid)
}

func show(t time.Time) string { return t.In(workcal.Madrid).Format("Mon 02-01-2006 15:04:05.000 MST") }

func TestEnd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cal   *workcal.Calendar
		start time.Time
		term  Term
		want  time.Time
	}{
		// The worked examples of the standard (§3), with no local holidays and in Cáceres.
		{"standard: 10 días hábiles, 01-11 on Saturday", noLocal, at(2025, 10, 20, 10, 0), Term{10, WorkingDays}, lastDay(2025, 11, 3)},
		{"standard, in Cáceres", caceres, at(2025, 10, 20, 10, 0), Term{10, WorkingDays}, lastDay(2025, 11, 3)},
		{"standard: 1 mes from 31-01, no 31-02", noLocal, at(2025, 1, 31, 9, 0), Term{1, Months}, lastDay(2025, 2, 28)},
		{"standard: 1 mes accessed on a Saturday, ends on a Saturday", noLocal, at(2025, 2, 15, 18, 0), Term{1, Months}, lastDay(2025, 3, 17)},

		// Weekends.
		{"5 días hábiles from a Friday", caceres, at(2025, 11, 7, 13, 0), Term{5, WorkingDays}, lastDay(2025, 11, 14)},
		{"notified on a Saturday", caceres, at(2025, 11, 8, 11, 0), Term{1, WorkingDays}, lastDay(2025, 11, 10)},
		{"notified on a Sunday", caceres, at(2025, 11, 9, 11, 0), Term{1, WorkingDays}, lastDay(2025, 11, 10)},
		{"UTC instant already Saturday in Madrid", caceres, time.Date(2025, 11, 7, 23, 30, 0, 0, time.UTC), Term{1, WorkingDays}, lastDay(2025, 11, 10)},

		// National and Extremadura holidays.
		{"year end: 25-12, 01-01 and 06-01", caceres, at(2025, 12, 19, 12, 0), Term{10, WorkingDays}, lastDay(2026, 1, 7)},
		{"Día de Extremadura on a Monday", caceres, at(2025, 9, 5, 12, 0), Term{1, WorkingDays}, lastDay(2025, 9, 9)},
		{"días naturales over Saturday, 12-10 and its Extremadura Monday", caceres, at(2025, 10, 1, 12, 0), Term{10, CalendarDays}, lastDay(2025, 10, 14)},
		{"días naturales onto the Constitución bridge", caceres, at(2025, 12, 1, 12, 0), Term{5, CalendarDays}, lastDay(2025, 12, 9)},
		{"Jueves and Viernes Santo 2026", caceres, at(2026, 3, 31, 12, 0), Term{3, WorkingDays}, lastDay(2026, 4, 7)},

		// Local holidays: the same plazo in Cáceres and in Plasencia.
		{"días hábiles over San Jorge, Cáceres", caceres, at(2025, 4, 22, 10, 0), Term{5, WorkingDays}, lastDay(2025, 4, 30)},
		{"días hábiles, Plasencia works on San Jorge", plasencia, at(2025, 4, 22, 10, 0), Term{5, WorkingDays}, lastDay(2025, 4, 29)},
		{"días hábiles over the Ferias, Plasencia", plasencia, at(2025, 6, 11, 10, 0), Term{3, WorkingDays}, lastDay(2025, 6, 18)},
		{"días hábiles, Cáceres works in the Ferias", caceres, at(2025, 6, 11, 10, 0), Term{3, WorkingDays}, lastDay(2025, 6, 16)},
		{"días naturales ending on San Jorge, Cáceres", caceres, at(2025, 4, 13, 10, 0), Term{10, CalendarDays}, lastDay(2025, 4, 24)},
		{"días naturales ending on San Jorge, Plasencia", plasencia, at(2025, 4, 13, 10, 0), Term{10, CalendarDays}, lastDay(2025, 4, 23)},
		{"1 mes ending on San Jorge, Cáceres", caceres, at(2025, 3, 23, 10, 0), Term{1, Months}, lastDay(2025, 4, 24)},
		{"1 mes ending on San Jorge, Plasencia", plasencia, at(2025, 3, 23, 10, 0), Term{1, Months}, lastDay(2025, 4, 23)},
		{"1 mes ending on San Fernando, Cáceres", caceres, at(2025, 4, 27, 10, 0), Term{1, Months}, lastDay(2025, 5, 28)},

		// Month ends and leap years.
		{"31-01 + 1 mes in a leap year", caceres, at(2024, 1, 31, 10, 0), Term{1, Months}, lastDay(2024, 2, 29)},
		{"30-01 + 1 mes", caceres, at(2025, 1, 30, 10, 0), Term{1, Months}, lastDay(2025, 2, 28)},
		{"30-04 + 1 mes is 30-05, not the month's end", caceres, at(2025, 4, 30, 10, 0), Term{1, Months}, lastDay(2025, 5, 30)},
		{"31-03 + 1 mes", caceres, at(2025, 3, 31, 10, 0), Term{1, Months}, lastDay(2025, 4, 30)},
		{"30-11 + 3 meses: 28-02 is a Saturday", caceres, at(2025, 11, 30, 10, 0), Term{3, Months}, lastDay(2026, 3, 2)},
		{"30-12 + 1 mes, over the year end", caceres, at(2025, 12, 30, 10, 0), Term{1, Months}, lastDay(2026, 1, 30)},
		{"31-12 + 12 meses", caceres, at(2024, 12, 31, 10, 0), Term{12, Months}, lastDay(2025, 12, 31)},
		{"29-02 + 1 año", caceres, at(2024, 2, 29, 10, 0), Term{1, Years}, lastDay(2025, 2, 28)},
		{"29-02 + 2 años: 28-02 is a Saturday", caceres, at(2024, 2, 29, 10, 0), Term{2, Years}, lastDay(2026, 3, 2)},

		// Hours: every hour of a día hábil, minute by minute.
		{"24 horas from a Friday", caceres, at(2025, 11, 7, 10, 0), Term{24, Hours}, at(2025, 11, 10, 10, 0)},
		{"24 horas from a Saturday run all Monday", caceres, at(2025, 11, 8, 10, 0), Term{24, Hours}, lastDay(2025, 11, 10)},
		{"2 horas from Friday 23:00", caceres, at(2025, 11, 7, 23, 0), Term{2, Hours}, at(2025, 11, 10, 1, 0)},
		{"1 hora ending at midnight stays on the día hábil", caceres, at(2025, 11, 12, 23, 0), Term{1, Hours}, lastDay(2025, 11, 12)},
		{"24 horas over San Jorge, Cáceres", caceres, at(2025, 4, 22, 9, 0), Term{24, Hours}, at(2025, 4, 24, 9, 0)},
		{"24 horas on San Jorge, Plasencia", plasencia, at(2025, 4, 22, 9, 0), Term{24, Hours}, at(2025, 4, 23, 9, 0)},
		{"12 horas over the spring time change", caceres, at(2026, 3, 27, 18, 0), Term{12, Hours}, at(2026, 3, 30, 6, 0)},
		{"12 horas over the autumn time change", caceres, at(2026, 10, 23, 18, 0), Term{12, Hours}, at(2026, 10, 26, 6, 0)},
	} {
		got, err := End(tc.cal, tc.start, tc.term)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: End(%s, %s) = %s, %v; want %s", tc.name, show(tc.start), tc.term, show(got), err, show(tc.want))
		}
		if err == nil && !tc.cal.IsWorkingDay(got) {
			t.Errorf("%s: ends on an inhábil day", tc.name)
		}
	}
}

func TestTermAndUnitLabels(t *testing.T) {
	for _, tc := range []struct {
		term Term
		want string
	}{
		{Term{10, WorkingDays}, "10 días hábiles"},
		{Term{1, WorkingDays}, "1 día hábil"},
		{Term{15, CalendarDays}, "15 días naturales"},
		{Term{1, Months}, "1 mes"},
		{Term{3, Months}, "3 meses"},
		{Term{1, Years}, "1 año"},
		{Term{24, Hours}, "24 horas"},
	} {
		if got := tc.term.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.term, got, tc.want)
		}
	}
	var labels []string
	for _, u := range Units {
		labels = append(labels, u.Label())
	}
	if got, want := strings.Join(labels, ", "), "días hábiles, días naturales, meses, años, horas"; got != want {
		t.Errorf("labels = %q, want %q", got, want)
	}
}

func TestInvalid(t *testing.T) {
	start := at(2025, 10, 20, 10, 0)
	for _, tc := range []struct {
		term        Term
		suspensions []workcal.Interval
		want        string
	}{
		{Term{0, WorkingDays}, nil, "El plazo ha de ser de al menos 1 día hábil."},
		{Term{-3, Months}, nil, "El plazo ha de ser de al menos 1 mes."},
		{Term{25, Hours}, nil, "Un plazo en horas no puede pasar de 24 horas: si es más largo, se expresa en días (art. 30.1 de la Ley 39/2015)."},
		{Term{10, "semanas"}, nil, "La unidad del plazo no es válida: ha de ser días hábiles, días naturales, meses, años u horas."},
		{Term{10, ""}, nil, "La unidad del plazo no es válida: ha de ser días hábiles, días naturales, meses, años u horas."},
		{Term{241, Months}, nil, "Un plazo no puede pasar de 240 meses."},
		{Term{21, Years}, nil, "Un plazo no puede pasar de 20 años."},
		{Term{7306, WorkingDays}, nil, "Un plazo no puede pasar de 7305 días hábiles."},
		{Term{10, WorkingDays}, []workcal.Interval{{From: start}},
			"Una suspensión del plazo necesita la fecha en que empieza y la fecha en que se levanta."},
		{Term{10, WorkingDays}, []workcal.Interval{{From: start, To: start.Add(-time.Hour)}},
			"Una suspensión del plazo no puede levantarse antes de empezar."},
	} {
		_, err := End(caceres, start, tc.term, tc.suspensions...)
		if err == nil || err.Error() != tc.want || !errors.Is(err, errs.Invalid) {
			t.Errorf("End(%+v) error = %v, want errs.Invalid %q", tc.term, err, tc.want)
		}
	}
}
