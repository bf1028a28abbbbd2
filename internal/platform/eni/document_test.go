package eni

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// xmllint validates data against the ENI schema of a documento.
func xmllint(t *testing.T, data []byte) error {
	t.Helper()
	return xmllintSchema(t, data, "DocumentoEni.xsd")
}

// xmllintSchema validates data against one of the ENI schemas of
// testdata/xsd, skipping the test when xmllint is not installed.
func xmllintSchema(t *testing.T, data []byte, schema string) error {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint (libxml2-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "eni.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "xsd", schema), path).CombinedOutput()
	if err != nil {
		return &lintError{string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return e.out }

func sample() Document {
	return Document{Identifier: Identifier("L01100377", 2026, "01m98dqn44wsn5tstp9fybyzcf"), Organ: "L01100377",
		Captured: time.Date(2026, 12, 7, 15, 43, 0, 0, time.FixedZone("CET", 3600)), FromAdministration: true,
		Elaboration: "EE01", DocType: "TD06", Content: []byte("%PDF-1.4 requerimiento <&>"), Format: "PDF",
		CSV: "T43WS68CSNZ8JF87M1EMWNSD", CSVRegulation: "Sistema de CSV de la sede electrónica (art. 42.b Ley 40/2015)"}
}

// TestDocumentValidates: a document with its CSV, and one without
// signature, pass xmllint against DocumentoEni.xsd, and the content comes
// back whole from the base64.
func TestDocumentValidates(t *testing.T) {
	for _, d := range []Document{sample(), func() Document { d := sample(); d.CSV = ""; return d }()} {
		data, err := d.XML()
		if err != nil {
			t.Fatal(err)
		}
		if err := xmllint(t, data); err != nil {
			t.Fatalf("schema: %v\n%s", err, data)
		}
		start := bytes.Index(data, []byte("<enifile:ValorBinario>")) + len("<enifile:ValorBinario>")
		end := bytes.Index(data, []byte("</enifile:ValorBinario>"))
		content, _ := base64.StdEncoding.DecodeString(string(data[start:end]))
		if !bytes.Equal(content, d.Content) {
			t.Errorf("content %q", content)
		}
	}
	if id := sample().Identifier; id != "ES_L01100377_2026_01M98DQN44WSN5TSTP9FYBYZCF" {
		t.Errorf("identifier %s", id)
	}
}

// TestSchemaCatchesWhatItShould: the schema refuses a document out of
// order, so the check above is not empty.
func TestSchemaCatchesWhatItShould(t *testing.T) {
	data, _ := sample().XML()
	broken := strings.Replace(string(data), "<enidocmeta:TipoDocumental>TD06</enidocmeta:TipoDocumental>", "", 1)
	if err := xmllint(t, []byte(broken)); err == nil {
		t.Fatal("xmllint accepted a document without tipo documental")
	}
}

// TestDocumentRefuses: what the NTI does not allow is refused before writing.
func TestDocumentRefuses(t *testing.T) {
	for name, change := range map[string]func(*Document){
		"organ":       func(d *Document) { d.Organ = "CACERES" },
		"doc type":    func(d *Document) { d.DocType = "TD64" },
		"elaboration": func(d *Document) { d.Elaboration = "EE05" },
		"csv":         func(d *Document) { d.CSVRegulation = "" },
	} {
		d := sample()
		change(&d)
		if _, err := d.XML(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
