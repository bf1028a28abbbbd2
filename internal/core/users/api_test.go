package users_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"concejo/internal/core/users"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestAcceptTOTPOnce: a time step is accepted once, and of parallel
// requests with the same code exactly one passes.
func TestAcceptTOTPOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, nif, name, search_text, email, state, failed_totp, created_at, updated_at)
			VALUES ('u1', '12345678Z', 'Ana', 'ana', 'ana@ejemplo.es', 'activo', 3, $1, $1)`, now); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := users.AcceptTOTP(ctx, d, "u1", 60_000_000)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					accepted++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		var failed int
		d.QueryRowContext(ctx, `SELECT failed_totp FROM users WHERE id = 'u1'`).Scan(&failed)
		if accepted != 1 || failed != 0 {
			t.Fatalf("same step in parallel: accepted %d times, failures left %d", accepted, failed)
		}
		for step, want := range map[int64]bool{59_999_999: false, 60_000_000: false, 60_000_001: true} {
			if ok, err := users.AcceptTOTP(ctx, d, "u1", step); err != nil || ok != want {
				t.Fatalf("step %d after 60000000: %v %v, want %v", step, ok, err, want)
			}
		}
	})
}
