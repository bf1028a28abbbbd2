package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/phpdave11/gofpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// layout measures and wraps text with the metrics of the core Helvetica
// font of the document being written, in the cp1252 (WinAnsi) encoding the
// document uses, so that every line fits its column.
type layout struct {
	f *gofpdf.Fpdf
}

// tr translates the cleaned string s to cp1252, the encoding of the text of
// the document: a rune without a code in it becomes '.'.
func tr(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			c = '.'
		}
		b = append(b, c)
	}
	return string(b)
}

// line is one wrapped line; last marks the end of a paragraph (or of a hard
// line break), which must not be justified.
type line struct {
	text string
	last bool
}

// clean normalises s so that every rune is representable in cp1252:
// newlines are kept, other control characters become spaces, and runes
// outside cp1252 are replaced by their base letter (NFD) or by '?'.
func (l *layout) clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == utf8.RuneError || unicode.IsControl(r):
			b.WriteByte(' ')
		case r < 0x80 || l.representable(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r):
			// zero-width and other format characters: drop
		case r == '‐' || r == '‑' || r == '‒' || r == '−':
			b.WriteByte('-')
		default:
			b.WriteRune(l.fallback(r))
		}
	}
	return b.String()
}

func (l *layout) representable(r rune) bool {
	_, ok := charmap.Windows1252.EncodeRune(r)
	return r < 0x80 || ok
}

// fallback returns the base letter of r when it has one in cp1252, or '?'.
func (l *layout) fallback(r rune) rune {
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) && l.representable(d) {
			return d
		}
	}
	return '?'
}

// width returns the width in mm of the already cleaned string s.
func (l *layout) width(s string) float64 {
	return l.f.GetStringWidth(tr(s))
}

func (l *layout) setFont(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	l.f.SetFont("Helvetica", style, size)
}

// wrap cleans s and breaks it into lines no wider than maxW millimetres.
// Words longer than a line are split. Runs of spaces collapse to one.
func (l *layout) wrap(s string, bold bool, size, maxW float64) []line {
	l.setFont(bold, size)
	var out []line
	for _, hard := range strings.Split(l.clean(s), "\n") {
		cur := ""
		for _, w := range strings.Split(hard, " ") {
			if w == "" {
				continue
			}
			if l.width(w) > maxW {
				chunks := l.chunks(w, maxW)
				if cur != "" {
					out = append(out, line{text: cur})
				}
				for _, c := range chunks[:len(chunks)-1] {
					out = append(out, line{text: c})
				}
				cur = chunks[len(chunks)-1]
				continue
			}
			cand := w
			if cur != "" {
				cand = cur + " " + w
			}
			if l.width(cand) <= maxW {
				cur = cand
				continue
			}
			out = append(out, line{text: cur})
			cur = w
		}
		out = append(out, line{text: cur, last: true})
	}
	return out
}

// chunks splits the word w into pieces that each fit maxW (a piece has at
// least one rune). Core fonts have no kerning, so widths add up rune by rune.
func (l *layout) chunks(w string, maxW float64) []string {
	var out []string
	start, acc := 0, 0.0
	for i, r := range w {
		rw := l.width(string(r))
		if i > start && acc+rw > maxW {
			out = append(out, w[start:i])
			start, acc = i, 0
		}
		acc += rw
	}
	return append(out, w[start:])
}

// texts returns the text of each line.
func texts(ls []line) []string {
	out := make([]string, len(ls))
	for i, ln := range ls {
		out[i] = ln.text
	}
	return out
}
