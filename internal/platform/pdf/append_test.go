package pdf

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAppend: the pages of a second PDF follow those of the first, their
// text intact; what is not a readable PDF is refused with ErrNotAppendable.
func TestAppend(t *testing.T) {
	first, err := Render(Document{Title: "Primera parte", Paragraphs: []string{"Metadatos del documento"}})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Render(Document{Title: "Segunda parte", Paragraphs: []string{strings.Repeat("Informe técnico favorable. ", 400)}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Append(first, second)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pages(t, out), pages(t, first)+pages(t, second); got != want || want < 3 {
		t.Errorf("%d pages, want %d", got, want)
	}
	txt := pdftotext(t, out)
	if i, j := strings.Index(txt, "Primera parte"), strings.Index(txt, "Segunda parte"); i < 0 || j < i || !strings.Contains(txt, "Informe técnico favorable") {
		t.Errorf("text of the result:\n%.600s", txt)
	}
	for name, bad := range map[string][]byte{"not a pdf": []byte("hola"), "truncated": second[:len(second)/2], "header only": []byte("%PDF-1.4 plano")} {
		if _, err := Append(first, bad); !errors.Is(err, ErrNotAppendable) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// pages counts the pages of a PDF with pdfinfo (poppler).
func pages(t *testing.T, data []byte) int {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (poppler-utils) not installed; skipping the page count")
	}
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, f).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, ln := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(ln, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo without Pages:\n%s", out)
	return 0
}
