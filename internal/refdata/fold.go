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

// Hyphenated folds s and joins its words (runs of ASCII letters and digits)
// with dashes, at most 80 bytes: a URL segment or a file name made of a
// title ("Informe técnico (art. 80)" → "informe-tecnico-art-80"); "" when s
// has no letter or digit.
func Hyphenated(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 80 {
				break
			}
		} else {
			dash = true
		}
	}
	return b.String()
}
