package eoffice_test

import (
	"net/http"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/dbtest"
)

// Public sede pages on SQLite with the demo province, in parallel:
// go test -run '^$' -bench . ./internal/eoffice/
func benchPublic(b *testing.B, path string) {
	env := apptest.Start(b, dbtest.SQLite(b))
	c := env.Anonymous(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res := c.Get(path); res.Status != http.StatusOK {
				b.Errorf("%s: %d", path, res.Status)
			}
		}
	})
}

func BenchmarkSedeHome(b *testing.B)       { benchPublic(b, "/e/10037/sede") }
func BenchmarkSedeProcedures(b *testing.B) { benchPublic(b, "/e/10037/sede/procedimientos?q=licencia") }
func BenchmarkSedeCalendar(b *testing.B)   { benchPublic(b, "/e/10037/sede/calendario") }
