package inefile

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer writes records, one per line, in ISO-8859-1 with CRLF line ends.
type Writer struct {
	w      *bufio.Writer
	layout Layout
	n      int
}

// NewWriter returns a Writer of layout (Layout554 when nil) on w.
func NewWriter(w io.Writer, layout Layout) *Writer {
	if layout == nil {
		layout = Layout554{}
	}
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), layout: layout}
}

// Write encodes and writes one record.
func (w *Writer) Write(r Record) error {
	line, err := w.layout.Encode(r)
	if err != nil {
		return fmt.Errorf("registro %d: %w", w.n+1, err)
	}
	for _, c := range line {
		w.w.WriteByte(byte(c)) // Encode guarantees c <= 0xFF
	}
	w.w.WriteString("\r\n")
	w.n++
	return nil
}

// Count returns how many records were written.
func (w *Writer) Count() int { return w.n }

// Flush writes any buffered data.
func (w *Writer) Flush() error { return w.w.Flush() }

// Line is one line read: its number (from 1), the record, or why it could
// not be read.
type Line struct {
	N      int
	Record Record
	Err    error
}

// MaxLines bounds a file read in one go (a month of variations of the
// largest municipality is far below it).
const MaxLines = 2_000_000

// Read reads every line of r with layout (Layout554 when nil). The text is
// ISO-8859-1 unless it is valid UTF-8 (files re-saved by an editor). Blank
// lines are skipped. A line that cannot be read is returned with its Err
// set; reading goes on. The error is for input that cannot be read at all.
func Read(r io.Reader, layout Layout) ([]Line, error) {
	if layout == nil {
		layout = Layout554{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64<<10)
	var out []Line
	n := 0
	for sc.Scan() {
		n++
		if n > MaxLines {
			return out, fmt.Errorf("el fichero tiene más de %d líneas", MaxLines)
		}
		raw := sc.Bytes()
		if len(strings.TrimSpace(string(raw))) == 0 {
			continue
		}
		rec, err := layout.Decode(decodeText(raw))
		out = append(out, Line{N: n, Record: rec, Err: err})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("no se puede leer el fichero (línea %d): %w", n+1, err)
	}
	return out, nil
}

// decodeText turns a line into a string: UTF-8 when valid and non-ASCII
// only in proper sequences, otherwise ISO-8859-1.
func decodeText(b []byte) string {
	if utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "?")
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}
