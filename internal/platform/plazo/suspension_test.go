package plazo

import (
	"testing"
	"time"

	"concejo/internal/platform/workcal"
)

func TestEndSuspended(t *testing.T) {
	// 10 días hábiles notified on Monday 20-10-2025 end on Monday 03-11.
	notified, tenDays := at(2025, 10, 20, 10, 0), Term{10, WorkingDays}
	// A requerimiento notified on Friday 24-10 and answered on Tuesday 28-10
	// holds Friday, the weekend and Monday.
	fridayToTuesday := workcal.Interval{From: at(2025, 10, 24, 10, 0), To: at(2025, 10, 28, 12, 0)}
	for _, tc := range []struct {
		name        string
		cal         *workcal.Calendar
		start       time.Time
		term        Term
		suspensions []workcal.Interval
		want        time.Time
	}{
		{"días hábiles: two held días hábiles over a weekend", caceres, notified, tenDays,
			[]workcal.Interval{fridayToTuesday}, lastDay(2025, 11, 5)},
		{"días naturales: four held days over a weekend", caceres, notified, Term{10, CalendarDays},
			[]workcal.Interval{fridayToTuesday}, lastDay(2025, 11, 3)},
		{"plazo máximo of 3 meses pushed by 10 days", caceres, at(2025, 1, 15, 9, 0), Term{3, Months},
			[]workcal.Interval{{From: at(2025, 2, 3, 9, 0), To: at(2025, 2, 13, 9, 0)}}, lastDay(2025, 4, 25)},
		{"pushed onto San Jorge, Cáceres", caceres, at(2025, 1, 15, 9, 0), Term{3, Months},
			[]workcal.Interval{{From: at(2025, 2, 3, 9, 0), To: at(2025, 2, 11, 9, 0)}}, lastDay(2025, 4, 24)},
		{"pushed onto San Jorge, Plasencia works", plasencia, at(2025, 1, 15, 9, 0), Term{3, Months},
			[]workcal.Interval{{From: at(2025, 2, 3, 9, 0), To: at(2025, 2, 11, 9, 0)}}, lastDay(2025, 4, 23)},
		{"begun on the last day, it still saves that day", caceres, notified, tenDays,
			[]workcal.Interval{{From: at(2025, 11, 3, 9, 0), To: at(2025, 11, 5, 10, 0)}}, lastDay(2025, 11, 5)},
		{"begun after the end, nothing", caceres, notified, tenDays,
			[]workcal.Interval{{From: at(2025, 11, 4, 9, 0), To: at(2025, 11, 10, 9, 0)}}, lastDay(2025, 11, 3)},
		{"before the start, nothing", caceres, notified, tenDays,
			[]workcal.Interval{{From: at(2025, 10, 1, 9, 0), To: at(2025, 10, 15, 9, 0)}}, lastDay(2025, 11, 3)},
		{"begun and lifted the same day, nothing", caceres, notified, tenDays,
			[]workcal.Interval{{From: at(2025, 10, 21, 9, 0), To: at(2025, 10, 21, 14, 0)}}, lastDay(2025, 11, 3)},
		{"overlapping suspensions hold each day once", caceres, notified, tenDays,
			[]workcal.Interval{{From: at(2025, 10, 22, 9, 0), To: at(2025, 10, 24, 9, 0)},
				{From: at(2025, 10, 23, 9, 0), To: at(2025, 10, 27, 9, 0)}}, lastDay(2025, 11, 6)},
		// 5 días naturales from 01-12-2025 end on Saturday 06-12 and are
		// prorrogued past the weekend and the Inmaculada to Tuesday 09-12,
		// which a suspension from Tuesday to Thursday holds.
		{"held on the prorrogued last day", caceres, at(2025, 12, 1, 9, 0), Term{5, CalendarDays},
			[]workcal.Interval{{From: at(2025, 12, 9, 9, 0), To: at(2025, 12, 11, 9, 0)}}, lastDay(2025, 12, 11)},
		{"horas: held minute by minute", caceres, at(2025, 11, 10, 10, 0), Term{24, Hours},
			[]workcal.Interval{{From: at(2025, 11, 10, 12, 0), To: at(2025, 11, 10, 14, 0)}}, at(2025, 11, 11, 12, 0)},
		{"horas: starting inside a suspension", caceres, at(2025, 11, 10, 10, 0), Term{2, Hours},
			[]workcal.Interval{{From: at(2025, 11, 10, 9, 0), To: at(2025, 11, 10, 11, 0)}}, at(2025, 11, 10, 13, 0)},
		{"horas: running out as a suspension begins", caceres, at(2025, 11, 10, 10, 0), Term{2, Hours},
			[]workcal.Interval{{From: at(2025, 11, 10, 12, 0), To: at(2025, 11, 11, 11, 0)}}, at(2025, 11, 10, 12, 0)},
	} {
		got, err := End(tc.cal, tc.start, tc.term, tc.suspensions...)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: End = %s, %v; want %s", tc.name, show(got), err, show(tc.want))
		}
	}
}
