package digitise

import (
	"encoding/binary"
	"errors"
	"testing"

	"concejo/internal/platform/errs"
)

// seeds are small files of every accepted format, and near misses.
func seeds(f *testing.F) [][]byte {
	page := scan(40, 56, false)
	return [][]byte{
		letter(f, 1), encodeJPEG(f, page), withOrientation(encodeJPEG(f, page), 6), encodePNG(f, colourScan(30, 20)),
		encodeTIFF(binary.LittleEndian, false, page, colourScan(20, 10)),
		encodeTIFF(binary.BigEndian, true, scan(40, 56, true), page),
		[]byte("%PDF-1.4\n%%EOF"), []byte("II*\x00\x08\x00\x00\x00\x00\x00"), []byte("MZ"), nil,
	}
}

// checkRefusal fails unless err is nil or an error the clerk can read
// (kind Invalid, or TooLarge for a copy over the SIR limit).
func checkRefusal(t *testing.T, err error) {
	if err != nil && !errors.Is(err, errs.Invalid) && !errors.Is(err, errs.TooLarge) {
		t.Fatalf("error interno ante un fichero malformado: %v", err)
	}
}

func FuzzSniff(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		k, err := Sniff(content)
		checkRefusal(t, err)
		if err == nil && k != kindOf(content) {
			t.Fatalf("Sniff = %v para un fichero que empieza como %v", k, kindOf(content))
		}
	})
}

func FuzzAuthenticCopy(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		out, err := AuthenticCopy([]Upload{{Name: "fuzz", Content: content}}, attestation())
		checkRefusal(t, err)
		if err == nil {
			if _, err := Sniff(out); err != nil {
				t.Fatalf("la copia no se lee: %v", err)
			}
			if _, err := Sniff(content); err != nil {
				t.Fatalf("AuthenticCopy acepta lo que Sniff rechaza: %v", err)
			}
		}
	})
}

func FuzzJPEGTurn(f *testing.F) {
	jpg := encodeJPEG(f, scan(16, 16, false))
	for _, o := range []uint16{1, 3, 6, 8, 0xFFFF} {
		f.Add(withOrientation(jpg, o))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		if turn := jpegTurn(content); turn%90 != 0 || turn < 0 || turn > 270 {
			t.Fatalf("jpegTurn = %d", turn)
		}
	})
}
