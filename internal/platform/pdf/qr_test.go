package pdf

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/boombuler/barcode/qr"
)

// TestRenderDrawsTheQRCode rasterises the footer of a document and reads
// its QR code back module by module: it must be the code of VerifyURL.
func TestRenderDrawsTheQRCode(t *testing.T) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm (poppler-utils) not installed")
	}
	d := volanteDocument()
	data, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "v.pdf")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", "300", "-gray", "-png", "-singlefile", in, filepath.Join(dir, "v")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "v.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The code is the dark box of the footer's last two grid columns,
	// above the bottom margin (and the page number).
	b := img.Bounds()
	px := float64(b.Dx()) / pageWidth
	dark := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r < 0x8000 }
	box := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := int((pageHeight - marginBottom - 30) * px); y < int((pageHeight-marginBottom)*px); y++ {
		for x := int((marginX + colWidth(gridSize-2)) * px); x < int((pageWidth-marginX)*px); x++ {
			if dark(x, y) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	want, err := qr.Encode(d.VerifyURL, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := want.Bounds().Dx()
	if box.Dx() < 3*n || box.Dy()-box.Dx() > box.Dx()/n+2 || box.Dx()-box.Dy() > box.Dx()/n+2 {
		t.Fatalf("no square code in the corner: %v", box)
	}
	m := float64(box.Dx()) / float64(n)
	wrong := 0
	for j := range n {
		for i := range n {
			x, y := box.Min.X+int((float64(i)+0.5)*m), box.Min.Y+int((float64(j)+0.5)*m)
			if dark(x, y) != isDark(want, i, j) {
				wrong++
			}
		}
	}
	if wrong > 0 {
		t.Fatalf("%d of %d modules differ from the code of %s", wrong, n*n, d.VerifyURL)
	}
}
