package apptest

import (
	"context"
	"net/http"
	"net/url"
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

// ExpectLiteralSearch checks that a search takes the LIKE wildcards % and _
// literally. list is the search page's path ending in its query parameter
// ("/usuarios?q="); percent and underscore are texts shown only by a record
// whose searched text contains "%", resp. "_", and plain by one that
// contains neither. Searching "%" must show percent alone, and "_"
// underscore alone.
func ExpectLiteralSearch(t testing.TB, c *Client, list, percent, underscore, plain string) {
	t.Helper()
	for _, s := range []struct{ query, found string }{{"%", percent}, {"_", underscore}} {
		res := c.Get(list + url.QueryEscape(s.query))
		Expect(t, res, http.StatusOK, s.found)
		text := Text(res.Body)
		for _, other := range []string{percent, underscore, plain} {
			if other != s.found && strings.Contains(text, other) {
				t.Errorf("a search for %q shows %q, whose text has no %q", s.query, other, s.query)
			}
		}
	}
}
