package id

import (
	"strings"
	"testing"
)

func TestNewIsUniqueOrderedAndWellFormed(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 2000; i++ {
		v := New()
		if len(v) != 26 || strings.Trim(v, alphabet) != "" {
			t.Fatalf("malformed id %q", v)
		}
		if seen[v] {
			t.Fatalf("duplicate id %q", v)
		}
		seen[v] = true
		if v[:10] < prev[:min(10, len(prev))] {
			t.Fatalf("time prefix went backwards: %q after %q", v, prev)
		}
		prev = v
	}
}

func TestTokenLength(t *testing.T) {
	if got := len(Token(20)); got != 32 {
		t.Fatalf("Token(20) has %d characters, want 32", got)
	}
	if Token(20) == Token(20) {
		t.Fatal("two tokens are equal")
	}
}
