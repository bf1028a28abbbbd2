package app_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// Benchmarks of the budgets of issue 2 on SQLite with the demo province:
// go test -run '^$' -bench . -benchtime 3s ./internal/app/
// They run the requests in parallel (GOMAXPROCS goroutines by default; use
// -cpu 50 to model 50 concurrent users). The page benchmarks run on
// PostgreSQL when CONCEJO_BENCH_POSTGRES is set (with
// CONCEJO_TEST_POSTGRES_URL naming the server).

func BenchmarkLogin(b *testing.B) {
	b.Setenv("CONCEJO_LOGIN_ATTEMPTS", "100000000")
	env := apptest.Start(b, dbtest.SQLite(b))
	// Sign-in is benchmarked at the production argon2id cost.
	hash, _ := auth.HashPassword("concejo-demo-2026", auth.DefaultArgon2)
	if _, err := env.DB.ExecContext(context.Background(), `UPDATE users SET password_hash = $1 WHERE email = 'admin@caceres.es'`, hash); err != nil {
		b.Fatal(err)
	}
	form := url.Values{"usuario": {"admin@caceres.es"}, "contrasena": {"concejo-demo-2026"}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res := env.Anonymous(b).Post("/entrar", form); res.Status != http.StatusSeeOther {
				b.Errorf("login: %d", res.Status)
			}
		}
	})
}

// benchDB is the benchmarks' database: SQLite, or PostgreSQL when
// CONCEJO_BENCH_POSTGRES is set.
func benchDB(b *testing.B) *db.DB {
	if os.Getenv("CONCEJO_BENCH_POSTGRES") != "" {
		return dbtest.Postgres(b)
	}
	return dbtest.SQLite(b)
}

func benchPage(b *testing.B, email, path string) {
	env := apptest.Start(b, benchDB(b))
	c := env.Login(b, email)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res := c.Get(path); res.Status != http.StatusOK {
				b.Errorf("%s: %d", path, res.Status)
			}
		}
	})
}

func BenchmarkEntityList(b *testing.B) { benchPage(b, "tecnico@dipcaceres.es", "/entidades") }

func BenchmarkEntityListSearch(b *testing.B) {
	benchPage(b, "tecnico@dipcaceres.es", "/entidades?q=valle&tipo=ayuntamiento")
}

func BenchmarkUserList(b *testing.B) { benchPage(b, "admin@caceres.es", "/usuarios") }

func BenchmarkUserListProvince(b *testing.B) { benchPage(b, "admin@dipcaceres.es", "/usuarios") }

func BenchmarkHome(b *testing.B) { benchPage(b, "admin@caceres.es", "/") }

func BenchmarkServices(b *testing.B) { benchPage(b, "admin@caceres.es", "/servicios") }

func BenchmarkStatistics(b *testing.B) { benchPage(b, "tecnico@dipcaceres.es", "/estadisticas") }

func BenchmarkAccount(b *testing.B) { benchPage(b, "admin@caceres.es", "/cuenta") }
