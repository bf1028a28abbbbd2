package signflow_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/pdf"
)

// TestCircuitJourney: a document goes through a visto bueno and a
// signature; the signer cannot act before his turn; he rejects with a
// mandatory reason; the author sends a corrected version; both act again
// and the PDF carries a valid PAdES signature of the mayor.
func TestCircuitJourney(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author := env.Login(t, apptest.Caceres)
		sec, mayor := env.Login(t, secretaria), env.Login(t, alcaldia)
		id := submit(t, author, twoSteps(env, t), samplePDF(t, "Decreto"))
		path := "/portafirmas/" + id

		inbox := apptest.Text(sec.Get("/portafirmas").Body)
		if !strings.Contains(inbox, "Decreto de aprobación de facturas") || !strings.Contains(inbox, "Visto bueno") {
			t.Fatalf("secretary's inbox:\n%.1500s", inbox)
		}
		if strings.Contains(apptest.Text(mayor.Get("/portafirmas").Body), "Decreto de aprobación de facturas") {
			t.Fatal("the mayor sees the document before the visto bueno")
		}
		mustStatus(t, mayor.Post(path+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}), http.StatusForbidden, "sign before turn")
		mustStatus(t, sec.Post(path+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(secretaria)}}), http.StatusConflict, "sign a visto bueno step")
		mustStatus(t, sec.Post(path+"/visto-bueno", nil), http.StatusSeeOther, "visto bueno")

		mustStatus(t, mayor.Post(path+"/rechazar", url.Values{"motivo": {"  "}}), http.StatusUnprocessableEntity, "reject without reason")
		mustStatus(t, mayor.Post(path+"/rechazar", url.Values{"motivo": {"Falta el importe de la factura 3."}}), http.StatusSeeOther, "reject")
		page := apptest.Text(author.Get(path).Body)
		if !strings.Contains(page, "Rechazado") || !strings.Contains(page, "Falta el importe de la factura 3.") {
			t.Fatalf("author's page after the rejection:\n%.2000s", page)
		}
		mustStatus(t, mayor.Post(path+"/visto-bueno", nil), http.StatusConflict, "act on a rejected circuit")

		corrected := samplePDF(t, "Decreto corregido")
		mustStatus(t, author.PostFiles(t, path+"/corregir", nil, "documento", apptest.File{Name: "decreto-v2.pdf", Content: corrected}),
			http.StatusSeeOther, "resubmit")
		mustStatus(t, sec.Post(path+"/visto-bueno", nil), http.StatusSeeOther, "visto bueno v2")
		mustStatus(t, mayor.Post(path+"/firmar", url.Values{"contrasena": {"no-es-la-suya"}}), http.StatusUnprocessableEntity, "wrong password")
		mustStatus(t, mayor.Post(path+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}), http.StatusSeeOther, "sign")

		page = apptest.Text(author.Get(path).Body)
		for _, want := range []string{"Firmado", "versión 2", "Circuito completado", "Enviada la versión 2 corregida", "PAdES"} {
			if !strings.Contains(page, want) {
				t.Fatalf("final page lacks %q:\n%.3000s", want, page)
			}
		}
		doc := author.Get(path + "/documento")
		mustStatus(t, doc, http.StatusOK, "download")
		if !strings.HasPrefix(doc.Body, string(corrected)) {
			t.Fatal("the signed PDF is not an incremental update of the corrected version")
		}
		sigs, err := pdf.Signatures([]byte(doc.Body))
		if err != nil || len(sigs) != 1 {
			t.Fatalf("signatures: %v %v", sigs, err)
		}
		if !sigs[0].DigestValid || !sigs[0].CoversWholeFile || !strings.Contains(sigs[0].SignerName, "GALLARDO") {
			t.Fatalf("signature: %+v", sigs[0])
		}
		if sigs[0].SubFilter != "ETSI.CAdES.detached" {
			t.Fatalf("subfilter %q", sigs[0].SubFilter)
		}
	})
}

// TestOtherEntityCannotSee: Plasencia's administrator gets 404 for
// Cáceres' request and its document, and cannot act on it.
func TestOtherEntityCannotSee(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author := env.Login(t, apptest.Caceres)
		id := submit(t, author, twoSteps(env, t), samplePDF(t, "Decreto"))
		other := env.Login(t, apptest.Plasencia)
		for _, p := range []string{"/portafirmas/" + id, "/portafirmas/" + id + "/documento"} {
			mustStatus(t, other.Get(p), http.StatusNotFound, "GET "+p)
		}
		mustStatus(t, other.Post("/portafirmas/"+id+"/rechazar", url.Values{"motivo": {"x"}}), http.StatusNotFound, "reject")
		mustStatus(t, other.Post("/portafirmas/"+id+"/retirar", nil), http.StatusNotFound, "withdraw")
		if strings.Contains(apptest.Text(other.Get("/portafirmas/enviados").Body), "Decreto de aprobación de facturas") {
			t.Fatal("Plasencia lists Cáceres' request")
		}
	})
}
