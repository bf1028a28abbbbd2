package territory_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/territory"
	"concejo/internal/demo"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/kit"
)

// BenchmarkDemoFull measures the full-scale demo callejero (every
// municipality with an active padrón adhesion, about population/2.4
// dwellings each) on SQLite: go test -run '^$' -bench DemoFull -benchtime 1x ./internal/territory/
func BenchmarkDemoFull(b *testing.B) {
	for range b.N {
		b.StopTimer()
		d := dbtest.SQLite(b)
		ctx := context.Background()
		if _, err := demo.Load(ctx, d, demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC(), Full: true}); err != nil {
			b.Fatal(err)
		}
		cpu0 := cpuTime()
		b.StartTimer()
		if err := territory.LoadDemo(ctx, d, kit.DemoOptions{Full: true}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		// CPU time tells the cost apart from waiting on a busy machine.
		b.ReportMetric((cpuTime() - cpu0).Seconds(), "cpu-s/load")
		s := territory.LastDemo()
		b.ReportMetric(float64(s.Dwellings), "dwellings")
		b.ReportMetric(float64(s.Municipalities), "municipalities")
		b.ReportMetric(s.Took.Seconds(), "s/load")
	}
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
