package db_test

import (
	"reflect"
	"testing"

	"concejo/internal/platform/db"
)

func TestWhere(t *testing.T) {
	var w db.Where
	if w.SQL() != "" {
		t.Fatalf("empty: %q", w.SQL())
	}
	join := "JOIN m ON m.id = " + w.Arg("m1")
	w.Add("a = ? AND b LIKE '%' || ? || '%'", 1, "x")
	w.Add("c IN (" + w.List("p", "q") + ")")
	w.InScope("e.id", db.Scope{All: true})
	w.InScope("e.id", db.Scope{IDs: []string{"e1"}})
	w.In("f", nil)
	if join != "JOIN m ON m.id = $1" {
		t.Errorf("join: %q", join)
	}
	want := " WHERE a = $2 AND b LIKE '%' || $3 || '%' AND c IN ($4, $5) AND e.id IN ($6) AND 1 = 0"
	if got := w.SQL(); got != want {
		t.Errorf("SQL:\n%s\nwant\n%s", got, want)
	}
	if want := []any{"m1", 1, "x", "p", "q", "e1"}; !reflect.DeepEqual(w.Args, want) {
		t.Errorf("Args = %v, want %v", w.Args, want)
	}
}
