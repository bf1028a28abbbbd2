package stats

import (
	"context"
	"testing"
	"time"

	"concejo/internal/demo"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
)

// BenchmarkReport measures the four queries of /estadisticas on the demo
// province (SQLite); the page budget is 50 ms at p99.
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, d, demo.Options{PasswordParams: auth.Argon2Params{Memory: 64, Time: 1, Threads: 1},
		Now: time.Now().UTC()}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := buildReport(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
}
