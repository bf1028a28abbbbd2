package db_test

import (
	"context"
	"strconv"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestAnalyze: after Analyze the planner knows how many rows a freshly
// filled table holds; on PostgreSQL a table of another schema of the same
// database is left alone (a bare ANALYZE took every schema and deadlocked
// with the other packages' tests changing theirs).
func TestAnalyze(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`CREATE TABLE analyze_probe (id TEXT PRIMARY KEY, kind TEXT NOT NULL)`)
		exec(`CREATE INDEX analyze_probe_kind ON analyze_probe (kind)`)
		for i := range 500 {
			exec(`INSERT INTO analyze_probe (id, kind) VALUES ($1, $2)`, strconv.Itoa(i), strconv.Itoa(i%7))
		}
		other := ""
		if d.Engine == db.Postgres {
			if err := d.QueryRowContext(ctx, `SELECT current_schema() || '_other'`).Scan(&other); err != nil {
				t.Fatal(err)
			}
			exec(`CREATE SCHEMA ` + other)
			t.Cleanup(func() { d.ExecContext(context.Background(), `DROP SCHEMA `+other+` CASCADE`) })
			exec(`CREATE TABLE ` + other + `.untouched (id TEXT PRIMARY KEY)`)
			exec(`INSERT INTO ` + other + `.untouched (id) VALUES ('a')`)
		}
		if err := d.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		var rows int64
		q := `SELECT CAST(substr(stat, 1, instr(stat, ' ') - 1) AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'analyze_probe' AND idx = 'analyze_probe_kind'`
		if d.Engine == db.Postgres {
			q = `SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = 'analyze_probe'::regclass`
		}
		if err := d.QueryRowContext(ctx, q).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 500 {
			t.Fatalf("the planner counts %d rows in analyze_probe, want 500", rows)
		}
		if other != "" {
			var analyzed bool
			if err := d.QueryRowContext(ctx, `SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables
				WHERE schemaname = $1 AND relname = 'untouched'`, other).Scan(&analyzed); err != nil {
				t.Fatal(err)
			}
			if analyzed {
				t.Fatalf("Analyze took the table of schema %s too", other)
			}
		}
	})
}
