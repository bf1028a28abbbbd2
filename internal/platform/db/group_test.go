package db_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestGroupCommitsEveryItem: items handed concurrently are all committed,
// in fewer transactions than items when they arrive together, and each
// caller hears of its item only once it is in the database.
func TestGroupCommitsEveryItem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE group_items (n INTEGER PRIMARY KEY)`); err != nil {
			t.Fatal(err)
		}
		var commits atomic.Int64
		g := &db.Group[int]{DB: d, Max: 8, Commit: func(ctx context.Context, tx *sql.Tx, items []int) error {
			commits.Add(1)
			return db.InsertRows(ctx, tx, d.Engine, "group_items", []string{"n"}, len(items), func(i int) []any { return []any{items[i]} })
		}}
		const n = 64
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := g.Do(ctx, i); err != nil {
					errs <- err
					return
				}
				var found int
				d.QueryRowContext(ctx, `SELECT COUNT(*) FROM group_items WHERE n = $1`, i).Scan(&found)
				if found != 1 {
					errs <- errors.New("an item was answered before its commit")
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var rows int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM group_items`).Scan(&rows)
		if rows != n || commits.Load() < n/8 || commits.Load() > n {
			t.Fatalf("%d rows in %d transactions, want %d rows in %d to %d", rows, commits.Load(), n, n/8, n)
		}
	})
}

// TestGroupFailure: a failed transaction is every item's error and writes
// none of them; a caller whose context ends stops waiting.
func TestGroupFailure(t *testing.T) {
	d := dbtest.SQLite(t)
	boom := errors.New("boom")
	release := make(chan struct{})
	g := &db.Group[string]{DB: d, Max: 4, Commit: func(ctx context.Context, tx *sql.Tx, items []string) error {
		<-release
		return boom
	}}
	first := g.Add("a")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Add("b").Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled wait returned %v", err)
	}
	close(release)
	if err := first.Wait(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("the item of a failed transaction returned %v", err)
	}
}
