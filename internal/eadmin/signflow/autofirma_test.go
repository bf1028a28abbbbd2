package signflow_test

import (
	"context"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/auth/certtest"
	"concejo/internal/platform/autofirma/client"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

var launchRe = regexp.MustCompile(`data-afirma-url="([^"]+)"`)
var sessionRe = regexp.MustCompile(`action="/portafirmas/autofirma/([A-Za-z0-9]+)/resultado"`)

// TestAutoFirmaBatch: the mayor marks two documents (a PDF and another
// file) and signs them with his own certificate through AutoFirma's
// protocol, played by the Go client: both are signed by his certificate
// and his circuit moves on. With a certificate that is not his, nothing
// is signed.
func TestAutoFirmaBatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor := env.Login(t, apptest.Caceres), env.Login(t, alcaldia)
		mayorID := env.UserID(t, alcaldia)
		one := url.Values{"tipo": {"resolucion"}, "paso1_accion": {"firma"}, "paso1_personas": {mayorID}}
		one.Set("titulo", "Decreto para AutoFirma")
		pdfID := submit(t, author, one, samplePDF(t, "Decreto"))
		one.Set("titulo", "Pliego para AutoFirma")
		txtID := requestID(t, author.PostFiles(t, "/portafirmas", one, "documento", apptest.File{Name: "pliego.txt", Content: []byte("Pliego\n")}))

		hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, strings.TrimPrefix(env.Server.URL, "http://"))
		}}}
		run := func(nif string) string {
			page := mayor.Post("/portafirmas/autofirma", url.Values{"peticion": {pdfID, txtID}})
			mustStatus(t, page, http.StatusOK, "open the batch")
			launch, session := launchRe.FindStringSubmatch(page.Body), sessionRe.FindStringSubmatch(page.Body)
			if launch == nil || session == nil {
				t.Fatalf("launch page:\n%.2000s", page.Body)
			}
			cert := env.SigningCA.Signer(pkix.Name{Country: []string{"ES"}, SerialNumber: "IDCES-" + nif,
				CommonName: "GALLARDO PULIDO JULIAN - " + nif}, certtest.SignerOptions{RSA: true})
			c := &client.Client{Key: sign.Key{Signer: cert.PrivateKey.(crypto.Signer), Chain: []*x509.Certificate{cert.Leaf, env.SigningCA.Cert}}, HTTP: hc}
			if err := c.Run(context.Background(), html.UnescapeString(launch[1])); err != nil {
				t.Logf("AutoFirma: %v", err)
			}
			res := mayor.Post("/portafirmas/autofirma/"+session[1]+"/resultado", nil)
			mustStatus(t, res, http.StatusSeeOther, "outcome")
			return apptest.Text(mayor.Get("/portafirmas").Body)
		}

		if flash := run("00000000T"); !strings.Contains(flash, "Firmados con AutoFirma: 0") || !strings.Contains(flash, "no es de Julián") {
			t.Fatalf("with another's certificate:\n%.1500s", flash)
		}
		if state(t, env, pdfID) != "en_circulacion" {
			t.Fatal("signed with another's certificate")
		}
		nif := env.String(t, `SELECT nif FROM users WHERE id = $1`, mayorID)
		if flash := run(nif); !strings.Contains(flash, "Firmados con AutoFirma: 2") {
			t.Fatalf("batch:\n%.1500s", flash)
		}
		for _, id := range []string{pdfID, txtID} {
			if state(t, env, id) != "firmada" {
				t.Fatalf("%s is %s", id, state(t, env, id))
			}
			if how := env.String(t, `SELECT how FROM signflow_signatures WHERE request_id = $1`, id); how != "autofirma" {
				t.Fatalf("signature made %q", how)
			}
		}
		sigs, err := pdf.Signatures([]byte(author.Get("/portafirmas/" + pdfID + "/documento").Body))
		if err != nil || len(sigs) != 1 || !sigs[0].DigestValid || sigs[0].SignerNIF != nif {
			t.Fatalf("PDF signed through AutoFirma: %+v %v", sigs, err)
		}
		verifyCAdES(t, []byte(author.Get("/portafirmas/"+txtID+"/firmas/1/1").Body), []byte("Pliego\n"))
	})
}
