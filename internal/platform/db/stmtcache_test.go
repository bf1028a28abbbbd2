package db

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

func openCached(t *testing.T, max int) *DB {
	t.Helper()
	d, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	d.stmts = newStmtCache(max)
	t.Cleanup(func() { d.Close() })
	if _, err := d.ExecContext(context.Background(), `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStmtCacheBounded: many different queries, run concurrently, keep at
// most max statements and each query answers its own result.
func TestStmtCacheBounded(t *testing.T) {
	ctx := context.Background()
	d := openCached(t, 4)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				n := (g + i) % 10
				var got int
				if err := d.QueryRowContext(ctx, `SELECT $1 + `+string(rune('0'+n)), 100).Scan(&got); err != nil {
					t.Error(err)
					return
				}
				if got != 100+n {
					t.Errorf("got %d, want %d", got, 100+n)
				}
			}
		}()
	}
	wg.Wait()
	if n := d.stmts.order.Len(); n > 4 || len(d.stmts.byText) != n {
		t.Fatalf("%d statements cached (%d by text), want at most 4", n, len(d.stmts.byText))
	}
}

// TestStmtCacheDroppedInUse: a statement dropped while rows are being read
// from it still gives them all, and is closed afterwards.
func TestStmtCacheDroppedInUse(t *testing.T) {
	ctx := context.Background()
	d := openCached(t, 1)
	for i := range 3 {
		d.ExecContext(ctx, `INSERT INTO t (k, v) VALUES ($1, 'x')`, i)
	}
	rows, err := d.QueryContext(ctx, `SELECT k FROM t ORDER BY k`)
	if err != nil {
		t.Fatal(err)
	}
	var other int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM t`).Scan(&other); err != nil || other != 3 {
		t.Fatalf("count %d (%v)", other, err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 3 {
		t.Fatalf("%d rows of the dropped statement (%v), want 3", n, err)
	}
	rows.Close()
	if _, ok := d.stmts.byText[`SELECT k FROM t ORDER BY k`]; ok {
		t.Fatal("the first statement is still cached")
	}
}

// TestStmtCacheSchemaChange: a cached query sees a column added after it
// was prepared, and a query in error gives the driver's error.
func TestStmtCacheSchemaChange(t *testing.T) {
	ctx := context.Background()
	d := openCached(t, 8)
	d.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (1, 'x')`)
	cols := func() int {
		rows, err := d.QueryContext(ctx, `SELECT * FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, _ := rows.Columns()
		return len(c)
	}
	if n := cols(); n != 2 {
		t.Fatalf("%d columns, want 2", n)
	}
	if _, err := d.ExecContext(ctx, `ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'y'`); err != nil {
		t.Fatal(err)
	}
	if n := cols(); n != 3 {
		t.Fatalf("%d columns after ALTER TABLE, want 3", n)
	}
	if _, err := d.QueryContext(ctx, `SELECT nope FROM t`); err == nil {
		t.Fatal("a query of a missing column gave no error")
	}
}
