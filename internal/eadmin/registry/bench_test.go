package registry_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/dbtest"
)

// BenchmarkRegister64 registers asientos from 64 concurrent clients in the
// same book (the worst case: every one queues on the same counter row) and
// reports entries per second, justificante included.
func BenchmarkRegister64(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	reg := registry.New(env.App.Kit)
	in := entry(env, b, "entrada", 0)
	var n atomic.Int64
	b.SetParallelism(64 / max(1, runtimeProcs()))
	cpu0 := cpuTime()
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := reg.Register(context.Background(), in); err != nil {
				b.Error(err)
				return
			}
			n.Add(1)
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "entries/s")
	// CPU per asiento (this process, all goroutines): on a loaded machine
	// the rate above depends on the neighbours, this does not.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(max(n.Load(), 1)), "cpu-µs/entry")
}

// BenchmarkReceipt renders and issues justificantes (the PDF part, done on
// first request), for comparison.
func BenchmarkReceipt(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	reg := registry.New(env.App.Kit)
	in := entry(env, b, "entrada", 0)
	ids := make(chan string, b.N)
	for range b.N {
		e, err := reg.Register(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		ids <- e.ID
	}
	close(ids)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := reg.Receipt(context.Background(), in.EntityID, <-ids); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "receipts/s")
}
