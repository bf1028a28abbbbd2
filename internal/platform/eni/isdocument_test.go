package eni

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestIsDocument: documents written here, recoded in ISO-8859-1 and
// InSide's are recognised by their root; an expediente, other XML and
// what is not XML are not.
func TestIsDocument(t *testing.T) {
	doc, _ := sample().XML()
	latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(bytes.Replace(doc, []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	inside, err := os.ReadFile("testdata/inside/ProcesoValidarDocumento_DocRefInterna.xml")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := sampleExpediente(t)
	exp, _ := e.XML()
	for name, c := range map[string]struct {
		data []byte
		want bool
	}{
		"written": {doc, true}, "latin1": {latin1, true}, "inside": {inside, true}, "expediente": {exp, false},
		"other namespace": {[]byte(`<documento xmlns="urn:otro"/>`), false},
		"no namespace":    {[]byte(`<?xml version="1.0"?><documento/>`), false},
		"text first":      {append([]byte("hola "), doc...), false},
		"pdf":             {[]byte("%PDF-1.4 plano"), false},
		"empty":           {nil, false},
	} {
		if got := IsDocument(c.data); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}
