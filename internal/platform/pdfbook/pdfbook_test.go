package pdfbook

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBookWriter writes a multi-page book and checks the PDF's structure:
// every cross-reference entry points at its object, the page tree counts
// the pages, and the text is WinAnsi with the Spanish letters and escapes.
func TestBookWriter(t *testing.T) {
	var out bytes.Buffer
	b := New(&out, "Ayuntamiento de Cáceres — Libro de resoluciones de 2026")
	b.PageBreak()
	b.Line("DILIGENCIA DE APERTURA", true, 12, true)
	for i := range 200 {
		b.Paragraph(fmt.Sprintf("Resolución 2026/%06d (ñandú, «€», paréntesis) ", i+1)+strings.Repeat("texto largo de la parte dispositiva ", 8)+
			strings.Repeat("X", 300), false, 10)
	}
	if err := b.Close("Libro"); err != nil {
		t.Fatal(err)
	}
	pdf := out.Bytes()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatal("not a PDF")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(pdf)
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	var first, count int
	fmt.Sscanf(string(pdf[xref:]), "xref\n%d %d\n", &first, &count)
	lines := strings.Split(string(pdf[xref:]), "\n")[2:]
	for i := 1; i < count; i++ {
		off, _ := strconv.Atoi(lines[i][:10])
		if want := fmt.Sprintf("%d 0 obj\n", i); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Fatalf("object %d: offset %d has %.12q", i, off, pdf[off:])
		}
	}
	pages := b.Pages()
	if pages < 10 || !bytes.Contains(pdf, []byte(fmt.Sprintf("/Count %d >>", pages))) {
		t.Fatalf("%d pages, tree: %v", pages, bytes.Contains(pdf, []byte("/Count")))
	}
	// The last page's text: its sheet number, and the letters in WinAnsi.
	streams := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindAllSubmatch(pdf, -1)
	if len(streams) != pages {
		t.Fatalf("%d content streams for %d pages", len(streams), pages)
	}
	zr, err := zlib.NewReader(bytes.NewReader(streams[0][1]))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	for _, want := range []string{"(Hoja 1)", "Resoluci\xf3n 2026/000001 \\(\xf1and\xfa, \xab\x80\xbb, par\xe9ntesis\\)"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("page 1 lacks %q:\n%.600s", want, text)
		}
	}
	for _, ln := range Wrap(strings.Repeat("palabra ", 100)+strings.Repeat("Ñ", 200), false, 10, TextWidth) {
		if Width(ln, false, 10) > TextWidth {
			t.Errorf("line wider than the text: %q", ln)
		}
	}
}
