package apptest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// PDFText is the text of a PDF as poppler's pdftotext lays it out; the test
// is skipped where pdftotext is not installed (.ci/run installs it).
func PDFText(t testing.TB, pdf string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) no está instalado")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
