package odt

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
)

// TestRoundTrip: what Write puts in is what Text reads back, with line
// breaks, and characters XML escapes.
func TestRoundTrip(t *testing.T) {
	paras := []string{"RESOLUCIÓN DE LA ALCALDÍA", "Expediente: EXP2026/000001\nAsunto: obra <menor> & \"baño\"", "Lo manda y firma."}
	data, err := Write("Resolución", paras)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Text(data)
	if err != nil {
		t.Fatal(err)
	}
	want := "RESOLUCIÓN DE LA ALCALDÍA\n\nExpediente: EXP2026/000001\nAsunto: obra <menor> & \"baño\"\n\nLo manda y firma."
	if got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
		t.Error("mimetype must be the first entry, stored")
	}
}

// TestTextOfLibreOffice reads the structures a word processor writes:
// headings, spaces (text:s), tabs, spans and a note's paragraph inside one.
func TestTextOfLibreOffice(t *testing.T) {
	body := contentHead + `<text:h text:outline-level="1">Informe</text:h><text:p>Uno<text:s text:c="3"/>dos<text:tab/>tres ` +
		`<text:span>con estilo</text:span><text:note><text:note-body><text:p>nota</text:p></text:note-body></text:note></text:p>` + contentTail
	got, err := paragraphsOf([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Informe\n\nUno   dos\ttres con estilonota"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

// TestNotODT: a zip without the ODT mimetype, or not a zip, is refused.
func TestNotODT(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("content.xml")
	w.Write([]byte(contentHead + contentTail))
	zw.Close()
	for _, data := range [][]byte{buf.Bytes(), []byte("%PDF-1.4"), nil} {
		if _, err := Text(data); !errors.Is(err, ErrNotODT) {
			t.Errorf("%q: %v", data[:min(len(data), 8)], err)
		}
	}
}

// FuzzText: any bytes give text or an error, never a panic.
func FuzzText(f *testing.F) {
	good, _ := Write("x", []string{"a", "b\nc"})
	f.Add(good)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Text(data)
	})
}

// FuzzParagraphs: any content.xml gives text or ErrNotODT, never a panic.
func FuzzParagraphs(f *testing.F) {
	f.Add([]byte(contentHead + `<text:p>a<text:s text:c="99999999999"/></text:p>` + contentTail))
	f.Add([]byte(`<text:p xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:p>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		paragraphsOf(data)
	})
}
