package digitise

import (
	"encoding/binary"
	"image"
	"testing"
)

// tenPages is a 10-page A4 scan at 300 ppp in grey, every page a little
// different (as real pages are: identical pages would be stored once).
func tenPages(bw bool) []image.Image {
	pages := make([]image.Image, 10)
	for i := range pages {
		p := scan(2480, 3508, bw)
		for y := 100; y < 140; y++ { // the page's number, as marks
			for x := 100; x < 100+60*(i+1); x++ {
				p.Pix[y*p.Stride+x] = 0
			}
		}
		pages[i] = p
	}
	return pages
}

func benchmarkCopy(b *testing.B, uploads []Upload) {
	in := 0
	for _, u := range uploads {
		in += len(u.Content)
	}
	var out []byte
	var err error
	for b.Loop() {
		if out, err = AuthenticCopy(uploads, attestation()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(in), "in-bytes")
	b.ReportMetric(float64(len(out)), "out-bytes")
}

// A 10-page grey TIFF as a scanner's driver writes it (uncompressed): every
// page re-encoded as JPEG.
func BenchmarkAuthenticCopyGreyTIFF300(b *testing.B) {
	benchmarkCopy(b, []Upload{{"escaneo.tiff", encodeTIFF(binary.LittleEndian, false, tenPages(false)...)}})
}

// The same pages in black and white: 1 bit per pixel, lossless.
func BenchmarkAuthenticCopyBWTIFF300(b *testing.B) {
	benchmarkCopy(b, []Upload{{"escaneo.tiff", encodeTIFF(binary.LittleEndian, true, tenPages(true)...)}})
}

// The same pages as ten JPEG files: passed through unchanged.
func BenchmarkAuthenticCopyGreyJPEG300(b *testing.B) {
	var uploads []Upload
	for _, p := range tenPages(false) {
		uploads = append(uploads, Upload{"hoja.jpg", encodeJPEG(b, p)})
	}
	benchmarkCopy(b, uploads)
}

// A 10-page PDF as a citizen brings it: its pages appended and stamped.
func BenchmarkAuthenticCopyPDF(b *testing.B) {
	benchmarkCopy(b, []Upload{{"escrito.pdf", letter(b, 10)}})
}
