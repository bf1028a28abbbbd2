package adhesions_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestVerifyLinkOnlyForKeptDocuments: an adhesion's page offers to check its
// CSV, and to download the request to sign, only when the platform keeps
// the document (a link that works without a session); an adhesion recorded
// without its documents (before the platform, or in the demo) shows its CSV
// and says why it cannot be checked, instead of a link that leads to «no
// encontrado».
func TestVerifyLinkOnlyForKeptDocuments(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		plasencia := env.EntityID(t, apptest.Dir3Plasencia)
		pl := env.Login(t, apptest.Plasencia)
		code := requestable(t, env, pl, plasencia)
		if code == "" {
			t.Fatal("Plasencia has no service left to request in the demo")
		}
		kept := requestAdhesion(t, pl, code)
		csv := csvOf(t, env, kept)
		page := pl.Get("/adhesiones/" + kept)
		apptest.Expect(t, page, http.StatusOK, csv)
		if !strings.Contains(page.Body, "/verificar?csv="+csv) || !strings.Contains(page.Body, "/adhesiones/"+kept+"/documento.pdf") {
			t.Fatalf("no link to check or download a kept document:\n%s", apptest.Text(page.Body))
		}
		apptest.Expect(t, env.Anonymous(t).Get("/verificar?csv="+csv), http.StatusOK, csv)

		old := env.String(t, `SELECT id FROM adhesions a WHERE entity_id = $1 AND NOT EXISTS
			(SELECT 1 FROM adhesion_documents d WHERE d.entity_id = a.entity_id AND d.adhesion_id = a.id) ORDER BY id LIMIT 1`, plasencia)
		oldCSV := csvOf(t, env, old)
		page = pl.Get("/adhesiones/" + old)
		apptest.Expect(t, page, http.StatusOK, oldCSV, "no se puede comprobar")
		if strings.Contains(page.Body, "/verificar?csv=") || strings.Contains(page.Body, "/documento.pdf") {
			t.Fatalf("links to a document the platform does not keep:\n%s", apptest.Text(page.Body))
		}
		apptest.Expect(t, env.Anonymous(t).Get("/verificar?csv="+oldCSV), http.StatusNotFound)
	})
}
