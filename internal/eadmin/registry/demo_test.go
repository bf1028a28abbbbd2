package registry_test

import (
	"context"
	"os"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/demo"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// TestDemoSmall checks the small demo: units for every adhered entity,
// asientos of past years for the sample towns, gapless books, and a second
// load that writes nothing.
func TestDemoSmall(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		checkBooks(t, env.DB)
		units := env.Count(t, `SELECT COUNT(*) FROM registry_units`)
		entries := env.Count(t, `SELECT COUNT(*) FROM registry_entries`)
		if units == 0 || entries == 0 {
			t.Fatalf("%d units, %d entries", units, entries)
		}
		if err := registry.LoadDemo(context.Background(), env.DB, kit.DemoOptions{Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if env.Count(t, `SELECT COUNT(*) FROM registry_entries`) != entries {
			t.Fatal("a second load wrote asientos")
		}
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/registro"), 200, "Secretaría General")
	})
}

// checkBooks fails unless every book and year is numbered 1..n and its
// counter is n.
func checkBooks(t *testing.T, d *db.DB) {
	t.Helper()
	rows, err := d.Query(`SELECT e.entity_id, e.book, e.year, COUNT(*), MIN(e.seq), MAX(e.seq), MAX(c.last)
		FROM registry_entries e JOIN registry_counters c ON c.entity_id = e.entity_id AND c.book = e.book AND c.year = e.year
		GROUP BY e.entity_id, e.book, e.year`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ent, book string
		var year, n, lo, hi, last int64
		if err := rows.Scan(&ent, &book, &year, &n, &lo, &hi, &last); err != nil {
			t.Fatal(err)
		}
		if lo != 1 || hi != n || last != n {
			t.Fatalf("%s %s/%d: %d asientos %d..%d, counter %d", ent, book, year, n, lo, hi, last)
		}
	}
}

// TestDemoFull loads the province-scale registro (opt-in: it takes a while):
// CONCEJO_TEST_FULL_DEMO=1.
func TestDemoFull(t *testing.T) {
	if os.Getenv("CONCEJO_TEST_FULL_DEMO") == "" {
		t.Skip("set CONCEJO_TEST_FULL_DEMO=1")
	}
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if _, err := demo.Load(ctx, d, demo.Options{PasswordParams: apptest.Cheap, Now: now}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := registry.LoadDemo(ctx, d, kit.DemoOptions{Now: now, Full: true}); err != nil {
		t.Fatal(err)
	}
	var entries, entities int
	d.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT entity_id) FROM registry_entries`).Scan(&entries, &entities)
	t.Logf("full registro demo: %d asientos of %d entities in %s", entries, entities, time.Since(start).Round(time.Millisecond))
	checkBooks(t, d)
}
