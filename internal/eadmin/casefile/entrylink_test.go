package casefile_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestEntryLinkOnlyForRegistryReaders: an expediente started from an asiento
// links to it for who reads the registro; the mayor, who reads the
// expedientes but not the registro, sees the asiento's number without a link
// that would answer «sin permiso», and its interesados without links to
// the terceros. The province's figures and the model
// procedures, read by the Diputación, have no crumbs up to the expedientes
// and the catalogue it cannot open.
func TestEntryLinkOnlyForRegistryReaders(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		caceres := env.EntityID(t, apptest.Dir3Caceres)
		id := env.String(t, `SELECT id FROM casefile_files WHERE entity_id = $1 AND entry_id IS NOT NULL AND entry_id <> '' ORDER BY id LIMIT 1`, caceres)
		entry := env.String(t, `SELECT entry_id FROM casefile_files WHERE entity_id = $1 AND id = $2`, caceres, id)
		number := env.String(t, `SELECT entry_number FROM casefile_files WHERE entity_id = $1 AND id = $2`, caceres, id)
		link := `href="/registro/asientos/` + entry + `"`

		cc := env.Login(t, apptest.Caceres)
		page := cc.Get("/expedientes/" + id)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, link) {
			t.Fatalf("registry reader: %d, no link to the asiento:\n%s", page.Status, apptest.Text(page.Body))
		}
		apptest.Expect(t, cc.Get("/registro/asientos/"+entry), http.StatusOK, number)

		mayor := env.Login(t, "alcaldia@caceres.es")
		page = mayor.Get("/expedientes/" + id)
		apptest.Expect(t, page, http.StatusOK, number)
		if strings.Contains(page.Body, "/registro/asientos/") {
			t.Fatalf("the mayor gets a link to an asiento he may not read:\n%s", apptest.Text(page.Body))
		}
		apptest.Expect(t, mayor.Get("/registro/asientos/"+entry), http.StatusForbidden)
		// Nor to the terceros' ficha of an interesado, which he may not read
		// (the first interesado of the expediente is tied to a tercero).
		party := env.String(t, `SELECT MIN(id) FROM parties WHERE entity_id = $1 AND merged_into IS NULL`, caceres)
		if _, err := env.DB.ExecContext(context.Background(), `UPDATE casefile_parties SET party_id = $1
			WHERE entity_id = $2 AND file_id = $3 AND pos = (SELECT MIN(pos) FROM casefile_parties WHERE entity_id = $2 AND file_id = $3)`,
			party, caceres, id); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, `href="/terceros/`+party+`"`)
		page = mayor.Get("/expedientes/" + id)
		apptest.Expect(t, page, http.StatusOK)
		if strings.Contains(page.Body, "/terceros/") {
			t.Fatal("the mayor gets a link to a tercero he may not read")
		}
		apptest.Expect(t, mayor.Get("/terceros/"+party), http.StatusForbidden)

		dip := env.Login(t, apptest.DipAdmin)
		for _, path := range []string{"/expedientes/provincia", "/procedimientos/modelos/SOLICITUD-GENERAL"} {
			page = dip.Get(path)
			apptest.Expect(t, page, http.StatusOK)
			if strings.Contains(page.Body, `href="/expedientes"`) || strings.Contains(page.Body, `href="/procedimientos"`) {
				t.Fatalf("%s links to /expedientes or /procedimientos, which the Diputación cannot open", path)
			}
		}
		apptest.Expect(t, dip.Get("/procedimientos"), http.StatusForbidden)
		page = cc.Get("/procedimientos/modelos/SOLICITUD-GENERAL")
		if !strings.Contains(page.Body, `href="/procedimientos"`) {
			t.Fatal("the model procedure has no crumb up to the catalogue for who reads it")
		}
	})
}
