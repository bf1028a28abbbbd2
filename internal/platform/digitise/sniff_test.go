package digitise

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concejo/internal/platform/errs"
)

func TestSniffTellsTheFormatByContent(t *testing.T) {
	page := scan(300, 420, false)
	for name, c := range map[string]struct {
		content []byte
		want    Kind
	}{
		"PDF":                      {letter(t, 1), PDF},
		"JPEG":                     {encodeJPEG(t, page), JPEG},
		"PNG":                      {encodePNG(t, colourScan(100, 80)), PNG},
		"TIFF little endian":       {encodeTIFF(binary.LittleEndian, false, page), TIFF},
		"TIFF big endian, 3 pages": {encodeTIFF(binary.BigEndian, false, page, colourScan(90, 60), page), TIFF},
		"TIFF black and white":     {encodeTIFF(binary.LittleEndian, true, scan(300, 420, true)), TIFF},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Sniff(c.content)
			if err != nil || got != c.want {
				t.Fatalf("Sniff = %v, %v; se esperaba %v", got, err, c.want)
			}
		})
	}
}

func TestSniffRefusesOtherAndDamagedFiles(t *testing.T) {
	page := scan(300, 420, false)
	jpg, png := encodeJPEG(t, page), encodePNG(t, page)
	tif := encodeTIFF(binary.LittleEndian, false, page, page)
	loop := append([]byte(nil), tif...)
	binary.LittleEndian.PutUint32(loop[8+2+9*12:], 8) // the first directory's next is itself
	badCRC := append([]byte(nil), png...)
	badCRC[len(badCRC)/2] ^= 0xFF
	for name, c := range map[string]struct {
		content []byte
		want    string
	}{
		"vacío":                  {nil, "El fichero está vacío."},
		"ejecutable":             {append([]byte("MZ\x90\x00\x03"), make([]byte, 100)...), "no es un PDF ni una imagen JPEG, PNG o TIFF"},
		"ELF":                    {[]byte("\x7fELF\x02\x01\x01"), "no es un PDF ni una imagen"},
		"ZIP":                    {[]byte("PK\x03\x04\x14\x00"), "no es un PDF ni una imagen"},
		"texto":                  {[]byte("Solicito..."), "no es un PDF ni una imagen"},
		"GIF":                    {[]byte("GIF89a\x01\x00\x01\x00"), "no es un PDF ni una imagen"},
		"BigTIFF":                {[]byte("II+\x00\x08\x00\x00\x00"), "no es un PDF ni una imagen"},
		"JPEG truncado":          {jpg[:len(jpg)*2/3], "La imagen JPEG está dañada"},
		"PNG con datos dañados":  {badCRC, "La imagen PNG está dañada"},
		"TIFF truncado":          {tif[:len(tif)-1000], "La imagen TIFF está dañada"},
		"TIFF sin directorio":    {[]byte("II*\x00\x00\x00\x00\x00"), "La imagen TIFF está dañada"},
		"TIFF con bucle":         {loop, "La imagen TIFF está dañada"},
		"PDF sin contenido":      {[]byte("%PDF-1.4\n%%EOF\n"), "El PDF está dañado o cifrado"},
		"PDF cortado":            {letter(t, 1)[:900], "El PDF está dañado o cifrado"},
		"JPEG enorme (cabecera)": {hugeJPEGHeader(), "demasiado grande"},
	} {
		t.Run(name, func(t *testing.T) {
			k, err := Sniff(c.content)
			if err == nil || !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Sniff = %v, %v; se esperaba un error con «%s»", k, err, c.want)
			}
		})
	}
}

// hugeJPEGHeader is the start of a JPEG that announces 60000×60000 pixels.
func hugeJPEGHeader() []byte {
	return []byte{0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xEA, 0x60, 0xEA, 0x60, 0x01, 0x01, 0x11, 0x00,
		0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0xFF, 0xD9}
}

func TestPNGPassesThroughUnlessTransparent(t *testing.T) {
	opaquePNG := encodePNG(t, colourScan(60, 40))
	img := colourScan(60, 40)
	img.Pix[3] = 0x80 // one translucent pixel: image/png writes RGBA
	translucent := encodePNG(t, img)
	for name, c := range map[string]struct {
		content []byte
		same    bool
	}{"opaca": {opaquePNG, true}, "con transparencia": {translucent, false}} {
		kind, err := Sniff(c.content)
		if err != nil || kind != PNG {
			t.Fatal(kind, err)
		}
		decoded, _ := decodeImage(PNG, c.content)
		r, err := pngRaster(c.content, decoded)
		if err != nil || bytes.Equal(r.data, c.content) != c.same {
			t.Errorf("%s: pasa tal cual = %v, se esperaba %v (%v)", name, bytes.Equal(r.data, c.content), c.same, err)
		}
	}
}

// Real JPEG files: CMYK (as some scanners' software writes, and PDF
// viewers would show inverted) and RGB ones are encoded anew, a
// progressive one goes in unchanged.
func TestRealJPEGs(t *testing.T) {
	for file, want := range map[string]string{
		"video-001.cmyk.jpeg":                "rgb 3 8 jpeg",
		"video-001.rgb.jpeg":                 "rgb 3 8 jpeg",
		"video-001.q50.420.progressive.jpeg": "unchanged",
	} {
		t.Run(file, func(t *testing.T) {
			jpg, err := os.ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			out, err := AuthenticCopy([]Upload{{file, jpg}}, attestation())
			switch want {
			case "unchanged":
				if err != nil || !bytes.Contains(out, jpg) {
					t.Fatalf("no va tal cual: %v", err)
				}
			case "rgb 3 8 jpeg":
				if err != nil || bytes.Contains(out, jpg) {
					t.Fatalf("va tal cual o no se copia: %v", err)
				}
				if images := pdfImages(t, out); len(images) == 0 || images[0] != want {
					t.Errorf("imágenes: %q", images)
				}
			}
		})
	}
}
