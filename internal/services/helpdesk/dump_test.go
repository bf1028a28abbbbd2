package helpdesk_test

import (
	"context"
	"os"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/demo"
	"concejo/internal/platform/db"
	"concejo/internal/refdata"
	"concejo/internal/services/helpdesk"
)

// TestDumpFull writes the full demo to $HELPDESK_FULL_DB (a SQLite file) for
// measuring queries by hand; skipped otherwise.
func TestDumpFull(t *testing.T) {
	path := os.Getenv("HELPDESK_FULL_DB")
	if path == "" {
		t.Skip("HELPDESK_FULL_DB not set")
	}
	ctx := context.Background()
	d, err := db.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	opts := demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC(), Full: true}
	if _, err := demo.Load(ctx, d, opts); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := helpdesk.LoadDemo(ctx, d, opts.Modules()); err != nil {
		t.Fatal(err)
	}
	t.Logf("support demo loaded in %s", time.Since(start))
}
