package digitise

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// scan draws a page of a typed letter as a scanner would give it: w×h
// pixels of white paper with dark lines of "text"; grey levels unless
// bw, when every pixel is pure black or white.
func scan(w, h int, bw bool) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(244 + (x*7+y*13)%11/5) // paper, with a faint grain
			line, col := y%(h/40+1), x%(w/60+1)
			if y > h/10 && y < h*9/10 && x > w/10 && x < w*9/10 && line < h/120+1 && col < w/80+1 {
				v = uint8(20 + (x+y)%40) // ink
			}
			if bw && v < 128 {
				v = 0
			} else if bw {
				v = 0xFF
			}
			img.Pix[y*img.Stride+x] = v
		}
	}
	return img
}

func colourScan(w, h int) *image.RGBA {
	g := scan(w, h, false)
	img := image.NewRGBA(g.Rect)
	for i, v := range g.Pix {
		img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = v, v/2+100, 255-v/3, 0xFF
	}
	return img
}

func encodeJPEG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// byteOrder reads and appends integers in a TIFF's byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// encodeTIFF writes pages as one uncompressed TIFF file with one image
// file directory per page, in the byte order given: *image.Gray as 8-bit
// grey (or 1-bit black and white when bw), *image.RGBA as 8-bit RGB.
func encodeTIFF(order byteOrder, bw bool, pages ...image.Image) []byte {
	var out []byte
	if order == byteOrder(binary.BigEndian) {
		out = []byte("MM\x00*\x00\x00\x00\x00")
	} else {
		out = []byte("II*\x00\x00\x00\x00\x00")
	}
	next := 4 // where the offset of the next directory is written
	for _, p := range pages {
		b := p.Bounds()
		w, h := b.Dx(), b.Dy()
		var pix []byte
		spp, bps, photometric := 1, 8, 1
		switch m := p.(type) {
		case *image.Gray:
			if bw {
				bps = 1
				stride := (w + 7) / 8
				pix = make([]byte, stride*h)
				for y := range h {
					for x := range w {
						if m.GrayAt(x, y).Y != 0 {
							pix[y*stride+x/8] |= 0x80 >> (x % 8)
						}
					}
				}
			} else {
				pix = append(pix, m.Pix...)
			}
		case *image.RGBA:
			spp, photometric = 3, 2
			for i := 0; i < len(m.Pix); i += 4 {
				pix = append(pix, m.Pix[i:i+3]...)
			}
		}
		ifd := len(out)
		order.PutUint32(out[next:], uint32(ifd))
		type entry struct {
			tag, typ uint16
			count    uint32
			value    uint32
		}
		const n = 9
		extra := ifd + 2 + n*12 + 4 // the BitsPerSample array of RGB
		data := extra + 6
		bpsValue := uint32(bps)
		if spp == 3 {
			bpsValue = uint32(extra)
		}
		entries := []entry{{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, uint32(spp), bpsValue},
			{259, 3, 1, 1}, {262, 3, 1, uint32(photometric)}, {273, 4, 1, uint32(data)}, {277, 3, 1, uint32(spp)},
			{278, 4, 1, uint32(h)}, {279, 4, 1, uint32(len(pix))}}
		out = order.AppendUint16(out, n)
		for _, e := range entries {
			out = order.AppendUint16(out, e.tag)
			out = order.AppendUint16(out, e.typ)
			out = order.AppendUint32(out, e.count)
			if e.typ == 3 && e.count == 1 {
				out = order.AppendUint16(out, uint16(e.value))
				out = append(out, 0, 0)
			} else {
				out = order.AppendUint32(out, e.value)
			}
		}
		next = len(out)
		out = append(out, 0, 0, 0, 0)
		for range 3 {
			out = order.AppendUint16(out, 8)
		}
		out = append(out, pix...)
	}
	return out
}

// attestation is a typical diligencia of a registry office.
func attestation() Attestation {
	return Attestation{
		Clerk: "Ana Belén Muñoz Sánchez", Post: "Auxiliar administrativa de la Oficina de Registro",
		Office: "Oficina de Asistencia en Materia de Registros del Ayuntamiento de Plasencia (O00011223)",
		Entity: "Ayuntamiento de Plasencia", Interested: "José Ramón Íñiguez Peña (DNI 12345678Z)",
		PresentedAt: time.Date(2026, 12, 7, 9, 41, 0, 0, time.UTC),
		DigitisedAt: time.Date(2026, 12, 7, 9, 52, 0, 0, time.UTC),
		CSV:         "7Q2X9KLM44ZAPB3C8D5E6F7G", VerifyURL: "https://sede.plasencia.es/verificar?csv=7Q2X9KLM44ZAPB3C8D5E6F7G",
	}
}

// pdfText extracts the text of a PDF with poppler's pdftotext, one string
// per page.
func pdfText(tb testing.TB, doc []byte) []string {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Skip("pdftotext (poppler-utils) no está instalado")
	}
	f := filepath.Join(tb.TempDir(), "copia.pdf")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	pages := bytes.Split(out, []byte("\f"))
	texts := make([]string, 0, len(pages))
	for _, p := range pages[:len(pages)-1] {
		texts = append(texts, string(p))
	}
	return texts
}
