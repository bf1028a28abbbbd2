package plazo

import (
	"testing"
	"time"
)

// BenchmarkEnd10000 computes 10,000 deadlines in Cáceres, starts spread
// over 2024–2026 and the usual terms of a procedure mixed, and reports the
// cost of one.
func BenchmarkEnd10000(b *testing.B) {
	terms := []Term{{10, WorkingDays}, {15, WorkingDays}, {20, CalendarDays}, {1, Months},
		{3, Months}, {6, Months}, {1, Years}, {24, Hours}}
	starts := make([]time.Time, 10_000)
	for i := range starts {
		starts[i] = at(2024, 1, 1, 9, 0).Add(time.Duration(i) * 137 * time.Minute)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, start := range starts {
			if _, err := End(caceres, start, terms[i%len(terms)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(starts)), "ns/deadline")
}
