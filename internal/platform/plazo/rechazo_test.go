package plazo

import (
	"testing"
	"time"

	"concejo/internal/platform/workcal"
)

// midnight is 00:00 of y-m-d in Madrid.
func midnight(y int, m time.Month, d int) time.Time { return at(y, m, d, 0, 0) }

func TestRejected(t *testing.T) {
	for _, tc := range []struct {
		name string
		cal  *workcal.Calendar
		made time.Time
		want time.Time
	}{
		{"tenth day hábil, Cáceres", caceres, at(2025, 6, 2, 10, 15), midnight(2025, 6, 13)},
		{"tenth day a fiesta local, Plasencia", plasencia, at(2025, 6, 2, 10, 15), midnight(2025, 6, 17)},
		{"UTC instant already Monday in Madrid", caceres, time.Date(2025, 6, 1, 22, 30, 0, 0, time.UTC), midnight(2025, 6, 13)},
		{"put at disposal on a Saturday", caceres, at(2025, 6, 7, 9, 0), midnight(2025, 6, 18)},
		// Summer time starts on Sunday 29-03-2026; the tenth day, Saturday
		// 04-04, follows Jueves and Viernes Santo: open until Monday 06-04.
		{"spring time change and Easter", caceres, at(2026, 3, 25, 12, 0), midnight(2026, 4, 7)},
		// Winter time starts on Sunday 25-10-2026; the tenth day is Friday 30-10.
		{"autumn time change", caceres, at(2026, 10, 20, 18, 30), midnight(2026, 10, 31)},
		// The tenth day, Saturday 03-01-2026, then Sunday; Monday 05-01 is hábil.
		{"year end, prorrogued", caceres, at(2025, 12, 24, 13, 0), midnight(2026, 1, 6)},
		{"year end, tenth day hábil", caceres, at(2026, 12, 28, 13, 0), midnight(2027, 1, 8)},
	} {
		got := Rejected(tc.cal, tc.made)
		if !got.Equal(tc.want) {
			t.Errorf("%s: Rejected(%s) = %s, want %s", tc.name, show(tc.made), show(got), show(tc.want))
		}
		if !AccessedInTime(tc.cal, tc.made, got.Add(-time.Millisecond)) || AccessedInTime(tc.cal, tc.made, got) {
			t.Errorf("%s: the last access in time is not the millisecond before the rechazo", tc.name)
		}
	}
	// The rechazo is at midnight in both zones: 22:00 UTC in summer, 23:00 in winter.
	if got := Rejected(caceres, at(2026, 3, 25, 12, 0)).UTC(); got.Hour() != 22 || got.Day() != 6 {
		t.Errorf("rechazo after the spring change = %s UTC, want 06-04 22:00", got)
	}
	if got := Rejected(caceres, at(2026, 10, 20, 18, 30)).UTC(); got.Hour() != 23 || got.Day() != 30 {
		t.Errorf("rechazo after the autumn change = %s UTC, want 30-10 23:00", got)
	}
	// 240 hours after the puesta is Saturday 04-04 13:00 CEST: still open then.
	if made := at(2026, 3, 25, 12, 0); !AccessedInTime(caceres, made, made.Add(240*time.Hour)) {
		t.Error("an access 240 hours after the puesta was out of time")
	}
}

func TestPresented(t *testing.T) {
	for _, tc := range []struct {
		name string
		cal  *workcal.Calendar
		t    time.Time
		want time.Time
	}{
		{"on a día hábil, as filed", caceres, at(2025, 11, 7, 14, 12), at(2025, 11, 7, 14, 12)},
		{"on a Sunday, Monday 00:00", caceres, at(2025, 11, 9, 18, 40), midnight(2025, 11, 10)},
		{"on a Saturday before a Monday holiday", caceres, at(2025, 10, 11, 10, 0), midnight(2025, 10, 14)},
		{"on San Jorge, Cáceres", caceres, at(2025, 4, 23, 10, 0), midnight(2025, 4, 24)},
		{"on San Jorge, Plasencia", plasencia, at(2025, 4, 23, 10, 0), at(2025, 4, 23, 10, 0)},
		{"UTC Sunday night is Monday in Madrid", caceres, time.Date(2025, 11, 9, 23, 30, 0, 0, time.UTC),
			time.Date(2025, 11, 9, 23, 30, 0, 0, time.UTC)},
	} {
		if got := Presented(tc.cal, tc.t); !got.Equal(tc.want) {
			t.Errorf("%s: Presented(%s) = %s, want %s", tc.name, show(tc.t), show(got), show(tc.want))
		}
	}

	// 5 días hábiles notified on Monday 03-11-2025 end on Monday 10-11: a
	// filing on Sunday 09-11 counts at Monday 00:00, in time; one on the
	// next Sunday counts at Monday 17-11, late.
	end, _ := End(caceres, at(2025, 11, 3, 9, 0), Term{5, WorkingDays})
	if !InTime(end, Presented(caceres, at(2025, 11, 9, 20, 0))) {
		t.Error("a filing on the Sunday before the last day is late")
	}
	if InTime(end, Presented(caceres, at(2025, 11, 16, 20, 0))) {
		t.Error("a filing on the Sunday after the last day is in time")
	}
}

func TestInTime(t *testing.T) {
	end := lastDay(2025, 11, 3)
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{at(2025, 11, 3, 9, 0), true},
		{end, true},
		{end.Add(999 * time.Microsecond), true},
		{end.Add(time.Millisecond), false},
		{midnight(2025, 11, 4), false},
	} {
		if got := InTime(end, tc.t); got != tc.want {
			t.Errorf("InTime(%s) = %v, want %v", tc.t.Format(time.RFC3339Nano), got, tc.want)
		}
	}
}
