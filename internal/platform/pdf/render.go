package pdf

import (
	"errors"
	"fmt"
	"time"

	"github.com/boombuler/barcode/qr"
	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/code"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	mline "github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
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
	marginX      = 20.0
	marginTop    = 15.0
	marginBottom = 15.0
	contentWidth = 210 - 2*marginX
	gridSize     = 12
	qrSize       = 20.0
)

var (
	black     = props.Color{Red: 0, Green: 0, Blue: 0}
	darkGray  = props.Color{Red: 80, Green: 80, Blue: 80}
	lineGray  = props.Color{Red: 170, Green: 170, Blue: 170}
	headColor = props.Color{Red: 20, Green: 50, Blue: 95}
)

// style is a text style used to build rows.
type style struct {
	size  float64
	bold  bool
	align align.Type
	color props.Color
}

var (
	issuerStyle = style{size: 12, bold: true, align: align.Left, color: headColor}
	subStyle    = style{size: 9.5, align: align.Left, color: darkGray}
	titleStyle  = style{size: 15, bold: true, align: align.Center, color: black}
	refStyle    = style{size: 10.5, align: align.Center, color: darkGray}
	dateStyle   = style{size: 10.5, align: align.Right, color: black}
	labelStyle  = style{size: 10, bold: true, align: align.Left, color: black}
	valueStyle  = style{size: 10, align: align.Left, color: black}
	bodyStyle   = style{size: 10.5, align: align.Justify, color: black}
	signStyle   = style{size: 10.5, align: align.Center, color: black}
	footStyle   = style{size: 8, align: align.Left, color: darkGray}
)

func (s style) lineHeight() float64 { return s.size * ptToMM * 1.35 }

func (s style) props(top float64, al align.Type) props.Text {
	fs := fontstyle.Normal
	if s.bold {
		fs = fontstyle.Bold
	}
	c := s.color
	return props.Text{Top: top, Size: s.size, Style: fs, Align: al, Color: &c}
}

// Render lays out d as an A4 PDF and returns its bytes. Text is wrapped and
// paginated automatically; the heading block is repeated on every page and
// the footer carries the CSV, the verification URL with its QR code and the
// page number. A zero Date means the current time.
func Render(d Document) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pdf: no se pudo generar el documento: %v", r)
		}
	}()
	if d.VerifyURL != "" {
		if _, qerr := qr.Encode(d.VerifyURL, qr.M, qr.Auto); qerr != nil {
			return nil, ErrVerifyURLTooLong
		}
	}
	date := d.Date
	if date.IsZero() {
		date = time.Now()
	}
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(marginX).
		WithRightMargin(marginX).
		WithTopMargin(marginTop).
		WithBottomMargin(marginBottom).
		WithCompression(true).
		WithTitle(d.Title, true).
		WithAuthor(d.Issuer, true).
		WithSubject(d.Reference, true).
		WithCreator("Concejo", false).
		WithCreationDate(date).
		WithPageNumber(props.PageNumber{
			Pattern: "Página {current} de {total}",
			Place:   props.RightBottom,
			Size:    8,
			Color:   &darkGray,
		}).
		Build()
	m := maroto.New(cfg)
	b := builder{l: newLayout()}
	if err := m.RegisterFooter(b.footer(d)...); err != nil {
		return nil, fmt.Errorf("pdf: pie de página: %w", err)
	}
	if err := m.RegisterHeader(b.header(d)...); err != nil {
		return nil, fmt.Errorf("pdf: cabecera: %w", err)
	}
	m.AddRows(b.body(d, date)...)
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("pdf: no se pudo generar el documento: %w", err)
	}
	return doc.GetBytes(), nil
}

type builder struct{ l *layout }

func colWidth(size int) float64 { return contentWidth * float64(size) / gridSize }

func spacer(h float64) core.Row { return row.New(h) }

// block returns a column holding lines stacked at fixed offsets, and its
// height. Blocks are placed in a single row and so never split across pages.
func (b builder) block(lines []string, s style, size int) (core.Col, float64) {
	c := col.New(size)
	lh := s.lineHeight()
	for i, t := range lines {
		c.Add(text.New(t, s.props(float64(i)*lh, s.align)))
	}
	return c, float64(len(lines)) * lh
}

// keepTogether is the tallest block (mm) that is kept on a single page;
// taller ones are split into one row per line so that they paginate.
const keepTogether = 80.0

// lineRows returns lines as one unsplittable row, or as one row per line
// when the block would be taller than keepTogether.
func (b builder) lineRows(lines []string, st style) []core.Row {
	if len(lines) == 0 {
		return nil
	}
	if float64(len(lines))*st.lineHeight() <= keepTogether {
		c, h := b.block(lines, st, gridSize)
		return []core.Row{row.New(h).Add(c)}
	}
	rows := make([]core.Row, 0, len(lines))
	for _, t := range lines {
		c, h := b.block([]string{t}, st, gridSize)
		rows = append(rows, row.New(h).Add(c))
	}
	return rows
}

// blockRow wraps s to the full width and returns it as rows (see lineRows),
// or nil when s is empty.
func (b builder) blockRow(s string, st style) []core.Row {
	if s == "" {
		return nil
	}
	return b.lineRows(texts(b.l.wrap(s, st.bold, st.size, contentWidth)), st)
}

func (b builder) header(d Document) []core.Row {
	var rows []core.Row
	rows = append(rows, b.blockRow(d.Issuer, issuerStyle)...)
	rows = append(rows, b.blockRow(d.IssuerSub, subStyle)...)
	rows = append(rows,
		mline.NewRow(3, props.Line{Color: &lineGray, Thickness: 0.4, OffsetPercent: 50, SizePercent: 100}),
		spacer(3))
	return rows
}

func (b builder) footer(d Document) []core.Row {
	msg := ""
	switch {
	case d.CSV != "" && d.VerifyURL != "":
		msg = "CSV: " + d.CSV + " — Verificable en " + d.VerifyURL
	case d.CSV != "":
		msg = "CSV: " + d.CSV
	case d.VerifyURL != "":
		msg = "Verificable en " + d.VerifyURL
	}
	sep := mline.NewRow(2, props.Line{Color: &lineGray, Thickness: 0.3, OffsetPercent: 50, SizePercent: 100})
	if msg == "" {
		return []core.Row{sep}
	}
	textCols := gridSize
	if d.VerifyURL != "" {
		textCols = gridSize - 2
	}
	ls := b.l.wrap(msg, footStyle.bold, footStyle.size, colWidth(textCols)-2)
	c, h := b.block(texts(ls), footStyle, textCols)
	cols := []core.Col{c}
	if d.VerifyURL != "" {
		h = max(h, qrSize)
		cols = append(cols, code.NewQrCol(2, d.VerifyURL, props.Rect{Center: true, Percent: 85}))
	}
	return []core.Row{sep, row.New(h + 3).Add(cols...)}
}

func (b builder) body(d Document, date time.Time) []core.Row {
	rows := []core.Row{spacer(4)}
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
	rows = append(rows, b.signature(d.SignatureLines)...)
	return rows
}

// field renders one key/value pair as one row per wrapped line, so that
// long values can continue on the next page, with a rule below the pair.
func (b builder) field(f Field) []core.Row {
	const pad = 1.5
	const labelCols = 4
	labels := texts(b.l.wrap(f.Label, labelStyle.bold, labelStyle.size, colWidth(labelCols)-2))
	values := texts(b.l.wrap(f.Value, valueStyle.bold, valueStyle.size, colWidth(gridSize-labelCols)))
	n := max(len(labels), len(values))
	lh := valueStyle.lineHeight()
	rows := make([]core.Row, 0, n)
	for i := range n {
		top, h := 0.0, lh
		if i == 0 {
			top, h = pad, h+pad
		}
		lc, vc := col.New(labelCols), col.New(gridSize-labelCols)
		if i < len(labels) {
			lc.Add(text.New(labels[i], labelStyle.props(top, align.Left)))
		}
		if i < len(values) {
			vc.Add(text.New(values[i], valueStyle.props(top, align.Left)))
		}
		if i < n-1 {
			rows = append(rows, row.New(h).Add(lc, vc))
			continue
		}
		rows = append(rows, row.New(h+pad).Add(lc, vc).WithStyle(&props.Cell{
			BorderType: border.Bottom, BorderColor: &lineGray, BorderThickness: 0.2,
		}))
	}
	return rows
}

// paragraph renders p justified, one row per line so that it flows across
// pages; the last line of each paragraph is left aligned.
func (b builder) paragraph(p string) []core.Row {
	lh := bodyStyle.lineHeight()
	ls := b.l.wrap(p, bodyStyle.bold, bodyStyle.size, contentWidth)
	rows := make([]core.Row, 0, len(ls))
	for _, ln := range ls {
		al := bodyStyle.align
		if ln.last {
			al = align.Left
		}
		rows = append(rows, row.New(lh).Add(col.New(gridSize).Add(text.New(ln.text, bodyStyle.props(0, al)))))
	}
	return rows
}

// signature renders the signature lines centred, kept together on one page
// unless they are too long for that.
func (b builder) signature(lines []string) []core.Row {
	var all []string
	for _, s := range lines {
		all = append(all, texts(b.l.wrap(s, signStyle.bold, signStyle.size, contentWidth))...)
	}
	if len(all) == 0 {
		return nil
	}
	return append([]core.Row{spacer(10)}, b.lineRows(all, signStyle)...)
}
