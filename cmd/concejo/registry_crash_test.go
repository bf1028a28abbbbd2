//go:build unix

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// startWith starts «concejo args...» with env and waits until it is ready.
func startWith(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr := freeAddr(t)
		s := &server{URL: "http://" + addr, out: &syncBuffer{}, exited: make(chan struct{})}
		s.cmd = concejoCommand(context.Background(), env, append(args, "--addr", addr)...)
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
		t.Cleanup(func() {
			select {
			case <-s.exited:
			default:
				s.cmd.Process.Kill()
				<-s.exited
			}
		})
		err := s.waitReady(3 * time.Minute)
		if err == nil {
			return s
		}
		if attempt < 3 && strings.Contains(s.out.String(), "address already in use") {
			continue
		}
		t.Fatalf("concejo %v: %v\n%s", args, err, tail(s.out.String(), 4096))
	}
}

// TestRegistryCrashSafety registers asientos from eight concurrent clerks
// (two towns, the same books), kills the server (SIGKILL) mid-load twice,
// restarts it each time, and checks that the numbers of every book and year
// are unique and gapless and that no acknowledged asiento is lost; on
// SQLite and, when CONCEJO_TEST_POSTGRES_URL is set, on PostgreSQL.
func TestRegistryCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts concejo processes")
	}
	t.Run("sqlite", func(t *testing.T) {
		dataDir := filepath.Join(t.TempDir(), "data")
		registryCrashCycles(t, nil, dataDir, func() *db.DB { return openDB(t, dataDir) })
	})
	base := os.Getenv("CONCEJO_TEST_POSTGRES_URL")
	if base == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		ctx := context.Background()
		admin, err := db.Open(ctx, base, "")
		if err != nil {
			t.Fatal(err)
		}
		schema := "crash_" + strings.ToLower(id.New())
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		})
		u, _ := url.Parse(base)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		env := []string{"CONCEJO_DATABASE_URL=" + u.String()}
		registryCrashCycles(t, env, filepath.Join(t.TempDir(), "data"), func() *db.DB {
			d, err := db.Open(ctx, u.String(), "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d
		})
	})
}

func registryCrashCycles(t *testing.T, env []string, dataDir string, open func() *db.DB) {
	clerks := []string{"admin@caceres.es", "admin@plasencia.es"}
	acked := map[string]string{} // entry id → subject
	inFlight := 0
	const cycles = 2
	for cycle := range cycles {
		args := []string{"serve", "--data", dataDir}
		if cycle == 0 {
			args = []string{"demo", "--pequena", "--data", dataDir}
		}
		srv := startWith(t, env, args...)
		clients := make([]*client, len(clerks))
		for i, email := range clerks {
			clients[i] = newClient(srv.URL)
			if err := clients[i].login(email, demoPassword); err != nil {
				t.Fatal(err)
			}
		}
		type result struct {
			ids  map[string]string
			err  error
			sent int
		}
		results := make([]*result, 8)
		var killed atomic.Bool
		var acks atomic.Int64
		var wg sync.WaitGroup
		for w := range results {
			r := &result{ids: map[string]string{}}
			results[w] = r
			c := clients[w%len(clients)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; ; n++ {
					subject := fmt.Sprintf("Prueba de caída %d-%d-%d", cycle, w, n)
					kind := "entrada"
					if n%4 == 3 {
						kind = "salida"
					}
					r.sent++
					res, err := c.post("/registro", url.Values{"kind": {kind}, "means": {"presencial"}, "subject": {subject},
						"summary": {"Asiento de la prueba de caídas"}, "doc_type": {"TD14"}, "interesado_nombre": {"Lucía Gómez Núñez"}})
					if err == nil && res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, "/registro/asientos/") {
						r.ids[strings.TrimPrefix(res.Location, "/registro/asientos/")] = subject
						acks.Add(1)
						continue
					}
					if err == nil || !killed.Load() {
						r.err = fmt.Errorf("writer %d: %v (status %d %q)", w, err, res.Status, res.Location)
					}
					return
				}
			}()
		}
		time.Sleep(500 * time.Millisecond)
		for deadline := time.Now().Add(time.Minute); acks.Load() < 40 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		killed.Store(true)
		srv.kill(t)
		wg.Wait()
		for _, r := range results {
			if r.err != nil {
				t.Fatalf("cycle %d: %v", cycle, r.err)
			}
			inFlight++
			for id, s := range r.ids {
				acked[id] = s
			}
		}

		// The server restarts on the crashed data and serves the book.
		srv = startWith(t, env, "serve", "--data", dataDir)
		c := newClient(srv.URL)
		if err := c.login(clerks[0], demoPassword); err != nil {
			t.Fatalf("after the crash: %v", err)
		}
		if page, err := c.get("/registro"); err != nil || page.Status != http.StatusOK {
			t.Fatalf("after the crash, /registro: %v", err)
		}
		srv.stop(t)

		d := open()
		if d.Engine == db.SQLite {
			integrityCheck(t, d)
		}
		// Numbers are unique (the unique index guarantees it) and gapless.
		rows, err := d.Query(`SELECT entity_id, book, year, COUNT(*), MIN(seq), MAX(seq), COUNT(DISTINCT seq)
			FROM registry_entries GROUP BY entity_id, book, year`)
		if err != nil {
			t.Fatal(err)
		}
		books := 0
		for rows.Next() {
			var ent, book string
			var year, n, lo, hi, distinct int64
			if err := rows.Scan(&ent, &book, &year, &n, &lo, &hi, &distinct); err != nil {
				t.Fatal(err)
			}
			books++
			if lo != 1 || hi != n || distinct != n {
				t.Errorf("cycle %d: book %s/%d of %s has %d asientos numbered %d..%d (%d distinct)", cycle, book, year, ent, n, lo, hi, distinct)
			}
			if c := queryInt(t, d, `SELECT last FROM registry_counters WHERE entity_id = $1 AND book = $2 AND year = $3`, ent, book, year); int64(c) != hi {
				t.Errorf("cycle %d: counter %d, last number %d", cycle, c, hi)
			}
		}
		rows.Close()
		if books == 0 {
			t.Fatal("no book")
		}
		lost := 0
		for id, s := range acked {
			if queryInt(t, d, `SELECT COUNT(*) FROM registry_entries WHERE id = $1 AND subject = $2`, id, s) != 1 {
				lost++
			}
		}
		if lost > 0 {
			t.Fatalf("cycle %d: %d of %d acknowledged asientos are lost", cycle, lost, len(acked))
		}
		total := queryInt(t, d, `SELECT COUNT(*) FROM registry_entries WHERE subject LIKE 'Prueba de caída %'`)
		if extra := total - len(acked); extra < 0 || extra > inFlight {
			t.Fatalf("cycle %d: %d asientos, %d acknowledged, %d requests in flight at the kills", cycle, total, len(acked), inFlight)
		}
		t.Logf("cycle %d: killed after %d acknowledged asientos in all; %d books gapless", cycle, len(acked), books)
		d.Close()
	}
}
