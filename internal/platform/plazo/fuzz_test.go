package plazo

import (
	"errors"
	"testing"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/workcal"
)

// FuzzEnd checks the invariants of End on any start within the years the
// calendar covers, any unit and any N around its bounds, in Cáceres or
// Plasencia, with and without a suspension: the end is never before the
// start, always falls on a día hábil, grows with N, and a suspension never
// brings it forward. An invalid term is an errs.Invalid error.
func FuzzEnd(f *testing.F) {
	f.Add(int64(0), uint16(10), uint8(0), false, uint16(100), uint16(50))
	f.Add(int64(47_000_000), uint16(1), uint8(2), true, uint16(0), uint16(0))
	f.Add(int64(99_999_999), uint16(24), uint8(4), false, uint16(3), uint16(30))
	f.Add(int64(-5), uint16(0), uint8(3), true, uint16(9000), uint16(65000))
	first := time.Date(workcal.FirstYear, 1, 1, 0, 0, 0, 0, workcal.Madrid)
	span := int64(time.Date(workcal.LastYear, 12, 31, 0, 0, 0, 0, workcal.Madrid).Sub(first) / time.Second)
	f.Fuzz(func(t *testing.T, offset int64, n uint16, unit uint8, inPlasencia bool, suspAfter, suspHours uint16) {
		start := first.Add(time.Duration((offset%span+span)%span) * time.Second)
		cal := caceres
		if inPlasencia {
			cal = plasencia
		}
		u := Units[int(unit)%len(Units)]
		term := Term{N: int(n) % (maxN[u] + 2), Unit: u}
		got, err := End(cal, start, term)
		if term.Validate() != nil {
			if !errors.Is(err, errs.Invalid) {
				t.Fatalf("End(%+v) error = %v, want errs.Invalid", term, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("End(%s, %s): %v", show(start), term, err)
		}
		if got.Before(start) {
			t.Fatalf("End(%s, %s) = %s, before the start", show(start), term, show(got))
		}
		if !cal.IsWorkingDay(got) {
			t.Fatalf("End(%s, %s) = %s, an inhábil day", show(start), term, show(got))
		}
		if !InTime(got, got) || Remaining(cal, got, start) < 1 || Remaining(cal, got, got.Add(time.Millisecond)) > 0 {
			t.Fatalf("End(%s, %s) = %s: InTime or Remaining disagree with it", show(start), term, show(got))
		}
		if more := (Term{N: term.N + 1, Unit: u}); more.Validate() == nil {
			if later, _ := End(cal, start, more); later.Before(got) {
				t.Fatalf("End(%s, %s) = %s, before End(%s) = %s", show(start), more, show(later), term, show(got))
			}
		}
		from := start.Add(time.Duration(suspAfter) * time.Hour)
		held := workcal.Interval{From: from, To: from.Add(time.Duration(suspHours) * time.Hour)}
		pushed, err := End(cal, start, term, held)
		if err != nil || pushed.Before(got) || !cal.IsWorkingDay(pushed) {
			t.Fatalf("End(%s, %s, held %s to %s) = %s, %v; without it %s", show(start), term,
				show(held.From), show(held.To), show(pushed), err, show(got))
		}
	})
}
