package digitise

import (
	"encoding/binary"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfImages lists the images of a PDF with poppler's pdfimages: for each,
// its colour space, bits per component and encoding ("gray 1 1 image",
// "rgb 3 8 jpeg"…).
func pdfImages(t *testing.T, doc []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Skip("pdfimages (poppler-utils) no está instalado")
	}
	f := filepath.Join(t.TempDir(), "copia.pdf")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	var images []string
	for _, line := range strings.Split(string(out), "\n")[2:] {
		if f := strings.Fields(line); len(f) > 9 {
			images = append(images, strings.Join(f[5:9], " "))
		}
	}
	return images
}

// Real TIFF files of the variants scanners write: black and white stays
// lossless at 1 bit per pixel, grey and colour become JPEG.
func TestAuthenticCopyOfRealTIFFs(t *testing.T) {
	for file, want := range map[string]string{
		"bw-gopher_ccittGroup4.tiff":          "gray 1 1 image",
		"bw-deflate.tiff":                     "gray 1 1 image",
		"video-001-gray-16bit.tiff":           "gray 1 8 jpeg",
		"video-001-paletted.tiff":             "rgb 3 8 jpeg",
		"blue-purple-pink.lzwcompressed.tiff": "rgb 3 8 jpeg",
	} {
		t.Run(file, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			if k, err := Sniff(content); k != TIFF || err != nil {
				t.Fatalf("Sniff = %v, %v", k, err)
			}
			out, err := AuthenticCopy([]Upload{{file, content}}, attestation())
			if err != nil {
				t.Fatal(err)
			}
			images := pdfImages(t, out)
			if len(images) < 1 || images[0] != want {
				t.Errorf("imágenes de la copia: %q, se esperaba primero «%s»", images, want)
			}
		})
	}
}

// Every page of a multi-page TIFF is decoded, in order, whatever the byte
// order: the pages are told apart by their size.
func TestTIFFPagesInOrder(t *testing.T) {
	for _, order := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		content := encodeTIFF(order, false, scan(30, 40, false), colourScan(50, 20), scan(70, 10, false))
		var sizes []string
		n, err := tiffPages(content, func(img image.Image) error {
			sizes = append(sizes, img.Bounds().Size().String())
			return nil
		})
		if err != nil || n != 3 || strings.Join(sizes, " ") != "(30,40) (50,20) (70,10)" {
			t.Errorf("%v: %d páginas %v, %v", order, n, sizes, err)
		}
	}
}
