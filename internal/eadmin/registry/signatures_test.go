package registry_test

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"net/http"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// TestEntryDocumentSignatures: the asiento's page says of each PDF and
// XML document whether it is signed and the verdict on its signatures,
// in one line; other formats are not checked.
func TestEntryDocumentSignatures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		key := func(ca *certtest.CA) sign.Key {
			c := ca.Signer(certtest.Name("GOMEZ NUÑEZ LUCIA", "12345678Z"), certtest.SignerOptions{})
			return sign.Key{Signer: c.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{c.Leaf, ca.Cert}}
		}
		trusted, stranger := key(env.SigningCA), key(certtest.NewCA(t, "AC DESCONOCIDA"))
		signed := func(f sign.Format, data []byte, k sign.Key) []byte {
			out, err := sign.Sign(f, data, k, sign.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		plano, err := pdf.Render(pdf.Document{Issuer: "Lucía Gómez Núñez", Title: "Plano de la reforma", Paragraphs: []string{"Cocina y baño."}})
		if err != nil {
			t.Fatal(err)
		}
		solicitud := signed(sign.PAdES, plano, trusted)
		altered := bytes.Clone(solicitud)
		altered[12] ^= 1 // in the header's binary comment, inside the signed bytes
		memoria := signed(sign.XAdESEnveloped, []byte(`<memoria Id="M"><texto>Reforma del baño</texto></memoria>`), stranger)

		cc := env.Login(t, apptest.Caceres)
		id := idFrom(t, postEntry(t, cc, entryForm(""), file{"solicitud.pdf", solicitud}, file{"plano.pdf", plano},
			file{"alterado.pdf", altered}, file{"memoria.xml", memoria}, file{"nota.txt", []byte("Llamar por la tarde.")}))
		apptest.Expect(t, cc.Get("/registro/asientos/"+id), http.StatusOK, "Firma electrónica",
			"Firmado por GOMEZ NUÑEZ LUCIA (NIF 12345678Z): firma válida",
			"sin firma electrónica",
			"Firmado por GOMEZ NUÑEZ LUCIA (NIF 12345678Z): firma no válida: el contenido firmado se alteró",
			"Firmado por GOMEZ NUÑEZ LUCIA (NIF 12345678Z): firma íntegra, pero el certificado no procede de un prestador de confianza",
			"No se comprueba (solo PDF y XML)")
	})
}
