package apptest

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// HomeCount is the number the person's home says with re: re's first
// submatch, 1 when re matched without it (the "Un …" form), 0 when the
// home does not say it.
func (c *Client) HomeCount(t testing.TB, re *regexp.Regexp) int {
	t.Helper()
	res := c.Get("/")
	if res.Status != http.StatusOK {
		t.Fatalf("home: %d", res.Status)
	}
	m := re.FindStringSubmatch(Text(res.Body))
	switch {
	case m == nil:
		return 0
	case len(m) < 2 || m[1] == "":
		return 1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatalf("home count %q: %v", m[1], err)
	}
	return n
}
