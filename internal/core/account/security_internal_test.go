package account

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/core/users"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// hostileNext are return paths that must not leave the site once a browser
// reads them (it drops tabs and new lines and takes "\" for "/").
var hostileNext = []string{
	"/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", "//evil.example",
	"/\\evil.example", "/\\/evil.example", "\\\\evil.example", "https://evil.example", "https:evil.example",
	"javascript:alert(1)", "/%09/evil.example", "//evil.example@concejo.example", "/ /evil.example",
	"http:/\\evil.example", "/\u0000/evil.example", "/\u0085/evil.example", "\u3000//evil.example",
	"/\xff/evil.example", " /\t/evil.example", "/salir", "",
}

func TestSafeNext(t *testing.T) {
	for _, ok := range []string{"/", "/cuenta", "/padron?q=garc%C3%ADa&pagina=2", "/oidc/authorize?client_id=x&redirect_uri=https%3A%2F%2Fa",
		"/soporte/incidencias/2026-0001#mensajes", "/%2F%2Fevil.example"} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q, want it kept", ok, got)
		}
	}
	for _, bad := range hostileNext {
		if got := safeNext(bad); got != "/" && browserHost(got) != "concejo.example" {
			t.Errorf("safeNext(%q) = %q leads to %q", bad, got, browserHost(got))
		} else if strings.ContainsAny(bad, "\t\r\n\\") && got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", bad, got)
		}
	}
}

// browserHost is the host a browser on https://concejo.example/ goes to
// when it follows Location: loc (WHATWG URL: tabs and new lines removed,
// "\" read as "/" in http(s) URLs).
func browserHost(loc string) string {
	loc = strings.NewReplacer("\t", "", "\r", "", "\n", "", "\\", "/").Replace(loc)
	base, _ := url.Parse("https://concejo.example/")
	u, err := base.Parse(loc)
	if err != nil {
		return "(no válida)"
	}
	if u.User != nil {
		return u.User.String() + "@" + u.Host
	}
	return u.Host
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range hostileNext {
		f.Add(s)
	}
	f.Add("/cuenta")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") {
			t.Fatalf("safeNext(%q) = %q is not a path", next, got)
		}
		if h := browserHost(got); h != "concejo.example" {
			t.Fatalf("safeNext(%q) = %q sends the browser to %q", next, got, h)
		}
	})
}

// TestRecordFailureCountsParallelAttempts: twelve wrong passwords at once
// all count: two locks (at the 5th and the 10th) and two left over.
func TestRecordFailureCountsParallelAttempts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, nif, name, search_text, email, state, created_at, updated_at)
			VALUES ('u1', '12345678Z', 'Ana', 'ana', 'ana@ejemplo.es', 'activo', $1, $1)`, now); err != nil {
			t.Fatal(err)
		}
		for _, counter := range []users.FailureCounter{users.PasswordFailures, users.TOTPFailures} {
			var wg sync.WaitGroup
			locks := make(chan time.Time, 12)
			for i := 0; i < 12; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					until, err := recordFailure(ctx, d, "u1", counter, now)
					if err != nil {
						t.Error(err)
					}
					if !until.IsZero() {
						locks <- until
					}
				}()
			}
			wg.Wait()
			close(locks)
			var failed int
			var locked sql.NullTime
			if err := d.QueryRowContext(ctx, `SELECT `+string(counter)+`, locked_until FROM users WHERE id = 'u1'`).Scan(&failed, &locked); err != nil {
				t.Fatal(err)
			}
			if len(locks) != 2 || failed != 2 || !locked.Valid || locked.Time.Before(now.Add(lockFor-time.Second)) {
				t.Fatalf("%s after 12 parallel failures: %d locks, count %d, locked until %v", counter, len(locks), failed, locked)
			}
			if _, err := d.ExecContext(ctx, `UPDATE users SET locked_until = NULL, `+string(counter)+` = 0`); err != nil {
				t.Fatal(err)
			}
		}
	})
}
