package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/phpdave11/gofpdf"
)

// Document is a simple official document: heading block, title, paragraphs,
// key/value table, signature block and a footer with the CSV code.
type Document struct {
	Issuer         string   // e.g. "Diputación Provincial de Cáceres"
	IssuerSub      string   // e.g. "Área de Tecnologías de la Información"
	Title          string   // document title, printed centred in bold
	Reference      string   // e.g. "Adhesión ADH-2026-000123"
	Fields         []Field  // key/value rows
	Paragraphs     []string // body text; "\n" inside a paragraph forces a line break
	SignatureLines []string // e.g. "El/La Alcalde/sa-Presidente/a", "Fdo.: ..."
	CSV            string   // código seguro de verificación, printed in the footer of every page
	VerifyURL      string   // printed and encoded as a QR code in the footer, when non-empty
	Date           time.Time
	// NoPageNumbers leaves out "Página n de N": for a page that goes into
	// another document, which numbers its pages itself.
	NoPageNumbers bool
}

// Field is one row of the key/value table of a [Document].
type Field struct {
	Label string
	Value string
}

// ErrVerifyURLTooLong is returned by [Render] when Document.VerifyURL cannot
// be encoded as a QR code.
var ErrVerifyURLTooLong = errors.New("La URL de verificación es demasiado larga para el código QR.")

// Page geometry in millimetres (A4 portrait).
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	marginX      = 20.0
	marginTop    = 15.0
	marginBottom = 15.0
	contentWidth = pageWidth - 2*marginX
	gridSize     = 12
	qrSize       = 20.0
	qrPercent    = 0.85 // of the QR cell's smaller side
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	black     = rgb{0, 0, 0}
	darkGray  = rgb{80, 80, 80}
	lineGray  = rgb{170, 170, 170}
	headColor = rgb{20, 50, 95}
)

// alignment is how a line sits in its column.
type alignment int

const (
	alignLeft alignment = iota
	alignCenter
	alignRight
	alignJustify
)

// style is a text style used to build rows.
type style struct {
	size  float64
	bold  bool
	align alignment
	color rgb
}

var (
	issuerStyle = style{size: 12, bold: true, align: alignLeft, color: headColor}
	subStyle    = style{size: 9.5, align: alignLeft, color: darkGray}
	titleStyle  = style{size: 15, bold: true, align: alignCenter, color: black}
	refStyle    = style{size: 10.5, align: alignCenter, color: darkGray}
	dateStyle   = style{size: 10.5, align: alignRight, color: black}
	labelStyle  = style{size: 10, bold: true, align: alignLeft, color: black}
	valueStyle  = style{size: 10, align: alignLeft, color: black}
	bodyStyle   = style{size: 10.5, align: alignJustify, color: black}
	signStyle   = style{size: 10.5, align: alignCenter, color: black}
	footStyle   = style{size: 8, align: alignLeft, color: darkGray}
	pageStyle   = style{size: 8, align: alignRight, color: darkGray}
)

func (s style) lineHeight() float64 { return s.size * ptToMM * 1.35 }

// Render lays out d as an A4 PDF and returns its bytes. Text is wrapped and
// paginated automatically; the heading block is repeated on every page and
// the footer carries the CSV, the verification URL with its QR code and the
// page number. A zero Date means the current time.
//
// The document is written directly with the core Helvetica font (nothing
// to embed) and the QR code drawn as vector squares, so a one-page
// document takes well under a millisecond of layout.
func Render(d Document) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pdf: no se pudo generar el documento: %v", r)
		}
	}()
	var code barcode.Barcode
	if d.VerifyURL != "" {
		if code, err = qr.Encode(d.VerifyURL, qr.M, qr.Auto); err != nil {
			return nil, ErrVerifyURLTooLong
		}
	}
	date := d.Date
	if date.IsZero() {
		date = time.Now()
	}
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetTitle(d.Title, true)
	f.SetAuthor(d.Issuer, true)
	f.SetSubject(d.Reference, true)
	f.SetCreator("Concejo", true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.AliasNbPages(totalPages)
	b := builder{l: &layout{f: f}}
	p := &pager{f: f, header: b.header(d), footer: b.footer(d, code), numbered: !d.NoPageNumbers}
	for _, r := range b.body(d, date) {
		p.add(r)
	}
	if f.PageNo() == 0 {
		p.newPage()
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: no se pudo generar el documento: %w", err)
	}
	return buf.Bytes(), nil
}

// totalPages is the placeholder replaced by the number of pages.
const totalPages = "{nb}"

// row is a horizontal band of the content width: its height and how to
// draw it with its top at y. A row is never split across pages.
type row struct {
	h    float64
	draw func(y float64)
}

// pager places rows one below the other, starting a new page (with the
// header at its top and the footer at its bottom) when the next row does
// not fit above the footer.
type pager struct {
	f              *gofpdf.Fpdf
	header, footer []row
	y              float64
	fresh          bool // nothing but the header on the current page
	numbered       bool // "Página n de N" at the foot
}

func height(rows []row) float64 {
	h := 0.0
	for _, r := range rows {
		h += r.h
	}
	return h
}

func (p *pager) newPage() {
	p.f.AddPage()
	y := pageHeight - marginBottom - height(p.footer)
	for _, r := range p.footer {
		r.draw(y)
		y += r.h
	}
	if p.numbered {
		drawText(p.f, fmt.Sprintf("Página %d de %s", p.f.PageNo(), totalPages), pageStyle, pageStyle.align,
			marginX, contentWidth, pageHeight-marginBottom+pageStyle.size*ptToMM+1)
	}
	p.y, p.fresh = marginTop, true
	for _, r := range p.header {
		r.draw(p.y)
		p.y += r.h
	}
}

func (p *pager) add(r row) {
	if p.f.PageNo() == 0 || (!p.fresh && p.y+r.h > pageHeight-marginBottom-height(p.footer)) {
		p.newPage()
	}
	r.draw(p.y)
	p.y += r.h
	p.fresh = false
}

// drawText draws the cleaned line s in style st, aligned al inside the
// column [x, x+w], with its baseline at y.
func drawText(f *gofpdf.Fpdf, s string, st style, al alignment, x, w, y float64) {
	if s == "" {
		return
	}
	fs := ""
	if st.bold {
		fs = "B"
	}
	f.SetFont("Helvetica", fs, st.size)
	f.SetTextColor(st.color.r, st.color.g, st.color.b)
	enc := tr(s)
	switch al {
	case alignLeft:
		f.Text(x, y, enc)
	case alignCenter:
		f.Text(x+(w-f.GetStringWidth(enc))/2, y, enc)
	case alignRight:
		f.Text(x+w-f.GetStringWidth(enc), y, enc)
	case alignJustify:
		justify(f, enc, x, w, y)
	}
}

// justify spreads the words of the cp1252 line s over the width w.
func justify(f *gofpdf.Fpdf, s string, x, w, y float64) {
	words := splitWords(s)
	ink := 0.0
	for _, word := range words {
		ink += f.GetStringWidth(word)
	}
	gap := f.GetStringWidth(" ")
	if len(words) > 1 {
		gap = max(gap, (w-ink)/float64(len(words)-1))
	}
	for _, word := range words {
		f.Text(x, y, word)
		x += f.GetStringWidth(word) + gap
	}
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ' ' && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case s[i] != ' ' && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// hline draws a horizontal rule across the content width.
func hline(f *gofpdf.Fpdf, y, thickness float64, c rgb) {
	f.SetDrawColor(c.r, c.g, c.b)
	f.SetLineWidth(thickness)
	f.Line(marginX, y, marginX+contentWidth, y)
}

// drawQR draws code as squares, side mm wide, with its top left corner at
// (x, y): one rectangle per run of dark modules in a row, all filled as one
// path.
func drawQR(f *gofpdf.Fpdf, code barcode.Barcode, x, y, side float64) {
	bounds := code.Bounds()
	n := bounds.Dx()
	m := side / float64(n)
	k, pageH := f.GetConversionRatio(), pageHeight
	path := make([]byte, 0, 4096)
	num := func(v float64) { path = append(strconv.AppendFloat(path, v, 'f', 2, 64), ' ') }
	for j := range bounds.Dy() {
		run := -1
		for i := 0; i <= n; i++ {
			dark := i < n && isDark(code, bounds.Min.X+i, bounds.Min.Y+j)
			switch {
			case dark && run < 0:
				run = i
			case !dark && run >= 0:
				// A hair of overlap keeps viewers from showing seams.
				num((x + float64(run)*m) * k)
				num((pageH - y - float64(j)*m) * k)
				num((float64(i-run)*m + 0.01) * k)
				num(-(m + 0.01) * k)
				path = append(path, "re\n"...)
				run = -1
			}
		}
	}
	f.SetFillColor(0, 0, 0)
	f.RawWriteStr(string(append(path, 'f')))
}

func isDark(code barcode.Barcode, x, y int) bool {
	r, _, _, _ := code.At(x, y).RGBA()
	return r < 0x8000
}

type builder struct{ l *layout }

func colWidth(size int) float64 { return contentWidth * float64(size) / gridSize }

func spacer(h float64) row { return row{h: h, draw: func(float64) {}} }

// block returns a row of the lines stacked in style st in the column
// [x, x+w]; a row is never split across pages.
func (b builder) block(lines []string, st style, x, w float64) row {
	lh := st.lineHeight()
	f := b.l.f
	return row{h: float64(len(lines)) * lh, draw: func(y float64) {
		for i, t := range lines {
			drawText(f, t, st, st.align, x, w, y+float64(i)*lh+st.size*ptToMM)
		}
	}}
}

// keepTogether is the tallest block (mm) that is kept on a single page;
// taller ones are split into one row per line so that they paginate.
const keepTogether = 80.0

// lineRows returns lines as one unsplittable row, or as one row per line
// when the block would be taller than keepTogether.
func (b builder) lineRows(lines []string, st style) []row {
	if len(lines) == 0 {
		return nil
	}
	if float64(len(lines))*st.lineHeight() <= keepTogether {
		return []row{b.block(lines, st, marginX, contentWidth)}
	}
	rows := make([]row, 0, len(lines))
	for _, t := range lines {
		rows = append(rows, b.block([]string{t}, st, marginX, contentWidth))
	}
	return rows
}

// blockRow wraps s to the full width and returns it as rows (see lineRows),
// or nil when s is empty.
func (b builder) blockRow(s string, st style) []row {
	if s == "" {
		return nil
	}
	return b.lineRows(texts(b.l.wrap(s, st.bold, st.size, contentWidth)), st)
}

func (b builder) header(d Document) []row {
	var rows []row
	rows = append(rows, b.blockRow(d.Issuer, issuerStyle)...)
	rows = append(rows, b.blockRow(d.IssuerSub, subStyle)...)
	f := b.l.f
	return append(rows, row{h: 3, draw: func(y float64) { hline(f, y+1.5, 0.4, lineGray) }}, spacer(3))
}

func (b builder) footer(d Document, code barcode.Barcode) []row {
	msg := ""
	switch {
	case d.CSV != "" && d.VerifyURL != "":
		msg = "CSV: " + d.CSV + " — Verificable en " + d.VerifyURL
	case d.CSV != "":
		msg = "CSV: " + d.CSV
	case d.VerifyURL != "":
		msg = "Verificable en " + d.VerifyURL
	}
	f := b.l.f
	sep := row{h: 2, draw: func(y float64) { hline(f, y+1, 0.3, lineGray) }}
	if msg == "" {
		return []row{sep}
	}
	textCols := gridSize
	if code != nil {
		textCols = gridSize - 2
	}
	ls := b.l.wrap(msg, footStyle.bold, footStyle.size, colWidth(textCols)-2)
	text := b.block(texts(ls), footStyle, marginX, colWidth(textCols))
	if code == nil {
		text.h += 3
		return []row{sep, text}
	}
	h := max(text.h, qrSize) + 3
	cellX, cellW := marginX+colWidth(textCols), colWidth(gridSize-textCols)
	side := qrPercent * min(cellW, h)
	return []row{sep, {h: h, draw: func(y float64) {
		text.draw(y)
		drawQR(f, code, cellX+(cellW-side)/2, y+(h-side)/2, side)
	}}}
}

func (b builder) body(d Document, date time.Time) []row {
	rows := []row{spacer(4)}
	rows = append(rows, b.blockRow(d.Title, titleStyle)...)
	rows = append(rows, b.blockRow(d.Reference, refStyle)...)
	rows = append(rows, spacer(2))
	rows = append(rows, b.blockRow(SpanishDate(date), dateStyle)...)
	if len(d.Fields) > 0 {
		rows = append(rows, spacer(4))
		for _, f := range d.Fields {
			rows = append(rows, b.field(f)...)
		}
	}
	rows = append(rows, spacer(6))
	for _, p := range d.Paragraphs {
		rows = append(rows, b.paragraph(p)...)
		rows = append(rows, spacer(3))
	}
	return append(rows, b.signature(d.SignatureLines)...)
}

// field renders one key/value pair as one row per wrapped line, so that
// long values can continue on the next page, with a rule below the pair.
func (b builder) field(fd Field) []row {
	const pad = 1.5
	const labelCols = 4
	labelW, valueX, valueW := colWidth(labelCols), marginX+colWidth(labelCols), colWidth(gridSize-labelCols)
	labels := texts(b.l.wrap(fd.Label, labelStyle.bold, labelStyle.size, labelW-2))
	values := texts(b.l.wrap(fd.Value, valueStyle.bold, valueStyle.size, valueW))
	n := max(len(labels), len(values))
	lh := valueStyle.lineHeight()
	f := b.l.f
	rows := make([]row, 0, n)
	for i := range n {
		top, h := 0.0, lh
		if i == 0 {
			top, h = pad, h+pad
		}
		last := i == n-1
		if last {
			h += pad
		}
		var label, value string
		if i < len(labels) {
			label = labels[i]
		}
		if i < len(values) {
			value = values[i]
		}
		rows = append(rows, row{h: h, draw: func(y float64) {
			drawText(f, label, labelStyle, alignLeft, marginX, labelW, y+top+labelStyle.size*ptToMM)
			drawText(f, value, valueStyle, alignLeft, valueX, valueW, y+top+valueStyle.size*ptToMM)
			if last {
				hline(f, y+h, 0.2, lineGray)
			}
		}})
	}
	return rows
}

// paragraph renders p justified, one row per line so that it flows across
// pages; the last line of each paragraph is left aligned.
func (b builder) paragraph(p string) []row {
	lh := bodyStyle.lineHeight()
	ls := b.l.wrap(p, bodyStyle.bold, bodyStyle.size, contentWidth)
	f := b.l.f
	rows := make([]row, 0, len(ls))
	for _, ln := range ls {
		al := bodyStyle.align
		if ln.last {
			al = alignLeft
		}
		rows = append(rows, row{h: lh, draw: func(y float64) {
			drawText(f, ln.text, bodyStyle, al, marginX, contentWidth, y+bodyStyle.size*ptToMM)
		}})
	}
	return rows
}

// signature renders the signature lines centred, kept together on one page
// unless they are too long for that.
func (b builder) signature(lines []string) []row {
	var all []string
	for _, s := range lines {
		all = append(all, texts(b.l.wrap(s, signStyle.bold, signStyle.size, contentWidth))...)
	}
	if len(all) == 0 {
		return nil
	}
	return append([]row{spacer(10)}, b.lineRows(all, signStyle)...)
}
