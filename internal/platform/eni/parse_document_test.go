package eni

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"concejo/internal/platform/sign"
)

// TestParseDocumentRoundTrip: a document written here reads back with the
// same metadata, content and CSV, with or without CSV, and also when it
// is recoded in ISO-8859-1.
func TestParseDocumentRoundTrip(t *testing.T) {
	noCSV := sample()
	noCSV.CSV, noCSV.CSVRegulation, noCSV.OriginID, noCSV.Elaboration = "", "", "ES_L01100377_2026_ORIGINAL", "EE02"
	for i, d := range []Document{sample(), noCSV, sample()} {
		data, err := d.XML()
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(bytes.Replace(data, []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1))
			if err != nil || bytes.Equal(latin1, data) {
				t.Fatalf("recoding: %v", err)
			}
			data = latin1
		}
		got, sigs, err := ParseDocument(data)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Captured.Equal(d.Captured) {
			t.Errorf("captured %v, want %v", got.Captured, d.Captured)
		}
		got.Captured = d.Captured
		if !reflect.DeepEqual(got, d) || len(sigs) != 0 {
			t.Errorf("read back\n%+v\nwritten\n%+v\nsignatures %v", got, d, sigs)
		}
	}
}

// withFirma adds to a document without CSV a firma of the given type
// whose FirmaConCertificado holds inner.
func withFirma(t *testing.T, d Document, tipo, inner string) []byte {
	t.Helper()
	d.CSV = ""
	data, err := d.XML()
	if err != nil {
		t.Fatal(err)
	}
	firma := `<enids:firmas><enids:firma Id="FIRMA" ref="#CONTENIDO"><enids:TipoFirma>` + tipo +
		`</enids:TipoFirma><enids:ContenidoFirma><enids:FirmaConCertificado>` + inner +
		`</enids:FirmaConCertificado></enids:ContenidoFirma></enids:firma></enids:firmas>`
	return bytes.Replace(data, []byte("</enidoc:documento>"), []byte(firma+"</enidoc:documento>"), 1)
}

// TestParseDocumentXAdES: a XAdES enveloped signature over the content in
// the document's firmas (TF03), and a XAdES detached file as the content
// (TF02, ReferenciaFirma), are verified; a changed content breaks the
// first.
func TestParseDocumentXAdES(t *testing.T) {
	k, _ := signer(t)
	unsigned := withFirma(t, sample(), "TF03", "")
	enveloped, err := sign.Sign(sign.XAdESEnveloped, unsigned, k, sign.Options{Reference: "CONTENIDO", Parent: "FirmaConCertificado"})
	if err != nil {
		t.Fatal(err)
	}
	if err := xmllint(t, enveloped); err != nil {
		t.Fatalf("schema: %v", err)
	}
	d, sigs, err := ParseDocument(enveloped)
	if err != nil || len(sigs) != 1 || !sigs[0].Intact || !sigs[0].Signer.Equal(k.Chain[0]) || d.DocType != "TD06" {
		t.Fatalf("enveloped: %+v %v", sigs, err)
	}
	tampered := bytes.Replace(enveloped, []byte("<enifile:ValorBinario>JVBER"), []byte("<enifile:ValorBinario>JVBES"), 1)
	if _, sigs, err := ParseDocument(tampered); err != nil || len(sigs) != 1 || sigs[0].Intact {
		t.Errorf("changed content: %+v %v", sigs, err)
	}

	xsig, err := sign.Sign(sign.XAdESDetached, []byte("<decreto>Resuelvo</decreto>"), k, sign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	detached := sample()
	detached.Content, detached.Format = xsig, "XML"
	data := withFirma(t, detached, "TF02", "<enids:ReferenciaFirma>#CONTENIDO</enids:ReferenciaFirma>")
	if err := xmllint(t, data); err != nil {
		t.Fatalf("schema: %v", err)
	}
	d, sigs, err = ParseDocument(data)
	if err != nil || len(sigs) != 1 || !sigs[0].Intact || sigs[0].Format != sign.XAdESDetached || !bytes.Equal(d.Content, xsig) {
		t.Errorf("detached content: %+v %v", sigs, err)
	}
}

// TestParseDocumentDatosXML: XML content (DatosXML) comes back as an
// XML file that declares the namespaces it uses from the document.
func TestParseDocumentDatosXML(t *testing.T) {
	data, _ := sample().XML()
	start := bytes.Index(data, []byte("<enifile:ValorBinario>"))
	end := bytes.Index(data, []byte("</enifile:ValorBinario>")) + len("</enifile:ValorBinario>")
	inline := `<enifile:DatosXML><enids:nota>Plazo &amp; forma</enids:nota></enifile:DatosXML>`
	data = append(append(append([]byte(nil), data[:start]...), inline...), data[end:]...)
	if err := xmllint(t, data); err != nil {
		t.Fatalf("schema: %v", err)
	}
	d, _, err := ParseDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	content := string(d.Content)
	if !strings.HasPrefix(content, "<enids:nota ") || !strings.Contains(content, `xmlns:enids="`+nsSign+`"`) ||
		!strings.HasSuffix(content, ">Plazo &amp; forma</enids:nota>") {
		t.Errorf("content %s", content)
	}
}

// TestParseDocumentInSide: InSide's sample with the content inside its
// CAdES attached signature (referenciaFichero #FIRMA_0, TF05) is read.
func TestParseDocumentInSide(t *testing.T) {
	data, err := os.ReadFile("testdata/inside/ProcesoValidarDocumento_DocRefInterna.xml")
	if err != nil {
		t.Fatal(err)
	}
	d, sigs, err := ParseDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	want := Document{Identifier: "ES_E04975701_2017_2046_sfd", Organ: "EA9999999",
		Captured: time.Date(2017, 6, 15, 0, 0, 0, 0, time.FixedZone("", 2*3600)), Elaboration: "EE01", DocType: "TD01",
		Content: []byte("Ldfsdfasdf"), Format: "BIN"}
	if !d.Captured.Equal(want.Captured) {
		t.Errorf("captured %v", d.Captured)
	}
	d.Captured = want.Captured
	if !reflect.DeepEqual(d, want) || len(sigs) != 0 {
		t.Errorf("%+v %v", d, sigs)
	}
}

// TestParseDocumentRefuses: what is not an ENI document is refused with a
// message for the user.
func TestParseDocumentRefuses(t *testing.T) {
	data, _ := sample().XML()
	e, _ := sampleExpediente(t)
	exp, _ := e.XML()
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"not xml":       {[]byte("Lorem ipsum"), "no es un XML bien formado"},
		"expediente":    {exp, "no es un documento ENI (su raíz es expediente)"},
		"no identifier": {bytes.Replace(data, []byte("<enidocmeta:Identificador>"), []byte("<enidocmeta:Identificador>X"), 1), "identificador"},
		"bad base64":    {bytes.Replace(data, []byte("<enifile:ValorBinario>"), []byte("<enifile:ValorBinario>*"), 1), "base64 no es válido"},
		"bad date":      {bytes.Replace(data, []byte("2026-12-07T15:43:00+01:00"), []byte("ayer"), 1), `la fecha "ayer" de FechaCaptura`},
		"bad doc type":  {bytes.Replace(data, []byte(">TD06<"), []byte(">XX<"), 1), `tipo documental "XX"`},
		"bad origin":    {bytes.Replace(data, []byte(">true<"), []byte(">sí<"), 1), `origen "sí"`},
		"no metadata":   {bytes.Replace(data, []byte("enidocmeta:metadatos"), []byte("enidocmeta:otros"), 2), "faltan el contenido o los metadatos"},
		"empty firma":   {withFirma(t, sample(), "TF03", ""), "ni CSV ni firma electrónica"},
	} {
		if _, _, err := ParseDocument(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// FuzzParseDocument: no file makes ParseDocument panic, and what it
// accepts has an identifier, a format and a date of capture.
func FuzzParseDocument(f *testing.F) {
	data, _ := sample().XML()
	f.Add(data)
	if inside, err := os.ReadFile("testdata/inside/ProcesoValidarDocumento_DocRefInterna.xml"); err == nil {
		f.Add(inside)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := ParseDocument(data)
		if err == nil && (d.Identifier == "" || d.Format == "" || d.Captured.IsZero()) {
			t.Errorf("accepted %+v", d)
		}
	})
}
