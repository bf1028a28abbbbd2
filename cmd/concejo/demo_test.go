package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/db"
)

// waitDemo polls /readyz/demo until the demo data are all in.
func (s *server) waitDemo(t *testing.T, timeout time.Duration) {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := hc.Get(s.URL + "/readyz/demo")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch res.StatusCode {
		case http.StatusOK:
			return
		case http.StatusInternalServerError:
			t.Fatalf("the demo load stopped: %s\n%s", body, tail(s.out.String(), 4096))
		}
	}
	t.Fatalf("the demo data were not loaded after %s\n%s", timeout, tail(s.out.String(), 4096))
}

// TestDemoServesAtOnceAndFinishesItsLoadAfterAKill: «concejo demo» answers
// before the modules' data are in, says where the load's progress shows,
// and reports its end with the peak memory; killed as soon as it answers
// (most often mid-load), the next run finishes the load, and a run on a
// loaded base starts no load.
func TestDemoServesAtOnceAndFinishesItsLoadAfterAKill(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, "demo", dir)
	if out := first.out.String(); !strings.Contains(out, "Ya puede entrar") || !strings.Contains(out, "/trabajos/") {
		t.Fatalf("the demo does not say that it serves while it loads, nor where the progress shows:\n%s", out)
	}
	first.kill(t)

	second := startServer(t, "demo", dir)
	second.waitDemo(t, 2*time.Minute)
	if out := second.out.String(); !strings.Contains(out, "Datos de demostración cargados en") ||
		!strings.Contains(out, "memoria máxima") {
		t.Fatalf("the resumed load does not report its end and peak memory:\n%s", out)
	}
	second.stop(t)

	d, err := db.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	for query, min := range map[string]int{
		`SELECT COUNT(*) FROM demo_loads`:          10,
		`SELECT COUNT(*) FROM helpdesk_tickets`:    1,
		`SELECT COUNT(*) FROM census_inscriptions`: 1,
		`SELECT COUNT(*) FROM casefile_files`:      1,
	} {
		var n int
		if err := d.QueryRow(query).Scan(&n); err != nil || n < min {
			t.Errorf("%s: %d (%v), want at least %d", query, n, err, min)
		}
	}
	d.Close()

	third := startServer(t, "demo", dir)
	third.waitDemo(t, time.Minute)
	if out := third.out.String(); !strings.Contains(out, "ya estaban cargados") {
		t.Fatalf("a run on a loaded base does not say so:\n%s", out)
	}
	third.stop(t)
}
