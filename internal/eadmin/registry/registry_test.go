package registry_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/web"
)

func TestEntryLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/registro"), http.StatusOK, "Registro de entrada y salida", "Anotar un asiento")
		apptest.Expect(t, cc.Get("/registro?q=ningun-asiento-asi"), http.StatusOK, "No hay asientos que coincidan")

		// Validation: Spanish messages, nothing written.
		demoEntries := env.Count(t, `SELECT COUNT(*) FROM registry_entries`)
		bad := entryForm("")
		bad.Set("subject", "")
		bad.Set("interesado_documento", "12345678A")
		res := postEntry(t, cc, bad, file{"virus.exe", []byte("MZ")})
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "El asunto es obligatorio", "no se admite", "letra")
		if n := env.Count(t, `SELECT COUNT(*) FROM registry_entries`); n != demoEntries {
			t.Fatalf("%d entries after a refused form", n)
		}

		unit := createUnit(t, cc, "Urbanismo")
		apptest.Expect(t, cc.Post("/registro/unidades", url.Values{"nombre": {"urbanismo"}}), http.StatusUnprocessableEntity, "Ya hay una unidad")
		if res := cc.Post("/registro/unidades/"+unit+"/miembros", url.Values{"usuario": {env.UserID(t, ccUser)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add member: %d %s", res.Status, apptest.Text(res.Body))
		}

		plano := []byte("%PDF-1.4 plano de la reforma")
		sum := sha256.Sum256(plano)
		res = postEntry(t, cc, entryForm(unit), file{"plano.pdf", plano})
		id := idFrom(t, res)
		year := time.Now().In(web.Madrid).Year()
		number := fmt.Sprintf("%d/E/000001", year)
		page := cc.Get("/registro/asientos/" + id)
		apptest.Expect(t, page, http.StatusOK, number, "Lucía Gómez Núñez", "12345678Z", hex.EncodeToString(sum[:]),
			"Pendiente de aceptar", "Urbanismo")

		// The justificante: PDF with the CSV, verifiable by anyone.
		pdf := cc.Get("/registro/asientos/" + id + "/justificante.pdf")
		if pdf.Status != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF") || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("justificante: %d %q", pdf.Status, pdf.Header.Get("Content-Type"))
		}
		csv := env.String(t, `SELECT receipt_csv FROM registry_entries WHERE id = $1`, id)
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.Get("/verificar?csv="+strings.ToLower(csv)), http.StatusOK, "Justificante de registro", number, "Cáceres")
		if got := anon.Get("/verificar/" + csv + "/documento"); got.Body != pdf.Body {
			t.Fatal("the verified document differs from the justificante")
		}
		doc := cc.Get("/registro/asientos/" + id + "/documentos/1")
		if doc.Body != string(plano) || !strings.HasPrefix(doc.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("document: %q %q", doc.Body, doc.Header.Get("Content-Disposition"))
		}

		// The unit's member rejects with a reason, the office redistributes, he accepts.
		u := env.Login(t, ccUser)
		apptest.Expect(t, u.Get("/registro/pendientes"), http.StatusOK, number)
		apptest.Expect(t, u.Post("/registro/asientos/"+id+"/rechazar", url.Values{}), http.StatusUnprocessableEntity, "Explique por qué")
		if res := u.Post("/registro/asientos/"+id+"/rechazar", url.Values{"motivo": {"No es de Urbanismo"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", res.Status)
		}
		apptest.Expect(t, u.Post("/registro/asientos/"+id+"/aceptar", url.Values{}), http.StatusConflict, "no está pendiente")
		apptest.Expect(t, cc.Get("/registro?estado=sin_distribuir"), http.StatusOK, number)
		if res := cc.Post("/registro/asientos/"+id+"/distribuir", url.Values{"unidad": {unit}}); res.Status != http.StatusSeeOther {
			t.Fatalf("redistribute: %d %s", res.Status, apptest.Text(res.Body))
		}
		if res := u.Post("/registro/asientos/"+id+"/aceptar", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.Status)
		}
		apptest.Expect(t, u.Get("/registro/asientos/"+id), http.StatusOK, "Rechazado", "No es de Urbanismo", "Aceptado")
		// A usuario reads but does not annotate or register.
		apptest.Expect(t, u.Post("/registro/asientos/"+id+"/anotaciones", url.Values{"tipo": {"nota"}, "texto": {"x"}}), http.StatusForbidden)
		apptest.Expect(t, u.Get("/registro/nuevo"), http.StatusForbidden)

		// Corrections and cancellation are annotations; the asiento never changes.
		before := env.String(t, `SELECT subject || '|' || summary || '|' || number FROM registry_entries WHERE id = $1`, id)
		if res := cc.Post("/registro/asientos/"+id+"/anotaciones", url.Values{"tipo": {"correccion"},
			"texto": {"El interesado es Lucía Gómez Núñez, no Lucia."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("correction: %d", res.Status)
		}
		if res := cc.Post("/registro/asientos/"+id+"/anotaciones", url.Values{"tipo": {"anulacion"}, "texto": {"Presentado por error."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.Status)
		}
		apptest.Expect(t, cc.Post("/registro/asientos/"+id+"/anotaciones", url.Values{"tipo": {"anulacion"}, "texto": {"otra"}}),
			http.StatusConflict, "ya está anulado")
		apptest.Expect(t, cc.Post("/registro/asientos/"+id+"/anotaciones", url.Values{"tipo": {"borrar"}, "texto": {""}}),
			http.StatusUnprocessableEntity, "Elija si es", "obligatorio")
		if after := env.String(t, `SELECT subject || '|' || summary || '|' || number FROM registry_entries WHERE id = $1`, id); after != before {
			t.Fatalf("the asiento changed: %q → %q", before, after)
		}
		apptest.Expect(t, cc.Get("/registro/asientos/"+id), http.StatusOK, "Anulado", "Corrección", "Presentado por error.")
		apptest.Expect(t, cc.Get("/registro?estado=anulado"), http.StatusOK, number)

		// Lists, search and export.
		second := idFrom(t, postEntry(t, cc, url.Values{"kind": {"salida"}, "means": {"correo"}, "subject": {"Remisión de expediente"},
			"summary": {"Remite el expediente de contratación"}, "doc_type": {"TD06"}, "dest_dir3": {"L02000010"},
			"dest_name": {"Diputación Provincial de Cáceres"}}))
		apptest.Expect(t, cc.Get("/registro/asientos/"+second), http.StatusOK, fmt.Sprintf("%d/S/000001", year), "L02000010")
		apptest.Expect(t, cc.Get("/registro?q=nunez"), http.StatusOK, number)
		apptest.Expect(t, cc.Get("/registro?q=12345678Z"), http.StatusOK, number)
		if res := cc.Get("/registro?q=nunez"); strings.Contains(res.Body, fmt.Sprintf("%d/S/000001", year)) {
			t.Fatal("search by person returned the salida")
		}
		apptest.Expect(t, cc.Get("/registro?libro=S"), http.StatusOK, fmt.Sprintf("%d/S/000001", year))
		csvRes := cc.Get("/registro/exportar?formato=csv")
		if csvRes.Status != http.StatusOK || !contains(csvRes.Body, number, "Lucía Gómez Núñez", "Remisión de expediente") {
			t.Fatalf("export: %d %.300s", csvRes.Status, csvRes.Body)
		}
		apptest.Expect(t, cc.Get("/registro/exportar?formato=doc"), http.StatusBadRequest)
		apptest.Expect(t, cc.Get("/registro/libros"), http.StatusOK, "Entrada", "Salida")
		apptest.Expect(t, cc.Get("/registro?desde=ayer"), http.StatusOK, "no es válida")

		// Every change is audited.
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action LIKE 'registro.%'`, id); n != 6 {
			t.Fatalf("%d audit records for the asiento, want 6", n)
		}
	})
}

func TestUnitsAdministration(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Post("/registro/unidades", url.Values{"nombre": {""}, "dir3": {"X1"}}), http.StatusUnprocessableEntity,
			"El nombre de la unidad es obligatorio", "DIR3")
		unit := createUnit(t, cc, "Intervención")
		apptest.Expect(t, cc.Post("/registro/unidades/"+unit+"/miembros", url.Values{"usuario": {env.UserID(t, apptest.Plasencia)}}),
			http.StatusUnprocessableEntity, "trabaje para la entidad")
		id := idFrom(t, postEntry(t, cc, entryForm(unit)))
		apptest.Expect(t, cc.Post("/registro/unidades/"+unit+"/baja", url.Values{}), http.StatusConflict, "pendientes")
		if res := cc.Post("/registro/asientos/"+id+"/aceptar", url.Values{}); res.Status != http.StatusForbidden {
			t.Fatalf("a clerk outside the unit accepted: %d", res.Status)
		}
		other := createUnit(t, cc, "Secretaría")
		// The registry's administrator may decide for any unit (here: forward).
		env.DB.Exec(`UPDATE grants SET role_code = 'administrador' WHERE user_id = $1 AND service_code = 'registro'`, env.UserID(t, apptest.Caceres))
		cc = env.Login(t, apptest.Caceres)
		if res := cc.Post("/registro/asientos/"+id+"/reenviar", url.Values{"unidad": {other}}); res.Status != http.StatusSeeOther {
			t.Fatalf("forward: %d %s", res.Status, apptest.Text(res.Body))
		}
		if res := cc.Post("/registro/unidades/"+unit+"/baja", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("close unit: %d", res.Status)
		}
		apptest.Expect(t, postEntry(t, cc, entryForm(unit)), http.StatusUnprocessableEntity, "unidad activa")
		apptest.Expect(t, cc.Get("/registro/unidades"), http.StatusOK, "Intervención", "De baja", "Secretaría")
	})
}

// TestInterestedFromTerceros looks the interesado up in the entity's
// terceros and links the asiento to the tercero.
func TestInterestedFromTerceros(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ccID := env.EntityID(t, apptest.Dir3Caceres)
		now := time.Now().UTC()
		if _, err := env.DB.Exec(`INSERT INTO parties (entity_id, id, kind, doc_type, doc_number, name, surname1, surname2,
			search_text, sort_name, email, phone, address_text, postal_code, town, created_at, updated_at)
			VALUES ($1, 'tercero-prueba', 'fisica', 'NIF', '11111111H', 'Remedios', 'Pizarro', 'Bravo', 'remedios pizarro bravo', 'pizarro bravo remedios',
			'remedios@example.org', '927111222', 'Calle Mayor 3', '10003', 'Cáceres', $2, $2)`, ccID, now); err != nil {
			t.Fatal(err)
		}
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/registro/nuevo?buscar_documento=11111111h"), http.StatusOK, "Remedios Pizarro Bravo",
			"remedios@example.org", "tomados de terceros")
		apptest.Expect(t, cc.Get("/registro/nuevo?buscar_documento=22222222J"), http.StatusOK, "No hay ningún tercero")
		// Plasencia's clerk does not find Cáceres's tercero.
		apptest.Expect(t, env.Login(t, apptest.Plasencia).Get("/registro/nuevo?buscar_documento=11111111H"), http.StatusOK, "No hay ningún tercero")
		form := entryForm("")
		form.Set("interesado_documento", "11111111H")
		id := idFrom(t, postEntry(t, cc, form))
		if p := env.String(t, `SELECT party_id FROM registry_interested WHERE entry_id = $1`, id); p != "tercero-prueba" {
			t.Fatalf("party_id %q", p)
		}
	})
}
