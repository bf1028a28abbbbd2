package db_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestContainsAndHasPrefix: on both engines, the wildcards and the escape
// character in a user's text match only themselves.
func TestContainsAndHasPrefix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE like_probe (s TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"al 100%", "fichero_final", `c:\tmp`, "llano", "%inicio", "_inicio"} {
			if _, err := d.ExecContext(ctx, `INSERT INTO like_probe (s) VALUES ($1)`, s); err != nil {
				t.Fatal(err)
			}
		}
		find := func(cond func(w *db.Where) string) []string {
			t.Helper()
			w := &db.Where{}
			w.Add(cond(w))
			got, err := db.Collect(ctx, d, func(r db.Scanner) (string, error) {
				var s string
				return s, r.Scan(&s)
			}, `SELECT s FROM like_probe`+w.SQL(), w.Args...)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			return got
		}
		for _, c := range []struct {
			name string
			cond func(w *db.Where) string
			want []string
		}{
			{"contains %", func(w *db.Where) string { return w.Contains("s", "%") }, []string{"%inicio", "al 100%"}},
			{"contains _", func(w *db.Where) string { return w.Contains("s", "_") }, []string{"_inicio", "fichero_final"}},
			{`contains \`, func(w *db.Where) string { return w.Contains("s", `\`) }, []string{`c:\tmp`}},
			{"contains lla", func(w *db.Where) string { return w.Contains("s", "lla") }, []string{"llano"}},
			{"prefix %", func(w *db.Where) string { return w.HasPrefix("s", "%") }, []string{"%inicio"}},
			{"prefix _", func(w *db.Where) string { return w.HasPrefix("s", "_") }, []string{"_inicio"}},
			{"prefix fich", func(w *db.Where) string { return w.HasPrefix("s", "fich") }, []string{"fichero_final"}},
		} {
			if got := find(c.cond); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
	})
}
