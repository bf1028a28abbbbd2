package plazo

import (
	"testing"
	"time"

	"concejo/internal/platform/workcal"
)

func TestRemaining(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cal      *workcal.Calendar
		end, now time.Time
		want     int
	}{
		// 10 días hábiles notified on 20-10-2025 end on 03-11: on the day of
		// the notification, that day and the ten.
		{"notification day", caceres, lastDay(2025, 11, 3), at(2025, 10, 20, 12, 0), 11},
		{"the day after", caceres, lastDay(2025, 11, 3), at(2025, 10, 21, 8, 0), 10},
		{"the weekend before the last day", caceres, lastDay(2025, 11, 3), at(2025, 11, 1, 8, 0), 1},
		{"the last day", caceres, lastDay(2025, 11, 3), at(2025, 11, 3, 23, 0), 1},
		{"the day after the end", caceres, lastDay(2025, 11, 3), at(2025, 11, 4, 9, 0), -1},
		{"a week after", caceres, lastDay(2025, 11, 3), at(2025, 11, 10, 9, 0), -5},
		{"the Saturday after a Friday end", caceres, lastDay(2025, 11, 14), at(2025, 11, 15, 9, 0), 0},
		{"the Monday after a Friday end", caceres, lastDay(2025, 11, 14), at(2025, 11, 17, 9, 0), -1},
		{"hours: before the end", caceres, at(2025, 11, 10, 10, 0), at(2025, 11, 10, 9, 0), 1},
		{"hours: after the end, same day", caceres, at(2025, 11, 10, 10, 0), at(2025, 11, 10, 11, 0), 0},
		{"San Jorge does not count in Cáceres", caceres, lastDay(2025, 4, 30), at(2025, 4, 22, 9, 0), 6},
		{"San Jorge counts in Plasencia", plasencia, lastDay(2025, 4, 30), at(2025, 4, 22, 9, 0), 7},
	} {
		if got := Remaining(tc.cal, tc.end, tc.now); got != tc.want {
			t.Errorf("%s: Remaining = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestRemainingLabel(t *testing.T) {
	for n, want := range map[int]string{
		11: "Quedan 11 días hábiles",
		2:  "Quedan 2 días hábiles",
		1:  "Queda 1 día hábil",
		0:  "Vencido",
		-1: "Vencido hace 1 día hábil",
		-5: "Vencido hace 5 días hábiles",
	} {
		if got := RemainingLabel(n); got != want {
			t.Errorf("RemainingLabel(%d) = %q, want %q", n, got, want)
		}
	}
}
