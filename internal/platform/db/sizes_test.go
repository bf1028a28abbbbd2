package db_test

import (
	"context"
	"strconv"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestTableSizes: on both engines, every table is listed once, largest
// first, with its exact rows and with its indexes counted apart.
func TestTableSizes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, stmt := range []string{
			`CREATE TABLE size_probe (id TEXT PRIMARY KEY, note TEXT NOT NULL)`,
			`CREATE INDEX size_probe_note ON size_probe (note)`,
		} {
			if _, err := d.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 3000 {
			if _, err := d.ExecContext(ctx, `INSERT INTO size_probe (id, note) VALUES ($1, $2)`,
				strconv.Itoa(i), "una nota bastante larga para ocupar varias páginas de la tabla"); err != nil {
				t.Fatal(err)
			}
		}
		sizes, err := d.TableSizes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var probe db.TableSize
		for k, s := range sizes {
			if seen[s.Name] {
				t.Fatalf("%s listed twice", s.Name)
			}
			seen[s.Name] = true
			if k > 0 && s.Bytes() > sizes[k-1].Bytes() {
				t.Fatalf("%s (%d bytes) after %s (%d)", s.Name, s.Bytes(), sizes[k-1].Name, sizes[k-1].Bytes())
			}
			if s.Name == "size_probe" {
				probe = s
			}
		}
		if probe.Rows != 3000 || probe.DataBytes < 3000*60 || probe.IndexBytes < 3000*20 {
			t.Fatalf("size_probe: %+v", probe)
		}
		if !seen["schema_migrations"] {
			t.Fatal("schema_migrations is missing")
		}
	})
}
