package web_test

import (
	"testing"

	"concejo/internal/platform/web"
)

func TestJoin(t *testing.T) {
	for _, c := range []struct {
		sep  string
		in   []string
		want string
	}{
		{" ", []string{"Ana", "", "Pérez"}, "Ana Pérez"},
		{", ", []string{"Plaza Mayor, 1", web.Join(" ", " 10600 ", "Plasencia")}, "Plaza Mayor, 1, 10600 Plasencia"},
		{", ", []string{" ", "", "\t"}, ""},
		{" ", nil, ""},
	} {
		if got := web.Join(c.sep, c.in...); got != c.want {
			t.Errorf("Join(%q, %q) = %q, want %q", c.sep, c.in, got, c.want)
		}
	}
}
