// Package dbtest gives tests a fresh, migrated database on every engine the
// run has: always SQLite, and PostgreSQL when CONCEJO_TEST_POSTGRES_URL is set.
package dbtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// Each runs fn as a subtest once per engine, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv("CONCEJO_TEST_POSTGRES_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite opens a migrated database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// Postgres opens a migrated database in a fresh schema of the server named by
// CONCEJO_TEST_POSTGRES_URL; the schema is dropped when the test ends.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	base := os.Getenv("CONCEJO_TEST_POSTGRES_URL")
	if base == "" {
		t.Fatal("CONCEJO_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	schema := "t_" + strings.ToLower(id.New())
	admin, err := db.Open(ctx, base, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, u.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(fmt.Errorf("migrar PostgreSQL: %w", err))
	}
	return d
}
