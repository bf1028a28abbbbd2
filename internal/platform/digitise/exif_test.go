package digitise

import (
	"bytes"
	"encoding/binary"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// withOrientation returns jpg with an Exif segment whose Orientation tag
// is o, as a phone writes it.
func withOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01")
	tiff = binary.BigEndian.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(seg)+2))...)
	return append(append(out, seg...), jpg[2:]...)
}

// firstPage renders the first page of doc in grey at low resolution.
func firstPage(t *testing.T, doc []byte) *image.Gray {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) no está instalado")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "copia.pdf")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-gray", "-r", "20", "-f", "1", "-l", "1", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	// A binary PGM: "P5", width, height, maximum value, then the pixels.
	fields := bytes.Fields(out[:min(len(out), 40)])
	w, _ := strconv.Atoi(string(fields[1]))
	h, _ := strconv.Atoi(string(fields[2]))
	img := image.NewGray(image.Rect(0, 0, w, h))
	copy(img.Pix, out[len(out)-w*h:])
	return img
}

// A photo taken with the phone turned: its left half is dark, and Exif
// says it is seen turned 90° clockwise, so the page is portrait with its
// top half dark (and upside down with 180°).
func TestSidewaysPhotoIsPlacedUpright(t *testing.T) {
	photo := image.NewGray(image.Rect(0, 0, 400, 200))
	for y := range 200 {
		for x := range 400 {
			photo.Pix[y*400+x] = 250
			if x < 200 {
				photo.Pix[y*400+x] = 10
			}
		}
	}
	jpg := encodeJPEG(t, photo)
	for _, c := range []struct {
		orientation     uint16
		portrait        bool
		dark            string
		darkAt, whiteAt [2]float64 // fractions of the page's width and height
	}{
		{1, false, "a la izquierda", [2]float64{0.25, 0.5}, [2]float64{0.75, 0.5}},
		{6, true, "arriba", [2]float64{0.5, 0.25}, [2]float64{0.5, 0.7}},
		{8, true, "abajo", [2]float64{0.5, 0.7}, [2]float64{0.5, 0.25}},
		{3, false, "a la derecha", [2]float64{0.75, 0.5}, [2]float64{0.25, 0.5}},
	} {
		t.Run(strconv.Itoa(int(c.orientation)), func(t *testing.T) {
			content := withOrientation(jpg, c.orientation)
			if got := jpegTurn(content); got != map[uint16]int{1: 0, 3: 180, 6: 90, 8: 270}[c.orientation] {
				t.Errorf("jpegTurn = %d", got)
			}
			out, err := AuthenticCopy([]Upload{{"foto.jpg", content}}, attestation())
			if err != nil {
				t.Fatal(err)
			}
			page := firstPage(t, out)
			w, h := page.Rect.Dx(), page.Rect.Dy()
			if (h > w) != c.portrait {
				t.Fatalf("página de %d×%d", w, h)
			}
			at := func(p [2]float64) uint8 { return page.GrayAt(int(p[0]*float64(w)), int(p[1]*float64(h))).Y }
			if at(c.darkAt) > 60 || at(c.whiteAt) < 200 {
				t.Errorf("la mitad oscura no queda %s: %d en la oscura, %d en la clara", c.dark, at(c.darkAt), at(c.whiteAt))
			}
		})
	}
}
