// Package pdfbook writes long text-only PDF books (the libro de
// resoluciones, the libro de actas) page by page to an io.Writer: only the
// byte offset of each object is kept, so memory does not grow with the
// book. Every page carries a header and its sheet number ("Hoja n",
// numbered from 1 as ROF art. 199 asks of the official books).
//
// It imports no module.
package pdfbook

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer writes a text-only A4 PDF page by page to w, so a year's book
// of any size is streamed: only the byte offset of each object is kept.
// Text is Helvetica in WinAnsiEncoding (every Spanish character); lines
// are wrapped by the standard Helvetica widths. Every page carries a header
// and its sheet number ("Hoja n", ROF art. 199: numbered from 1).
type Writer struct {
	w       *bufio.Writer
	n       int64   // bytes written
	offsets []int64 // offset of object i+1
	pages   []int   // page object numbers
	header  string
	content bytes.Buffer // the current page's content stream
	y       float64      // baseline of the next line
	open    bool
	err     error
}

// Page geometry in points (A4).
const (
	pageW, pageH = 595.28, 841.89
	marginL      = 56.7 // 20 mm
	marginR      = 56.7
	marginTop    = 70.0
	marginBottom = 60.0
	// TextWidth is the width of a line of text, in points.
	TextWidth      = pageW - marginL - marginR
	objCatalog     = 1
	objPages       = 2
	objFont        = 3
	objFontBold    = 4
	firstFreeObjID = 5
)

type countWriter struct {
	w io.Writer
	n *int64
}

func (c countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// New starts the PDF on out; header is printed atop every page.
func New(out io.Writer, header string) *Writer {
	b := &Writer{header: header, offsets: make([]int64, firstFreeObjID-1)}
	b.w = bufio.NewWriterSize(countWriter{out, &b.n}, 32<<10)
	b.printf("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n")
	b.object(objCatalog, "<< /Type /Catalog /Pages 2 0 R >>")
	b.object(objFont, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	b.object(objFontBold, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	return b
}

func (b *Writer) printf(format string, args ...any) {
	if b.err == nil {
		_, b.err = fmt.Fprintf(b.w, format, args...)
	}
}

// newObject reserves the next object number.
func (b *Writer) newObject() int {
	b.offsets = append(b.offsets, 0)
	return len(b.offsets)
}

// object writes object num with body.
func (b *Writer) object(num int, body string) {
	b.offsets[num-1] = b.n + int64(b.w.Buffered())
	b.printf("%d 0 obj\n%s\nendobj\n", num, body)
}

// PageBreak ends the current page (if any) and starts a new one.
func (b *Writer) PageBreak() {
	b.endPage()
	b.open = true
	b.content.Reset()
	b.y = pageH - marginTop
	b.text(marginL, pageH-40, false, 8.5, b.header)
	b.text(pageW-marginR-60, 30, false, 8.5, fmt.Sprintf("Hoja %d", len(b.pages)+1))
	b.content.WriteString(fmt.Sprintf("0.6 G 0.5 w %.2f %.2f m %.2f %.2f l S\n", marginL, pageH-46, pageW-marginR, pageH-46))
}

// endPage writes the current page's content stream and page object.
func (b *Writer) endPage() {
	if !b.open {
		return
	}
	b.open = false
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(b.content.Bytes())
	zw.Close()
	contents := b.newObject()
	b.offsets[contents-1] = b.n + int64(b.w.Buffered())
	b.printf("%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", contents, z.Len())
	if b.err == nil {
		_, b.err = b.w.Write(z.Bytes())
	}
	b.printf("\nendstream\nendobj\n")
	page := b.newObject()
	b.object(page, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "+
		"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", pageW, pageH, contents))
	b.pages = append(b.pages, page)
}

// text draws one line at (x, y).
func (b *Writer) text(x, y float64, bold bool, size float64, s string) {
	font := "F1"
	if bold {
		font = "F2"
	}
	fmt.Fprintf(&b.content, "BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n", font, size, x, y, pdfString(s))
}

// Line adds wrapped text in a new line, centred when center is set,
// breaking the page when it is full.
func (b *Writer) Line(s string, bold bool, size float64, center bool) {
	for _, ln := range Wrap(s, bold, size, TextWidth) {
		if !b.open || b.y < marginBottom {
			b.PageBreak()
		}
		x := marginL
		if center {
			x = marginL + (TextWidth-Width(ln, bold, size))/2
		}
		b.text(x, b.y, bold, size, ln)
		b.y -= size * 1.4
	}
}

// Paragraph adds a paragraph and a gap after it.
func (b *Writer) Paragraph(s string, bold bool, size float64) {
	for _, ln := range strings.Split(s, "\n") {
		b.Line(ln, bold, size, false)
	}
	b.Gap(size * 0.6)
}

// Gap leaves vertical space.
func (b *Writer) Gap(h float64) { b.y -= h }

// Rule draws a separating line.
func (b *Writer) Rule() {
	if !b.open || b.y < marginBottom+10 {
		b.PageBreak()
	}
	fmt.Fprintf(&b.content, "0.7 G 0.5 w %.2f %.2f m %.2f %.2f l S\n", marginL, b.y+4, pageW-marginR, b.y+4)
	b.Gap(14)
}

// Err is the first error met writing to the output, if any.
func (b *Writer) Err() error { return b.err }

// Pages is the number of sheets written so far (the current one included).
func (b *Writer) Pages() int {
	if b.open {
		return len(b.pages) + 1
	}
	return len(b.pages)
}

// Close ends the last page and writes the page tree, the info, the
// cross-reference table and the trailer.
func (b *Writer) Close(title string) error {
	b.endPage()
	kids := make([]string, len(b.pages))
	for i, p := range b.pages {
		kids[i] = fmt.Sprintf("%d 0 R", p)
	}
	b.object(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(b.pages)))
	info := b.newObject()
	b.object(info, fmt.Sprintf("<< /Title (%s) /Producer (Concejo) >>", pdfString(title)))
	xref := b.n + int64(b.w.Buffered())
	b.printf("xref\n0 %d\n0000000000 65535 f \n", len(b.offsets)+1)
	for _, off := range b.offsets {
		b.printf("%010d 00000 n \n", off)
	}
	b.printf("trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(b.offsets)+1, info, xref)
	if b.err != nil {
		return b.err
	}
	return b.w.Flush()
}

// winAnsi maps the characters outside Latin-1 that WinAnsiEncoding has.
var winAnsi = map[rune]byte{'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99}

// encode turns s into WinAnsi bytes ('?' for what it lacks).
func encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\t':
			out = append(out, ' ')
		case r < 0x20 || r == utf8.RuneError:
		case r < 0x80 || (r >= 0xa0 && r <= 0xff):
			out = append(out, byte(r))
		default:
			if c, ok := winAnsi[r]; ok {
				out = append(out, c)
			} else {
				out = append(out, '?')
			}
		}
	}
	return out
}

// pdfString is s encoded and escaped for a PDF literal string.
func pdfString(s string) string {
	var b strings.Builder
	for _, c := range encode(s) {
		if c == '(' || c == ')' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// helvetica are the widths (per 1000 em) of the printable ASCII
// characters of Helvetica, from ' ' (32) to '~' (126).
var helvetica = [...]int{278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
	667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611,
	722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
	556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278,
	556, 500, 722, 500, 500, 500, 334, 260, 334, 584}

// Width is the width of s in points; bold text is taken 8 % wider, and
// accented letters as wide as their base letter (556 by default).
func Width(s string, bold bool, size float64) float64 {
	total := 0
	for _, c := range encode(s) {
		if c >= 32 && c <= 126 {
			total += helvetica[c-32]
		} else {
			total += 600
		}
	}
	w := float64(total) * size / 1000
	if bold {
		w *= 1.08
	}
	return w
}

// Wrap breaks s into lines no wider than maxW (a word longer than a line
// is cut).
func Wrap(s string, bold bool, size, maxW float64) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := ""
	for _, w := range words {
		for Width(w, bold, size) > maxW {
			if cur != "" {
				lines, cur = append(lines, cur), ""
			}
			cut := len(w)
			for cut > 1 && Width(w[:cut], bold, size) > maxW {
				_, sz := utf8.DecodeLastRuneInString(w[:cut])
				cut -= sz
			}
			lines, w = append(lines, w[:cut]), w[cut:]
		}
		switch {
		case cur == "":
			cur = w
		case Width(cur+" "+w, bold, size) <= maxW:
			cur += " " + w
		default:
			lines, cur = append(lines, cur), w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
