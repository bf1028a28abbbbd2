package refdata

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, removes diacritics (á→a, ñ→n, ü→u, ç→c...) and trims
// it: the form search_text columns are stored in and search input is
// compared with. It does not collapse inner spaces.
func Fold(s string) string {
	s = strings.TrimSpace(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Slug folds s and keeps only ASCII letters and digits, as in the demo's
// e-mail domains: "Aldeanueva del Camino" → "aldeanuevadelcamino".
func Slug(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
