package apptest

import (
	"context"
	"strings"
	"testing"
)

// Expect checks a response's status and that its visible text (or its raw
// body, for markup) has every want.
func Expect(t testing.TB, res Response, status int, want ...string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d (Location %q)\n%.1500s", res.Status, status, res.Location, Text(res.Body))
	}
	text := Text(res.Body)
	for _, w := range want {
		if !strings.Contains(text, w) && !strings.Contains(res.Body, w) {
			t.Fatalf("%q not in\n%.4000s", w, text)
		}
	}
}

// Count runs a query returning one number, such as a COUNT(*).
func (e *Env) Count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// String runs a query returning one string ("" when no row).
func (e *Env) String(t testing.TB, query string, args ...any) string {
	t.Helper()
	var s string
	e.DB.QueryRowContext(context.Background(), query, args...).Scan(&s)
	return s
}
