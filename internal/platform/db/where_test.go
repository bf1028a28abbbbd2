package db_test

import (
	"fmt"
	"reflect"
	"strings"
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

// TestWhereLongIn: a long list of plain ids is inlined as literals (no
// placeholders); one id that could break out of a literal keeps the whole
// list in placeholders.
func TestWhereLongIn(t *testing.T) {
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("01J%023d", i)
	}
	var w db.Where
	w.Add("a = ?", 1)
	w.In("i.id", ids)
	if got := w.SQL(); !strings.HasPrefix(got, " WHERE a = $1 AND i.id IN ('01J00000000000000000000000', '01J") ||
		strings.Count(got, "'") != 200 || len(w.Args) != 1 {
		t.Fatalf("inlined: %s %v", got, w.Args)
	}
	var bad db.Where
	bad.In("i.id", append(ids, "x') OR 1=1 --"))
	if got := bad.SQL(); strings.Contains(got, "'") || len(bad.Args) != 101 {
		t.Fatalf("unsafe id inlined: %s", got)
	}
}
