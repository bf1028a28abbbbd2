package digitise

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
)

// letter is a one-page PDF as a scanner's software or a citizen would bring.
func letter(tb testing.TB, pages int) []byte {
	tb.Helper()
	paras := make([]string, pages*12)
	for i := range paras {
		paras[i] = strings.Repeat("Solicito que se tenga por presentada esta instancia. ", 8)
	}
	doc, err := pdf.Render(pdf.Document{Issuer: "Particular", Title: "Instancia", Paragraphs: paras})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func pageCountOf(tb testing.TB, doc []byte) int {
	tb.Helper()
	n, err := api.PageCount(bytes.NewReader(doc), nil)
	if err != nil {
		tb.Fatalf("la copia no se lee con pdfcpu: %v", err)
	}
	return n
}

func TestAuthenticCopyOfMixedUploads(t *testing.T) {
	grey := scan(1240, 1754, false)
	inPDF := letter(t, 2)
	pdfPagesIn := pageCountOf(t, inPDF)
	uploads := []Upload{
		{"portada.jpg", encodeJPEG(t, grey)},
		{"expediente.tiff", encodeTIFF(binary.BigEndian, false, grey, scan(1754, 1240, false), colourScan(620, 877))},
		{"escritura.pdf", inPDF},
		{"plano.png", encodePNG(t, colourScan(600, 800))},
		{"firma.tif", encodeTIFF(binary.LittleEndian, true, scan(1240, 1754, true), scan(1240, 1754, true))},
	}
	out, err := AuthenticCopy(uploads, attestation())
	if err != nil {
		t.Fatal(err)
	}
	scanned := 1 + 3 + pdfPagesIn + 1 + 2
	total := pageCountOf(t, out)
	if total != scanned+1 {
		t.Fatalf("páginas = %d, se esperaban %d digitalizadas y una de diligencia", total, scanned)
	}
	texts := pdfText(t, out)
	if len(texts) != total {
		t.Fatalf("pdftotext lee %d páginas, pdfcpu %d", len(texts), total)
	}
	a := attestation()
	for i, text := range texts {
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Copia auténtica de documento presentado en papel · CSV: " + a.CSV,
			"Verificable en " + a.VerifyURL, "Página " + strconv.Itoa(i+1) + " de " + strconv.Itoa(total)} {
			if !strings.Contains(flat, want) {
				t.Errorf("la página %d no lleva «%s»:\n%s", i+1, want, flat)
			}
		}
	}
	if !strings.Contains(texts[1+3], "Solicito que se tenga por presentada") {
		t.Errorf("la página 5 no es la primera del PDF subido:\n%s", texts[4])
	}
	last := strings.Join(strings.Fields(texts[total-1]), " ")
	if n := strings.Count(last, "Página "); n != 1 {
		t.Errorf("la diligencia lleva %d números de página: solo debe llevar el del sello", n)
	}
	for _, want := range []string{"Diligencia de copia auténtica", "Ayuntamiento de Plasencia", a.Office,
		"José Ramón Íñiguez Peña (DNI 12345678Z)", "07/12/2026 10:41", "el día 07/12/2026, a las 10:41",
		"Digitalizado el 07/12/2026 10:52", "Ana Belén Muñoz Sánchez, Auxiliar administrativa de la Oficina de Registro, extiende diligencia",
		"Fdo.: Ana Belén Muñoz Sánchez", strconv.Itoa(scanned) + " páginas digitalizadas y esta diligencia",
		"copia auténtica del documento original en soporte papel", "artículos 16.5 y 27.3.b) de la Ley 39/2015",
		"Digitalización de Documentos", "Procedimientos de copiado auténtico y conversión entre documentos electrónicos",
		"CSV: " + a.CSV, "3. escritura.pdf (PDF, " + strconv.Itoa(pdfPagesIn) + " páginas",
		"2. expediente.tiff (TIFF, 3 páginas", "5. firma.tif (TIFF, 2 páginas"} {
		if !strings.Contains(last, want) {
			t.Errorf("la diligencia no dice «%s»:\n%s", want, last)
		}
	}
	for _, u := range uploads {
		if !strings.Contains(last, sha256Hex(u.Content)) {
			t.Errorf("la diligencia no da la huella SHA-256 de %s", u.Name)
		}
	}
}

func TestAuthenticCopyKeepsJPEGUnchanged(t *testing.T) {
	jpg := encodeJPEG(t, scan(1240, 1754, false))
	out, err := AuthenticCopy([]Upload{{"hoja.jpg", jpg}}, attestation())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, jpg) {
		t.Error("el JPEG subido no va tal cual en la copia")
	}
	if len(out) > len(jpg)+60_000 {
		t.Errorf("la copia ocupa %d bytes para un JPEG de %d", len(out), len(jpg))
	}
}

func TestAuthenticCopyRefusesBadUploads(t *testing.T) {
	jpg := encodeJPEG(t, scan(200, 300, false))
	cases := map[string]struct {
		uploads []Upload
		want    string
	}{
		"ninguno":           {nil, "Añada al menos un fichero"},
		"ejecutable":        {[]Upload{{"foto.jpg", append([]byte("MZ\x90\x00"), make([]byte, 200)...)}}, "«foto.jpg»: el fichero no es un PDF ni una imagen"},
		"JPEG llamado .pdf": {[]Upload{{"hoja.pdf", jpg}}, "«hoja.pdf»: el contenido no es un PDF aunque el nombre acabe en .pdf"},
		"vacío":             {[]Upload{{"hoja.pdf", nil}}, "«hoja.pdf»: el fichero está vacío."},
		"JPEG truncado":     {[]Upload{{"hoja.jpg", jpg[:len(jpg)/2]}}, "«hoja.jpg»: la imagen JPEG está dañada"},
		"PDF dañado":        {[]Upload{{"hoja.pdf", []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")}}, "«hoja.pdf»: el PDF está dañado o cifrado"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := AuthenticCopy(c.uploads, attestation())
			if !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, se esperaba uno de datos no válidos con «%s»", err, c.want)
			}
		})
	}
}

// A failure to join or stamp the pages is put down to the uploaded PDF
// that cannot be stamped on its own, when there is one.
func TestBlameNamesTheDamagedPDF(t *testing.T) {
	internal := errors.New("digitise: estampar el pie de página: fallo")
	good := part{upload: Upload{Name: "bueno.pdf"}, kind: PDF, pdf: letter(t, 1)}
	bad := part{upload: Upload{Name: "malo.pdf"}, kind: PDF, pdf: []byte("%PDF-1.7\nbasura")}
	if err := blame([]part{good}, internal); err != internal {
		t.Errorf("con un PDF sano: %v", err)
	}
	if err := blame([]part{good, bad}, internal); !errors.Is(err, errs.Invalid) || !strings.HasPrefix(err.Error(), "«malo.pdf»: el PDF está dañado") {
		t.Errorf("con un PDF dañado: %v", err)
	}
}

// The copy is the office's document: its title and author are not those
// of the citizen's PDF it starts with.
func TestAuthenticCopyInformation(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo (poppler-utils) no está instalado")
	}
	out, err := AuthenticCopy([]Upload{{"instancia.pdf", letter(t, 1)}}, attestation())
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "copia.pdf")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Title:           Copia auténtica de documento presentado en papel",
		"Author:          Ayuntamiento de Plasencia", "Subject:         CSV " + attestation().CSV} {
		if !strings.Contains(string(info), want) {
			t.Errorf("pdfinfo no dice «%s»:\n%s", want, info)
		}
	}
	if bytes.Contains(out, []byte("Instancia")) || bytes.Contains(out, []byte("Particular")) {
		t.Error("la copia conserva el título o el autor del PDF subido")
	}
}

func TestAuthenticCopyRefusesAnIncompleteAttestation(t *testing.T) {
	jpg := encodeJPEG(t, scan(100, 140, false))
	for want, change := range map[string]func(*Attestation){
		"Falta el nombre de quien expide la copia":                     func(a *Attestation) { a.Clerk = " " },
		"Falta la persona que presentó el documento":                   func(a *Attestation) { a.Interested = "" },
		"Falta la fecha y hora de presentación o la de digitalización": func(a *Attestation) { a.PresentedAt = time.Time{} },
		"La fecha de digitalización no puede ser anterior":             func(a *Attestation) { a.DigitisedAt = a.PresentedAt.Add(-time.Minute) },
		"contienen caracteres no válidos":                              func(a *Attestation) { a.VerifyURL += "?x=%p" },
	} {
		a := attestation()
		change(&a)
		if _, err := AuthenticCopy([]Upload{{"hoja.jpg", jpg}}, a); !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, se esperaba «%s»", err, want)
		}
	}
}

// A PDF encrypted only to restrict printing or copying opens without a
// password: its pages go into the copy. One that needs a password to open
// is refused, asking for it to be saved without one.
func TestAuthenticCopyOfEncryptedPDFs(t *testing.T) {
	encrypt := func(user string) []byte {
		var buf bytes.Buffer
		if err := api.Encrypt(bytes.NewReader(letter(t, 1)), &buf, model.NewAESConfiguration(user, "propietario", 256)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	out, err := AuthenticCopy([]Upload{{"certificado.pdf", encrypt("")}}, attestation())
	if err != nil {
		t.Fatalf("un PDF con permisos restringidos: %v", err)
	}
	if texts := pdfText(t, out); len(texts) < 2 || !strings.Contains(texts[0], "Solicito que se tenga por presentada") {
		t.Errorf("la primera página de la copia no es la del PDF cifrado: %q", texts)
	}
	_, err = AuthenticCopy([]Upload{{"privado.pdf", encrypt("secreto")}}, attestation())
	if !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "«privado.pdf»: el PDF está dañado o cifrado y no se puede leer: vuelva a digitalizar el documento o guárdelo sin contraseña.") {
		t.Errorf("un PDF con contraseña de apertura: %v", err)
	}
}
