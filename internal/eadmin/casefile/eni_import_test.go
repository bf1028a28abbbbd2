package casefile_test

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/eni"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// otherENI is an ENI document of the Confederación Hidrográfica del Tajo:
// a report in PDF, an authentic copy with its CSV.
func otherENI(t testing.TB) (eni.Document, []byte) {
	t.Helper()
	content, err := pdf.Render(pdf.Document{Issuer: "Confederación Hidrográfica del Tajo", Title: "Informe sobre el dominio público hidráulico",
		Paragraphs: []string{"La obra no afecta al cauce del arroyo."}})
	if err != nil {
		t.Fatal(err)
	}
	d := eni.Document{Identifier: eni.Identifier("E04975701", 2026, "INF2026CHT7"), Organ: "E04975701",
		Captured: time.Date(2026, 11, 3, 10, 15, 0, 0, time.FixedZone("CET", 3600)), FromAdministration: true,
		Elaboration: "EE02", OriginID: "ES_E04975701_2026_ORIGINAL7", DocType: "TD13", Content: content, Format: "PDF",
		CSV: "CHT7QX2LM9", CSVRegulation: "Resolución de la CHT sobre el CSV, verificable en su sede"}
	data, err := d.XML()
	if err != nil {
		t.Fatal(err)
	}
	return d, data
}

// signedENI is otherENI without CSV, signed in XAdES enveloped over its
// content (TF03) by a secretary with a certificate of the test CA.
func signedENI(t testing.TB, env *apptest.Env) []byte {
	t.Helper()
	d, _ := otherENI(t)
	d.CSV, d.CSVRegulation = "", ""
	unsigned, err := d.XML()
	if err != nil {
		t.Fatal(err)
	}
	firma := `<enids:firmas><enids:firma Id="FIRMA" ref="#CONTENIDO"><enids:TipoFirma>TF03</enids:TipoFirma>` +
		`<enids:ContenidoFirma><enids:FirmaConCertificado></enids:FirmaConCertificado></enids:ContenidoFirma></enids:firma></enids:firmas>`
	unsigned = bytes.Replace(unsigned, []byte("</enidoc:documento>"), []byte(firma+"</enidoc:documento>"), 1)
	c := env.SigningCA.Signer(certtest.Name("SECRETARIA PRUEBA ANA", "12345678Z"), certtest.SignerOptions{RSA: true})
	k := sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, env.SigningCA.Cert}}
	signed, err := sign.Sign(sign.XAdESEnveloped, unsigned, k, sign.Options{Reference: "CONTENIDO", Parent: "FirmaConCertificado"})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// importENI uploads an ENI file to the expediente without tipo documental
// nor name and returns the new document's id.
func importENI(t testing.TB, env *apptest.Env, c *apptest.Client, fileID, name string, data []byte) string {
	t.Helper()
	idAfter(t, postMultipart(t, c, "/expedientes/"+fileID+"/documentos", url.Values{"tipo": {""}}, "fichero", file{name, data}), "/expedientes/")
	return env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND pos = (SELECT MAX(pos) FROM casefile_documents
		WHERE file_id = $1)`, fileID)
}

// pdfText is the text of a PDF by pdftotext (poppler), the test skipped
// when it is not installed.
func pdfText(t testing.TB, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the visualización's text cannot be read")
	}
	path := filepath.Join(t.TempDir(), "visualizacion.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// sealed checks that a PDF carries an intact signature (the entity's seal).
func sealed(t testing.TB, data []byte) {
	t.Helper()
	sigs, err := pdf.Signatures(data)
	if err != nil || !sigs[len(sigs)-1].DigestValid {
		t.Fatalf("the visualización is not sealed: %v", err)
	}
}

// TestImportENIDocument: an ENI document of another administration comes
// in from the upload form as the PDF it carries, with its metadata (not the
// form's) and the file kept: its page shows them with its CSV, its ENI
// export is the file as it came and the expediente's índice names it by
// its own identifier; its visualización is a sealed PDF with the metadata
// page and the report's page. Plasencia sees none of it.
func TestImportENIDocument(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		id := fileWithDocuments(t, env, cc)
		d, data := otherENI(t)
		doc := importENI(t, env, cc, id, "informe-cht.xml", data)
		D := "/expedientes/" + id + "/documentos/" + doc

		var docType, elaboration, ident, organ, filename, ctype, sum string
		var origin int
		if err := env.DB.QueryRow(`SELECT doc_type, elaboration, eni_identifier, eni_organ, filename, content_type, sha256, origin
			FROM casefile_documents WHERE id = $1`, doc).Scan(&docType, &elaboration, &ident, &organ, &filename, &ctype, &sum, &origin); err != nil {
			t.Fatal(err)
		}
		if docType != "TD13" || elaboration != "EE02" || origin != 1 || ident != d.Identifier || organ != "E04975701" ||
			filename != "informe-cht.pdf" || ctype != "application/pdf" || sum != sha(string(d.Content)) {
			t.Errorf("stored %s %s %d %s %s %s %s %s", docType, elaboration, origin, ident, organ, filename, ctype, sum)
		}
		if got := cc.Get(D); got.Body != string(d.Content) {
			t.Error("the document's download is not the PDF inside the ENI file")
		}
		if got := cc.Get(D + "/eni.xml"); got.Body != string(data) {
			t.Error("the ENI export is not the file as it came")
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "Documento ENI "+d.Identifier+" del órgano E04975701 incorporado", D+"/ficha")
		apptest.Expect(t, cc.Get(D+"/ficha"), http.StatusOK, "tal como llegó", d.Identifier, "E04975701", "03/11/2026 10:15",
			"EE02 Copia electrónica auténtica con cambio de formato", "ES_E04975701_2026_ORIGINAL7", "TD13 Informe", "Administración",
			"Código seguro de verificación (TF01) CHT7QX2LM9, verificable según: Resolución de la CHT", D+"/visualizacion.pdf")
		exp := cc.Get("/expedientes/" + id + "/eni.xml")
		apptest.Expect(t, exp, http.StatusOK, "<eniconexpind:IdentificadorDocumento>"+d.Identifier+"<")
		checkExpediente(t, []byte(exp.Body))

		res := cc.Get(D + "/visualizacion.pdf")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("visualización: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		sealed(t, []byte(res.Body))
		txt := pdfText(t, []byte(res.Body))
		for _, want := range []string{"Visualización del documento electrónico", "Expediente EXP", d.Identifier, "E04975701", "03/11/2026 10:15",
			"Administración", "EE02 Copia electrónica auténtica con cambio de formato", "TD13 Informe", "PDF",
			"CHT7QX2LM9", "sigue en las páginas siguientes", "La obra no afecta al cauce del arroyo."} {
			if !strings.Contains(txt, want) {
				t.Errorf("the visualización lacks %q:\n%s", want, txt)
			}
		}
		if i, j := strings.Index(txt, "Fecha de captura"), strings.Index(txt, "La obra no afecta"); j < i {
			t.Error("the report's page is not after the metadata's")
		}

		// The platform's own issued document: its CSV at the sede, its seal.
		issued := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND status = 'emitido'`, id)
		csv := env.String(t, `SELECT csv FROM casefile_documents WHERE id = $1`, issued)
		apptest.Expect(t, cc.Get("/expedientes/"+id+"/documentos/"+issued+"/ficha"), http.StatusOK, "Código seguro de verificación (TF01) "+csv+
			", verificable en http://concejo.test/", "Firma PAdES (TF06) de", ": íntegra", "ES_L01100377_")
		own := cc.Get("/expedientes/" + id + "/documentos/" + issued + "/visualizacion.pdf")
		sealed(t, []byte(own.Body))
		if txt := pdfText(t, []byte(own.Body)); !strings.Contains(txt, "Requerimiento") || !strings.Contains(txt, csv) {
			t.Errorf("own visualización:\n%s", txt)
		}

		pl := clients[apptest.Plasencia]
		for _, path := range []string{D + "/ficha", D + "/visualizacion.pdf", D + "/eni.xml", D} {
			apptest.Expect(t, pl.Get(path), http.StatusNotFound)
		}
	})
}

// TestImportENISigned: a document signed in XAdES enveloped over its
// content comes in with the signature shown intact, on its page and in its
// visualización; one whose content was changed after signing comes in
// with its signature shown altered, and says so in the history.
func TestImportENISigned(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		id := fileWithDocuments(t, env, cc)
		signed := signedENI(t, env)
		D := "/expedientes/" + id + "/documentos/" + importENI(t, env, cc, id, "firmado.xml", signed)
		intact := "Firma XAdES (TF03) de SECRETARIA PRUEBA ANA"
		apptest.Expect(t, cc.Get(D+"/ficha"), http.StatusOK, intact, ": íntegra")
		if txt := pdfText(t, []byte(cc.Get(D+"/visualizacion.pdf").Body)); !strings.Contains(txt, intact) || !strings.Contains(txt, "íntegra") {
			t.Errorf("visualización:\n%s", txt)
		}

		tampered := bytes.Replace(signed, []byte("<enifile:ValorBinario>JVBER"), []byte("<enifile:ValorBinario>JVBES"), 1)
		T := "/expedientes/" + id + "/documentos/" + importENI(t, env, cc, id, "alterado.xml", tampered)
		page := cc.Get(T + "/ficha")
		apptest.Expect(t, page, http.StatusOK, intact, ": alterada")
		if strings.Contains(page.Body, ": íntegra") {
			t.Error("the altered signature is shown intact")
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "alterada (el contenido firmado no coincide")
		if txt := pdfText(t, []byte(cc.Get(T+"/visualizacion.pdf").Body)); !strings.Contains(txt, "alterada") || !strings.Contains(txt, "no es un PDF") {
			t.Errorf("visualización of the altered one:\n%s", txt)
		}
	})
}

// TestImportENIInSide: InSide's sample, its content inside its CAdES
// signature, comes in with its metadata; its ENI export is the file as it
// came and its visualización describes its content, which is no PDF.
func TestImportENIInSide(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		id := fileWithDocuments(t, env, cc)
		data, err := os.ReadFile("../../platform/eni/testdata/inside/ProcesoValidarDocumento_DocRefInterna.xml")
		if err != nil {
			t.Fatal(err)
		}
		doc := importENI(t, env, cc, id, "ProcesoValidarDocumento_DocRefInterna.xml", data)
		D := "/expedientes/" + id + "/documentos/" + doc
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE id = $1 AND doc_type = 'TD01' AND origin = 0
			AND elaboration = 'EE01' AND eni_identifier = 'ES_E04975701_2017_2046_sfd' AND eni_organ = 'EA9999999'
			AND filename = 'ProcesoValidarDocumento_DocRefInterna.bin' AND size = 10`, doc); n != 1 {
			t.Error("the InSide document is not stored with its metadata")
		}
		if got := cc.Get(D); got.Body != "Ldfsdfasdf" {
			t.Errorf("content %q", got.Body)
		}
		if got := cc.Get(D + "/eni.xml"); got.Body != string(data) {
			t.Error("the ENI export is not the file as it came")
		}
		apptest.Expect(t, cc.Get(D+"/ficha"), http.StatusOK, "ES_E04975701_2017_2046_sfd", "EA9999999", "15/06/2017 00:00",
			"Ciudadano", "TD01 Resolución", "no trae ninguna firma")
		res := cc.Get(D + "/visualizacion.pdf")
		sealed(t, []byte(res.Body))
		txt := pdfText(t, []byte(res.Body))
		for _, want := range []string{"ES_E04975701_2017_2046_sfd", "EA9999999", "Ciudadano", "EE01 Original", "BIN", "no es un PDF"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the visualización lacks %q:\n%s", want, txt)
			}
		}
	})
}

// TestImportENIRefused: a broken ENI document is refused with the
// parser's message and nothing is stored; other XML is a plain document.
func TestImportENIRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		id := fileWithDocuments(t, env, cc)
		_, data := otherENI(t)
		before := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1`, id)
		for _, c := range []struct {
			data []byte
			want string
		}{
			{bytes.Replace(data, []byte("<enifile:ValorBinario>"), []byte("<enifile:ValorBinario>*"), 1),
				"El documento ENI no es válido: el contenido en base64 no es válido."},
			{data[:len(data)/2], "El documento ENI no es válido: el fichero no es un XML bien formado."},
			{bytes.Replace(data, []byte(">TD13<"), []byte(">TD1<"), 1), "El documento ENI no es válido: tipo documental"},
		} {
			res := postMultipart(t, cc, "/expedientes/"+id+"/documentos", url.Values{"tipo": {""}}, "fichero", file{"roto.xml", c.data})
			apptest.Expect(t, res, http.StatusUnprocessableEntity, c.want)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1`, id); n != before {
			t.Errorf("%d documents after the refusals, want %d", n, before)
		}
		// XML that is no ENI document needs its tipo documental, and is kept as it is.
		other := []byte(`<?xml version="1.0"?><factura xmlns="urn:facturae"><total>12</total></factura>`)
		apptest.Expect(t, postMultipart(t, cc, "/expedientes/"+id+"/documentos", url.Values{"tipo": {""}}, "fichero", file{"factura.xml", other}),
			http.StatusUnprocessableEntity, "Elija el tipo documental.")
		idAfter(t, postMultipart(t, cc, "/expedientes/"+id+"/documentos", url.Values{"tipo": {"TD19"}}, "fichero", file{"factura.xml", other}), "/expedientes/")
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND filename = 'factura.xml' AND eni_identifier = ''
			AND doc_type = 'TD19'`, id); n != 1 {
			t.Error("other XML is not a plain document")
		}
	})
}
