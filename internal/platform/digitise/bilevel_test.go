package digitise

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// The 1-bit PNG of a black-and-white page decodes to the same pixels,
// whatever the width (rows end in a partial byte); a grey page is not
// black and white.
func TestBilevelRasterIsLossless(t *testing.T) {
	for _, w := range []int{1, 7, 8, 9, 333} {
		page := scan(w, 41, true)
		r, ok := bilevelRaster(page)
		if !ok {
			t.Fatalf("ancho %d: no se toma por blanco y negro", w)
		}
		back, err := png.Decode(bytes.NewReader(r.data))
		if err != nil {
			t.Fatalf("ancho %d: %v", w, err)
		}
		for y := range 41 {
			for x := range w {
				if got, want := grayAt(back, x, y), page.GrayAt(x, y).Y; got != want {
					t.Fatalf("ancho %d: píxel (%d,%d) = %d, era %d", w, x, y, got, want)
				}
			}
		}
	}
	if _, ok := bilevelRaster(scan(20, 20, false)); ok {
		t.Error("una página en grises se toma por blanco y negro")
	}
	if _, ok := bilevelRaster(colourScan(20, 20)); ok {
		t.Error("una página en color se toma por blanco y negro")
	}
}

func grayAt(img image.Image, x, y int) uint8 {
	r, _, _, _ := img.At(x, y).RGBA()
	return uint8(r >> 8)
}
