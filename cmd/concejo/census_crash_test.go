//go:build unix

package main

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCensusAccessLogCrash searches the padrón from eight concurrent
// clients, kills the server (SIGKILL) mid-load, and checks that every search
// whose page was answered is in the register of look-ups
// (census_access_log), which is written by group commit off the search's
// own work (see census.accessLog).
func TestCensusAccessLogCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts concejo processes")
	}
	dataDir := filepath.Join(t.TempDir(), "data")
	srv := startWith(t, nil, "demo", "--pequena", "--data", dataDir)
	const clerk = "admin@plasencia.es"
	var (
		mu       sync.Mutex
		answered []string // the query of every search answered
		acks     atomic.Int64
		killed   atomic.Bool
		failure  error
		wg       sync.WaitGroup
	)
	for w := range 8 {
		c := newClient(srv.URL)
		if err := c.login(clerk, demoPassword); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				q := fmt.Sprintf("caida%dx%d", w, n)
				res, err := c.get("/padron?" + url.Values{"q": {q}}.Encode())
				if err == nil && res.Status == http.StatusOK && strings.Contains(res.Body, "</html>") {
					mu.Lock()
					answered = append(answered, q)
					mu.Unlock()
					acks.Add(1)
					continue
				}
				if !killed.Load() {
					mu.Lock()
					failure = fmt.Errorf("search %s: %v (status %d)", q, err, res.Status)
					mu.Unlock()
				}
				return
			}
		}()
	}
	for deadline := time.Now().Add(time.Minute); acks.Load() < 300 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	killed.Store(true)
	srv.kill(t)
	wg.Wait()
	if failure != nil {
		t.Fatal(failure)
	}
	if len(answered) == 0 {
		t.Fatal("no search was answered before the kill")
	}

	// The server starts again on the crashed data.
	srv = startWith(t, nil, "serve", "--data", dataDir)
	srv.stop(t)
	d := openDB(t, dataDir)
	integrityCheck(t, d)
	lost := 0
	for _, q := range answered {
		if queryInt(t, d, `SELECT COUNT(*) FROM census_access_log WHERE action = 'busqueda' AND detail = $1`,
			q+" (0 resultados)") != 1 {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d answered searches are missing from the register of look-ups", lost, len(answered))
	}
	t.Logf("killed after %d answered searches; all of them are in the register", len(answered))
}
