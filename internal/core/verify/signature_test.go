package verify_test

import (
	"context"
	"crypto"
	"crypto/x509"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/core/verify"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// signer is a citizen's key from the test CA the platform trusts.
func signer(t *testing.T, env *apptest.Env) sign.Key {
	t.Helper()
	c := env.SigningCA.Signer(certtest.Name("GOMEZ NUÑEZ LUCIA", "12345678Z"), certtest.SignerOptions{})
	return sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, env.SigningCA.Cert}}
}

func signed(t *testing.T, f sign.Format, data []byte, k sign.Key) []byte {
	t.Helper()
	out, err := sign.Sign(f, data, k, sign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCheckSignature: anyone uploads a PDF signed by a trusted
// certificate and sees it valid, with the signer and the checks; the
// registry's justificante, sealed by the entity with the platform's own
// test authority, is intact but not from a trusted provider; a CAdES
// signature asks for its original and is valid with it.
func TestCheckSignature(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon, k := env.Anonymous(t), signer(t, env)
		apptest.Expect(t, anon.Get("/verificar"), http.StatusOK, `href="/verificar/firma"`)
		apptest.Expect(t, anon.Get("/verificar/firma"), http.StatusOK, "Comprobar una firma electrónica", "Fichero firmado", "Documento original")

		unsigned, err := pdf.Render(pdf.Document{Issuer: "Lucía Gómez Núñez", Title: "Solicitud", Paragraphs: []string{"Solicita."}})
		if err != nil {
			t.Fatal(err)
		}
		res := anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "solicitud.pdf", Content: signed(t, sign.PAdES, unsigned, k)})
		apptest.Expect(t, res, http.StatusOK, "«solicitud.pdf» contiene 1 firma electrónica", "Firma 1: PAdES", "Firma válida",
			"GOMEZ NUÑEZ LUCIA", "12345678Z", "AC PRUEBAS FIRMA", "declarada por el programa de firma en el PDF", "Cadena de confianza: AC PRUEBAS FIRMA (raíz de confianza)")

		e := newEntry(t, env)
		receipt, err := registry.New(env.App.Kit).Receipt(context.Background(), env.EntityID(t, apptest.Dir3Caceres), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		res = anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "justificante.pdf", Content: receipt})
		apptest.Expect(t, res, http.StatusOK, "Firma íntegra, pero el certificado no procede de un prestador de confianza",
			"Sello electrónico del Ayuntamiento de Cáceres", "AC de pruebas de Concejo")

		content := []byte("Solicitud de poda")
		csig := signed(t, sign.CAdES, content, k)
		res = anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "solicitud.csig", Content: csig})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "aporte también el documento original", `id="original-error"`)
		res = anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "solicitud.csig", Content: csig},
			apptest.File{Name: "solicitud.txt", Content: content, Field: "original"})
		apptest.Expect(t, res, http.StatusOK, "Firma 1: CAdES", "Firma válida", "GOMEZ NUÑEZ LUCIA")
		res = anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "solicitud.csig", Content: csig},
			apptest.File{Name: "otra.txt", Content: []byte("Solicitud de tala"), Field: "original"})
		apptest.Expect(t, res, http.StatusOK, "Firma no válida: el contenido firmado se alteró", "no corresponde a la firma")
	})
}

// TestCheckSignatureBadInput: no file, a file of no known format, one
// too large and too many checks get a Spanish message and a 4xx.
func TestCheckSignatureBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.PostFiles(t, "/verificar/firma", url.Values{}, "fichero"), http.StatusUnprocessableEntity,
			"Seleccione el fichero firmado")
		apptest.Expect(t, anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "nota.txt", Content: []byte("hola")}),
			http.StatusUnprocessableEntity, "no es un PDF firmado, un XML firmado")
		apptest.Expect(t, anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "vacio.pdf"}),
			http.StatusUnprocessableEntity, "El fichero está vacío")
		apptest.Expect(t, anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "nota.xml", Content: []byte("<a>sin firmar</a>")}),
			http.StatusUnprocessableEntity, "no contiene ninguna firma electrónica")
		big := apptest.File{Name: "grande.pdf", Content: []byte("%PDF-1.4\n" + strings.Repeat("x", verify.MaxSignedFile))}
		apptest.Expect(t, anon.PostFiles(t, "/verificar/firma", nil, "fichero", big), http.StatusRequestEntityTooLarge, "demasiado grande")
		var last apptest.Response
		for range verify.ChecksPerMinute {
			last = anon.PostFiles(t, "/verificar/firma", nil, "fichero", apptest.File{Name: "nota.txt", Content: []byte("hola")})
		}
		apptest.Expect(t, last, http.StatusTooManyRequests, "demasiadas firmas seguidas")
		apptest.Expect(t, anon.Get("/verificar/firma"), http.StatusOK)
	})
}
