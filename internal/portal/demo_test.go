package portal_test

import (
	"context"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/demo"
	"concejo/internal/platform/dbtest"
	"concejo/internal/portal"
	"concejo/internal/refdata"
)

// TestDemoFull: in full mode every entity with the portal service gets a
// site with content, once.
func TestDemoFull(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	opts := demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC(), Full: true}
	if _, err := demo.Load(ctx, d, opts); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := portal.LoadDemo(ctx, d, opts.Modules()); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string) int {
		var n int
		if err := d.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	adhered := count(`SELECT COUNT(DISTINCT a.entity_id) FROM adhesions a JOIN entities e ON e.id = a.entity_id
		WHERE a.service_code = 'portal' AND a.state = 'activa' AND e.active`)
	// Every adhered entity's site, and the Diputación's (the province's front page).
	if sites := count(`SELECT COUNT(*) FROM portal_sites`); sites != adhered+1 || sites < 200 {
		t.Fatalf("sites %d, adhered %d", sites, adhered)
	}
	if n := count(`SELECT COUNT(DISTINCT entity_id) FROM portal_edicts`); n != adhered {
		t.Errorf("sites with a tablón: %d", n)
	}
	if n := count(`SELECT COUNT(*) FROM portal_notices`); n != 1 {
		t.Errorf("notices: %d (loaded twice?)", n)
	}
}
