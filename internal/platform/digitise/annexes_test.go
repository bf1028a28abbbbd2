package digitise

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"concejo/internal/platform/errs"
)

func TestCheckAnnexesAcceptsWhatSIRTakes(t *testing.T) {
	jpg := encodeJPEG(t, scan(200, 280, false))
	annexes := []Annex{
		{Name: "solicitud.pdf", MIME: "application/pdf", Content: letter(t, 1)},
		{Name: "DNI.JPG", Content: jpg},
		{Name: "plano.jpeg", MIME: "image/jpeg", Content: jpg},
		{Name: "memoria.odt", MIME: "application/vnd.oasis.opendocument.text", Content: []byte("PK\x03\x04 odt")},
		{Name: "datos.xml", MIME: "text/xml; charset=utf-8", Content: []byte("<a/>")},
	}
	if err := CheckAnnexes(annexes); err != nil {
		t.Fatal(err)
	}
	if err := CheckAnnexes(nil); err != nil {
		t.Fatalf("un asiento sin anexos: %v", err)
	}
}

func TestCheckAnnexesNamesEveryProblem(t *testing.T) {
	jpg := encodeJPEG(t, scan(200, 280, false))
	cases := map[string]struct {
		annexes []Annex
		want    []string
		field   string
	}{
		"seis anexos": {repeat(Annex{Name: "a.pdf", Content: letter(t, 1)}, 6),
			[]string{"como máximo 5 anexos por SIR y este lleva 6"}, "anexos"},
		"extensión no admitida": {[]Annex{{Name: "virus.exe", Content: []byte("MZ")}, {Name: "sin-extension", Content: jpg}},
			[]string{"«virus.exe»: SIR no admite ficheros con la extensión «exe»; se admiten jpg, jpeg, png, tiff, pdf",
				"«sin-extension»: el fichero no tiene extensión y SIR solo admite jpg, jpeg"}, "anexo-2"},
		"MIME que no corresponde": {[]Annex{{Name: "hoja.pdf", MIME: "image/jpeg", Content: letter(t, 1)}},
			[]string{"«hoja.pdf»: el tipo MIME declarado («image/jpeg») no corresponde a un fichero .pdf (application/pdf)"}, "anexo-1"},
		"un JPEG llamado .pdf": {[]Annex{{Name: "hoja.pdf", Content: jpg}},
			[]string{"«hoja.pdf»: el contenido no es un PDF aunque el nombre acabe en .pdf"}, "anexo-1"},
		"un ejecutable llamado .jpg": {[]Annex{{Name: "foto.jpg", MIME: "image/jpeg", Content: []byte("MZ\x90\x00")}},
			[]string{"«foto.jpg»: el contenido no es un JPEG"}, "anexo-1"},
		"un .docx que no es un paquete": {[]Annex{{Name: "informe.docx", Content: []byte("{\\rtf1")}},
			[]string{"«informe.docx»: el contenido no es un documento .docx"}, "anexo-1"},
		"nombre con caracteres prohibidos": {[]Annex{{Name: "¿factura?.pdf", Content: letter(t, 1)}},
			[]string{"«¿factura?.pdf»: el nombre del fichero lleva caracteres que SIR no admite"}, "anexo-1"},
		"nombre demasiado largo": {[]Annex{{Name: strings.Repeat("n", 81) + ".pdf", Content: letter(t, 1)}},
			[]string{"el nombre del fichero tiene más de 80 caracteres"}, "anexo-1"},
		"vacío": {[]Annex{{Name: "vacio.txt"}}, []string{"«vacio.txt» está vacío."}, "anexo-1"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckAnnexes(c.annexes)
			var fields errs.Fields
			if !errors.As(err, &fields) || !errors.Is(err, errs.Invalid) {
				t.Fatalf("error = %v, se esperaba una lista de problemas de datos no válidos", err)
			}
			if c.field != "" && fields.For(c.field) == "" {
				t.Errorf("ningún problema en el campo %s: %v", c.field, fields)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("falta «%s» en:\n%v", want, err)
				}
			}
		})
	}
}

func TestCheckAnnexesSizes(t *testing.T) {
	big := Annex{Name: "escaneo.pdf", Content: append([]byte("%PDF-1.7\n"), make([]byte, MaxAnnexSize)...)}
	err := CheckAnnexes([]Annex{big})
	if !errors.Is(err, errs.TooLarge) || !strings.Contains(err.Error(), "«escaneo.pdf» ocupa 10 MB y SIR admite como máximo 10 MB por anexo") {
		t.Fatalf("un anexo de más de 10 MiB: %v", err)
	}
	nine := Annex{Name: "parte.pdf", Content: append([]byte("%PDF-1.7\n"), make([]byte, 6<<20)...)}
	err = CheckAnnexes([]Annex{nine, nine, nine})
	if !errors.Is(err, errs.TooLarge) || !strings.Contains(err.Error(), "Los anexos ocupan en total 18 MB y SIR admite como máximo 15 MB por asiento") {
		t.Fatalf("18 MiB de anexos: %v", err)
	}
	rest := Annex{Name: "resto.pdf", Content: append([]byte("%PDF-1.7\n"), make([]byte, MaxAnnexesSize-len(nine.Content)-9)...)}
	if err := CheckAnnexes([]Annex{nine, rest}); err != nil {
		t.Fatalf("15 MiB justos: %v", err)
	}
}

func TestAuthenticCopyRefusesACopyTooLargeForSIR(t *testing.T) {
	// Noise does not compress: 3 pages of grey noise at 300 ppp are well
	// over 10 MiB as JPEG.
	rng := rand.New(rand.NewPCG(1, 2))
	var uploads []Upload
	for _, name := range []string{"1.jpg", "2.jpg", "3.jpg"} {
		noise := scan(2480, 3508, false)
		for i := range noise.Pix {
			noise.Pix[i] = uint8(rng.IntN(256))
		}
		uploads = append(uploads, Upload{name, encodeJPEG(t, noise)})
	}
	jpg := uploads[0].Content
	_, err := AuthenticCopy(uploads, attestation())
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) || !errors.Is(err, errs.TooLarge) || tooLarge.Limit != MaxAnnexSize || tooLarge.Size <= MaxAnnexSize {
		t.Fatalf("error = %v (%d bytes por JPEG), se esperaba TooLargeError", err, len(jpg))
	}
	if !strings.Contains(err.Error(), "SIR admite como máximo 10 MB por anexo: divida el documento en partes") {
		t.Errorf("mensaje: %v", err)
	}
	if out, err := AuthenticCopy(uploads[:1], attestation()); err != nil || !bytes.Contains(out, jpg) {
		t.Fatalf("una sola página sí cabe: %v", err)
	}
}

func TestMIMEType(t *testing.T) {
	for name, want := range map[string]string{"a.PDF": "application/pdf", "b.jpg": "image/jpeg", "c.xsig": "application/xml"} {
		if got, ok := MIMEType(name); !ok || got != want {
			t.Errorf("MIMEType(%q) = %q, %v", name, got, ok)
		}
	}
	if _, ok := MIMEType("d.gif"); ok {
		t.Error("SIR no admite GIF")
	}
}

func repeat(a Annex, n int) []Annex {
	out := make([]Annex, n)
	for i := range out {
		out[i] = a
	}
	return out
}
