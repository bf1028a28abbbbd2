package signflow_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/pdf"
)

var draftRe = regexp.MustCompile(`^/resoluciones/([0-9A-Za-z]+)$`)

// TestResolutionThroughCircuit: a propuesta de resolución goes to the
// portafirmas as its PDF with a CSV; it cannot be edited meanwhile; the
// mayor's signature numbers it in the book, and its document is the signed
// PDF, the one the CSV verifies.
func TestResolutionThroughCircuit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor := env.Login(t, apptest.Caceres), env.Login(t, alcaldia)
		res := author.Post("/resoluciones", url.Values{"organo": {"alcaldia"}, "extracto": {"Aprobación de la relación de facturas F/2026/12"},
			"texto": {"RESUELVO\n\nPrimero. Aprobar la relación de facturas."}})
		mustStatus(t, res, http.StatusSeeOther, "draft")
		draft := draftRe.FindStringSubmatch(res.Location)[1]
		form := author.Get("/portafirmas/nueva?origen=resolucion&origen_id=" + draft)
		mustStatus(t, form, http.StatusOK, "form")
		if !strings.Contains(apptest.Text(form.Body), "código seguro de verificación") {
			t.Fatalf("form:\n%.1500s", apptest.Text(form.Body))
		}
		id := requestID(t, author.Post("/portafirmas", url.Values{"origen": {"resolucion"}, "origen_id": {draft},
			"titulo": {"Resolución: facturas F/2026/12"}, "tipo": {"resolucion"}, "paso1_accion": {"firma"},
			"paso1_personas": {env.UserID(t, alcaldia)}}))
		mustStatus(t, author.Post("/resoluciones/"+draft+"/editar", url.Values{"organo": {"alcaldia"}, "extracto": {"Otro"}}),
			http.StatusConflict, "edit while in the portafirmas")
		if page := apptest.Text(author.Get("/resoluciones/" + draft).Body); !strings.Contains(page, "En circulación") {
			t.Fatalf("decree page lacks the circuit:\n%.1500s", page)
		}
		mustStatus(t, mayor.Post("/portafirmas/"+id+"/firmar", url.Values{"contrasena": {apptest.DemoPassword(alcaldia)}}),
			http.StatusSeeOther, "sign")
		page := apptest.Text(author.Get("/resoluciones/" + draft).Body)
		if !strings.Contains(page, "Firmada electrónicamente en el portafirmas") || !regexp.MustCompile(`Número \d{4}/\d{6}`).MatchString(page) {
			t.Fatalf("decree after the signature:\n%.2000s", page)
		}
		doc := author.Get("/resoluciones/" + draft + "/documento.pdf")
		mustStatus(t, doc, http.StatusOK, "document")
		sigs, err := pdf.Signatures([]byte(doc.Body))
		if err != nil || len(sigs) != 1 || !sigs[0].DigestValid {
			t.Fatalf("signed resolution: %v %v", sigs, err)
		}
		if a, b := env.String(t, `SELECT csv FROM decrees_resolutions WHERE id = $1`, draft), env.String(t, `SELECT csv FROM signflow_requests WHERE id = $1`, id); a != b || a == "" {
			t.Fatalf("the resolution's CSV %q is not the one printed on the signed PDF %q", a, b)
		}
		signed := env.String(t, `SELECT content FROM signflow_requests WHERE id = $1`, id)
		if signed != doc.Body {
			t.Fatal("the resolution's document is not the PDF signed in the portafirmas")
		}
	})
}
