package verify_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/csvdoc"
)

// newEntry registers an asiento of Cáceres through the registry's API.
func newEntry(t *testing.T, env *apptest.Env) registry.Entry {
	t.Helper()
	e, err := registry.New(env.App.Kit).Register(context.Background(), registry.NewEntry{
		EntityID: env.EntityID(t, apptest.Dir3Caceres), Kind: "entrada", Means: "electronico", By: "sede",
		Subject: "Instancia general", Summary: "Solicita información",
		Interested: []registry.Interested{{DocType: "NIF", DocNumber: "12345678Z", Name: "Lucía Gómez Núñez"}}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestVerifyJustificante(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.Get("/verificar"), http.StatusOK, "Código seguro de verificación")
		e := newEntry(t, env)
		// Not yet rendered: the verification page has it issued on the spot.
		if n := env.Count(t, `SELECT COUNT(*) FROM issued_documents WHERE csv = $1`, e.ReceiptCSV); n != 0 {
			t.Fatalf("justificante issued before any request: %d", n)
		}
		typed := strings.ToLower(e.ReceiptCSV[:8] + "-" + e.ReceiptCSV[8:16] + " " + e.ReceiptCSV[16:])
		apptest.Expect(t, anon.Get("/verificar?csv="+url.QueryEscape(typed)), http.StatusOK, "Justificante de registro "+e.Number,
			"Ayuntamiento de Cáceres", "/verificar/"+e.ReceiptCSV+"/documento")
		doc := anon.Get("/verificar/" + e.ReceiptCSV + "/documento")
		if doc.Status != http.StatusOK || !strings.HasPrefix(doc.Body, "%PDF") || doc.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download: %d %q", doc.Status, doc.Header.Get("Content-Type"))
		}
		pdf, err := registry.New(env.App.Kit).Receipt(context.Background(), env.EntityID(t, apptest.Dir3Caceres), e.ID)
		if err != nil || string(pdf) != doc.Body {
			t.Fatalf("the verified document is not the justificante: %v", err)
		}
		// The PDF carries the code and the QR's address.
		if got, err := csvdoc.Lookup(context.Background(), env.DB, e.ReceiptCSV); err != nil || got.Kind != "justificante" {
			t.Fatalf("register: %v %+v", err, got.Kind)
		}
		apptest.Expect(t, anon.Get("/verificar?csv=NOEXISTE0000000000000000"), http.StatusNotFound, "No hay ningún documento")
		apptest.Expect(t, anon.Get("/verificar/NOEXISTE0000000000000000/documento"), http.StatusNotFound)
		apptest.Expect(t, anon.Get("/verificar?csv="+strings.Repeat("A", 500)), http.StatusNotFound)
	})
}

func TestVerifyIsRateLimited(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon := env.Anonymous(t)
		var last apptest.Response
		for range 31 {
			last = anon.Get("/verificar/NOEXISTE0000000000000000/documento")
		}
		apptest.Expect(t, last, http.StatusTooManyRequests, "demasiadas consultas")
		apptest.Expect(t, anon.Get("/verificar?csv=X"), http.StatusTooManyRequests)
		// The form itself (no code) is not a lookup.
		apptest.Expect(t, anon.Get("/verificar"), http.StatusOK)
	})
}

// TestMigrationCopiesAdhesionDocuments runs the data migration on an
// adhesion document that is not in the register (as before adhesions
// issued them through csvdoc) and finds it verifiable afterwards.
func TestMigrationCopiesAdhesionDocuments(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Login(t, apptest.Plasencia)
		var res apptest.Response
		rows, err := env.DB.Query(`SELECT code FROM services s WHERE active AND NOT EXISTS (SELECT 1 FROM adhesions a
			WHERE a.entity_id = $1 AND a.service_code = s.code AND a.state IN ('solicitada', 'firmada', 'activa'))
			ORDER BY code`, env.EntityID(t, apptest.Dir3Plasencia))
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			codes = append(codes, c)
		}
		rows.Close()
		for _, c := range codes {
			if res = pl.Post("/adhesiones", url.Values{"servicio": {c}, "cantidad": {"3"}}); res.Status == http.StatusSeeOther {
				break
			}
		}
		if res.Status != http.StatusSeeOther {
			t.Fatalf("no adhesion could be requested: %d %s", res.Status, apptest.Text(res.Body))
		}
		id := strings.TrimPrefix(res.Location, "/adhesiones/")
		code := env.String(t, `SELECT csv FROM adhesions WHERE id = $1`, id)
		orig := pl.Get("/adhesiones/" + id + "/documento.pdf")
		if _, err := env.DB.Exec(`DELETE FROM issued_documents WHERE csv = $1`, code); err != nil {
			t.Fatal(err)
		}
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.Get("/verificar?csv="+code), http.StatusNotFound)
		sqlText, err := os.ReadFile("../../platform/db/migrations/0009_verify_adhesions.sql")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // idempotent
			if _, err := env.DB.Exec(string(sqlText)); err != nil {
				t.Fatal(err)
			}
		}
		apptest.Expect(t, anon.Get("/verificar?csv="+code), http.StatusOK, "Solicitud de adhesión", "Plasencia")
		if got := anon.Get("/verificar/" + code + "/documento"); got.Body != orig.Body {
			t.Fatal("the migrated document differs")
		}
	})
}
