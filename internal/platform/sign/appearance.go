package sign

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"sync"
	"unicode"

	"github.com/phpdave11/gofpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The visible block's text: Helvetica in WinAnsi, at most blockMaxFont,
// with blockPad points of margin inside a thin grey frame.
const (
	blockMaxFont = 9.0
	blockPad     = 3.0
	blockLeading = 1.2
)

// helveticaWidths are the widths of Helvetica's WinAnsi glyphs in
// thousandths of the font size, from gofpdf's metrics of the core font.
var helveticaWidths = sync.OnceValue(func() (w [256]int) {
	f := gofpdf.New("P", "pt", "A4", "")
	f.SetFont("Helvetica", "", 10)
	for c := 1; c < 256; c++ {
		w[c] = f.GetStringSymbolWidth(string([]byte{byte(c)}))
	}
	return w
})

// appearance returns the form XObject that draws lines in a w × h box:
// the frame and the lines, as large as fits up to blockMaxFont.
func appearance(lines []string, w, h float64) []byte {
	enc := make([][]byte, len(lines))
	widest := 0
	for i, l := range lines {
		enc[i] = winAnsi(l)
		n := 0
		for _, c := range enc[i] {
			n += helveticaWidths()[c]
		}
		widest = max(widest, n)
	}
	size := blockMaxFont
	if len(lines) > 0 {
		size = min(size, (h-2*blockPad)/(blockLeading*float64(len(lines))))
	}
	if widest > 0 {
		size = min(size, (w-2*blockPad)*1000/float64(widest))
	}
	var s bytes.Buffer
	fmt.Fprintf(&s, "q 0.5 w 0.45 g 0.45 G 0.25 0.25 %s %s re S\n", pdfNum(w-0.5), pdfNum(h-0.5))
	fmt.Fprintf(&s, "1 1 %s %s re W n\nBT /F1 %s Tf 0.1 g\n", pdfNum(w-2), pdfNum(h-2), pdfNum(size))
	for i, l := range enc {
		y := h - blockPad - size*(0.8+blockLeading*float64(i))
		fmt.Fprintf(&s, "1 0 0 1 %s %s Tm ", pdfNum(blockPad), pdfNum(y))
		s.Write(pdfLiteral(l))
		s.WriteString(" Tj\n")
	}
	s.WriteString("ET Q\n")

	var b bytes.Buffer
	fmt.Fprintf(&b, "<</Type/XObject/Subtype/Form/BBox[0 0 %s %s]", pdfNum(w), pdfNum(h))
	b.WriteString("/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>>>>>")
	fmt.Fprintf(&b, "/Length %d>>\nstream\n", s.Len())
	b.Write(s.Bytes())
	b.WriteString("\nendstream")
	return b.Bytes()
}

// winAnsi encodes s in cp1252 (WinAnsiEncoding): a rune it lacks becomes
// its base letter, or '?'.
func winAnsi(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if unicode.IsControl(r) {
			r = ' '
		}
		c, ok := charmap.Windows1252.EncodeRune(r)
		for _, d := range norm.NFD.String(string(r)) {
			if ok {
				break
			}
			c, ok = charmap.Windows1252.EncodeRune(d)
		}
		if !ok {
			c = '?'
		}
		out = append(out, c)
	}
	return out
}

// literal writes b as a PDF literal string, escaping what must be and
// every byte outside printable ASCII.
func pdfLiteral(b []byte) []byte {
	out := []byte{'('}
	for _, c := range b {
		switch {
		case c == '(' || c == ')' || c == '\\':
			out = append(out, '\\', c)
		case c < ' ' || c > '~':
			out = append(out, fmt.Sprintf("\\%03o", c)...)
		default:
			out = append(out, c)
		}
	}
	return append(out, ')')
}

// num formats a coordinate rounded to hundredths of a point.
func pdfNum(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }
