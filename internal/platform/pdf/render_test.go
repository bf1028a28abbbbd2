package pdf

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const accented = "Según el artículo 36 de la Ley 7/1985, ¿la Diputación presta asistencia técnica? ¡Sí! " +
	"Año, señor, pingüino, ÑANDÚ, 1.500 €, 1º y 1ª."

func sampleDocument() Document {
	long := strings.Repeat("El Ayuntamiento solicita la adhesión al servicio de administración electrónica "+
		"prestado por la Diputación Provincial, con sujeción a las condiciones técnicas y jurídicas aprobadas. ", 12)
	return Document{
		Issuer:    "Diputación Provincial de Cáceres",
		IssuerSub: "Área de Tecnologías de la Información",
		Title:     "Solicitud de adhesión a la plataforma Concejo",
		Reference: "Adhesión ADH-2026-000123",
		Fields: []Field{
			{Label: "Entidad", Value: "Ayuntamiento de Villanueva de la Vera"},
			{Label: "NIF", Value: "P1021400J"},
			{Label: "Representante", Value: "María García López, Alcaldesa-Presidenta"},
			{Label: "Servicios solicitados", Value: strings.Repeat("Sede electrónica, registro, notificaciones, ", 8)},
		},
		Paragraphs: []string{
			accented,
			long,
			"Primera línea\nSegunda línea tras un salto\n\nTras una línea en blanco.",
			strings.Repeat("https://sede.dip-caceres.es/una/ruta/muy/larga/sin/espacios/", 6),
			long, long,
		},
		SignatureLines: []string{"El/La Alcalde/sa-Presidente/a", "Fdo.: María García López"},
		CSV:            "CNC-7Q2X-9KLM-44ZA",
		VerifyURL:      "https://concejo.dip-caceres.es/verificar?csv=CNC-7Q2X-9KLM-44ZA",
		Date:           time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
	}
}

func TestSpanishDate(t *testing.T) {
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), "27 de noviembre de 2026"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "1 de enero de 2026"},
		// 23:30 UTC on 31 December is already 1 January in Madrid (UTC+1).
		{time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC), "1 de enero de 2026"},
		// Summer time: 22:30 UTC is 00:30 CEST.
		{time.Date(2026, 7, 14, 22, 30, 0, 0, time.UTC), "15 de julio de 2026"},
		{time.Time{}, ""},
	}
	for _, c := range cases {
		if got := SpanishDate(c.in); got != c.want {
			t.Errorf("SpanishDate(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRender(t *testing.T) {
	data, err := Render(sampleDocument())
	if err != nil {
		t.Fatal(err)
	}
	if !IsPDF(data) || !bytes.Contains(data, []byte("%%EOF")) {
		t.Fatalf("output is not a PDF: %q", data[:min(len(data), 32)])
	}
	if dir := os.Getenv("PDF_TEST_OUT"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "render.pdf"), data, 0o644)
	}
	txt := pdftotext(t, data)
	for _, want := range []string{
		"Diputación Provincial de Cáceres",
		"Área de Tecnologías de la Información",
		"Solicitud de adhesión a la plataforma Concejo",
		"Adhesión ADH-2026-000123",
		"27 de noviembre de 2026",
		"María García López",
		"¿la Diputación presta asistencia técnica?",
		"¡Sí!",
		"pingüino", "ÑANDÚ", "1.500 €", "1º y 1ª",
		"CSV: CNC-7Q2X-9KLM-44ZA — Verificable en",
		"Página 1 de",
		"El/La Alcalde/sa-Presidente/a",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	if n := strings.Count(txt, "CSV: CNC-7Q2X-9KLM-44ZA"); n < 2 {
		t.Errorf("CSV printed on %d pages, want every page (>= 2)", n)
	}
}

func TestRenderMinimalAndOddInput(t *testing.T) {
	docs := []Document{
		{},
		{Title: "Solo título", CSV: "X"},
		{Paragraphs: []string{strings.Repeat("palabra ", 5000)}, VerifyURL: "https://x.es/v"},
		{Paragraphs: []string{strings.Repeat("x", 20000)}, Fields: []Field{{Label: strings.Repeat("é", 300), Value: ""}}},
		{Title: "Łódź, Čapek, Ωmega, emoji 😀, tab\there, nul\x00, zero\u200bwidth, bad \xff utf8"},
		{SignatureLines: make([]string, 60)},
	}
	for i, d := range docs {
		data, err := Render(d)
		if err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		if !IsPDF(data) {
			t.Fatalf("doc %d: not a PDF", i)
		}
		if i == 4 {
			txt := pdftotext(t, data)
			if !strings.Contains(txt, "ódz, Capek") {
				t.Errorf("fallback letters not applied: %q", txt)
			}
		}
	}
}

func TestRenderVerifyURLTooLong(t *testing.T) {
	_, err := Render(Document{VerifyURL: "https://x.es/" + strings.Repeat("a", 5000)})
	if !errors.Is(err, ErrVerifyURLTooLong) {
		t.Fatalf("err = %v, want ErrVerifyURLTooLong", err)
	}
}

// pdftotext extracts the text of a PDF with poppler, skipping the test when
// the tool is not installed.
func pdftotext(t *testing.T, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed; skipping text extraction check")
	}
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestRenderConcurrent(t *testing.T) {
	d := sampleDocument()
	want, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := Render(d)
			if err == nil && len(got) != len(want) {
				err = os.ErrInvalid
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Render: %v", err)
		}
	}
}
