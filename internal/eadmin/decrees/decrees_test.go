package decrees_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/eadmin/decrees"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

func isConflict(err error) bool { return errors.Is(err, errs.Conflict) }

// TestLifecycle drafts, edits, signs and rectifies a resolution over HTTP:
// bad input is 422 with Spanish messages; a signed resolution cannot be
// edited or deleted (409); a signing date in the future, of another year
// or before the book's last resolution is refused (422); the PDF opens and
// its CSV is verifiable at /verificar.
func TestLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Post("/resoluciones", url.Values{"extracto": {""}, "organo": {"concejal"}}),
			http.StatusUnprocessableEntity, "Escriba el extracto", "Escriba el nombre de la concejalía delegada", "Escriba el decreto de delegación")
		apptest.Expect(t, cc.Post("/resoluciones", url.Values{"extracto": {strings.Repeat("a", 251)}}),
			http.StatusUnprocessableEntity, "como máximo 250 caracteres")
		apptest.Expect(t, cc.Post("/resoluciones", url.Values{"extracto": {"x"}, "organo": {"pleno"}}),
			http.StatusUnprocessableEntity, "Elija el órgano")
		apptest.Expect(t, cc.Post("/resoluciones", url.Values{"extracto": {"x"}, "rectifica": {"1999/000001"}}),
			http.StatusUnprocessableEntity, "No hay ninguna resolución firmada con el número 1999/000001")

		id := newDraft(t, cc, "Concesión de licencia de obra menor a Lucía García")
		apptest.Expect(t, cc.Get("/resoluciones/"+id), http.StatusOK, "Propuesta de resolución (borrador)", "Registrar la firma", "Borrar el borrador")
		edit := draftForm("Concesión de licencia de obra menor a Lucía García Pizarro")
		edit.Set("organo", "concejal")
		edit.Set("organo_nombre", "Concejalía de Urbanismo y Obras")
		edit.Set("delegacion", "Decreto 2025/000231, de 17 de junio")
		if res := cc.Post("/resoluciones/"+id+"/editar", edit); res.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, cc.Get("/resoluciones/"+id), http.StatusOK, "Lucía García Pizarro", "Concejalía de Urbanismo y Obras (por delegación: Decreto 2025/000231")

		// Bad signatures: no signer, a bad date, the future, another year.
		now := time.Now().In(web.Madrid)
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", url.Values{"fecha": {today()}}),
			http.StatusUnprocessableEntity, "Escriba el nombre de quien firma", "Escriba el cargo de quien firma")
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", signForm("31/02/2026")),
			http.StatusUnprocessableEntity, "La fecha de la firma no es válida")
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", signForm(now.AddDate(0, 0, 1).Format("2006-01-02"))),
			http.StatusUnprocessableEntity, "no puede ser posterior a hoy")
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", signForm(fmt.Sprintf("%d-06-01", now.Year()-1))),
			http.StatusUnprocessableEntity, fmt.Sprintf("tiene que ser de este año (%d)", now.Year()))
		if n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE id = $1 AND state = 'borrador'`, id); n != 1 {
			t.Fatal("a refused signature signed the draft")
		}

		res := cc.Post("/resoluciones/"+id+"/firmar", signForm(today()))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", res.Status, apptest.Text(res.Body))
		}
		var number, code string
		if err := env.DB.QueryRow(`SELECT number, csv FROM decrees_resolutions WHERE id = $1`, id).Scan(&number, &code); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(number, fmt.Sprintf("%d/", now.Year())) || len(number) != 11 {
			t.Fatalf("number %q", number)
		}
		apptest.Expect(t, cc.Get("/resoluciones/"+id), http.StatusOK, "Resolución "+number, "Firmada en papel por Rafael Mateos Yuste", code)

		// A signed resolution is never edited nor deleted.
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/editar", draftForm("Otro")), http.StatusConflict, "no se puede modificar ni borrar")
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/borrar", url.Values{}), http.StatusConflict, "dicte otra resolución que la rectifique")
		apptest.Expect(t, cc.Get("/resoluciones/"+id+"/editar"), http.StatusConflict, "no se puede modificar ni borrar")
		apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", signForm(today())), http.StatusConflict, "ya está firmada con el número "+number)

		// Its document: a PDF in the CSV register, verifiable by anyone.
		pdf := cc.Get("/resoluciones/" + id + "/documento.pdf")
		if pdf.Status != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF") {
			t.Fatalf("document: %d %.20q", pdf.Status, pdf.Body)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM issued_documents WHERE csv = $1 AND kind = 'resolucion' AND length(sha256) = 64`, code); n != 1 {
			t.Fatal("the document is not in the CSV register")
		}
		apptest.Expect(t, env.Anonymous(t).Get("/verificar?csv="+code), http.StatusOK, "Resolución "+number)

		// Before the book's last resolution: refused, and the number is given back.
		if now.YearDay() > 1 {
			other := newDraft(t, cc, "Aprobación de la nómina del mes")
			apptest.Expect(t, cc.Post("/resoluciones/"+other+"/firmar", signForm(fmt.Sprintf("%d-01-01", now.Year()))),
				http.StatusUnprocessableEntity, "no puede ser anterior a la de la última resolución del libro ("+number)
			if res := cc.Post("/resoluciones/"+other+"/firmar", signForm(today())); res.Status != http.StatusSeeOther {
				t.Fatalf("sign: %d", res.Status)
			}
			var seq, prev int64
			env.DB.QueryRow(`SELECT seq FROM decrees_resolutions WHERE id = $1`, other).Scan(&seq)
			env.DB.QueryRow(`SELECT seq FROM decrees_resolutions WHERE id = $1`, id).Scan(&prev)
			if seq != prev+1 {
				t.Fatalf("after a refused signature the next number is %d, want %d", seq, prev+1)
			}
		}

		// A rectification links both ways.
		form := draftForm("Rectificación de error material en la resolución " + number)
		form.Set("rectifica", number)
		rect := newDraft(t, cc, "x")
		if res := cc.Post("/resoluciones/"+rect+"/editar", form); res.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, cc.Post("/resoluciones/"+rect+"/firmar", signForm(today())), http.StatusSeeOther)
		apptest.Expect(t, cc.Get("/resoluciones/"+rect), http.StatusOK, "Rectifica a", "Resolución "+number)
		apptest.Expect(t, cc.Get("/resoluciones/"+id), http.StatusOK, "Rectificada por")

		// The list and its filters.
		apptest.Expect(t, cc.Get("/resoluciones?q="+url.QueryEscape("garcia pizarro")), http.StatusOK, number, "Lucía García Pizarro")
		apptest.Expect(t, cc.Get("/resoluciones?q="+url.QueryEscape(number)), http.StatusOK, "Lucía García Pizarro")
		apptest.Expect(t, cc.Get("/resoluciones?estado=borrador&anio=1999&organo=x&pagina=-3&q=%25"), http.StatusOK, "No hay resoluciones que coincidan")
		apptest.Expect(t, cc.Get(fmt.Sprintf("/resoluciones?anio=%d&organo=%s", now.Year(), url.QueryEscape("Concejalía de Urbanismo y Obras"))), http.StatusOK, number)
		newDraft(t, cc, "Concesión del 100% ayuda al alquiler")
		newDraft(t, cc, "Pago de la subvención_x a la asociación")
		apptest.ExpectLiteralSearch(t, cc, "/resoluciones?q=", "100% ayuda", "subvención_x", "licencia")

		// Every change is audited.
		for _, action := range []string{"resoluciones.proponer", "resoluciones.modificar", "resoluciones.firmar"} {
			if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = $2`, id, action); n != 1 {
				t.Errorf("audit %s: %d", action, n)
			}
		}
	})
}

// TestExport downloads the year's index in every format and the whole
// book as one PDF.
func TestExport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		year := time.Now().In(web.Madrid).Year()
		for range 3 {
			id := newDraft(t, cc, "Adjudicación del contrato menor de suministro")
			apptest.Expect(t, cc.Post("/resoluciones/"+id+"/firmar", signForm(today())), http.StatusSeeOther)
		}
		entity := env.EntityID(t, apptest.Dir3Caceres)
		want := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1 AND year = $2`, entity, year)
		res := cc.Get(fmt.Sprintf("/resoluciones/indice?anio=%d&formato=csv", year))
		if res.Status != http.StatusOK {
			t.Fatalf("csv: %d", res.Status)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
		cr.Comma = ';'
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != want+1 || rows[0][0] != "Número" {
			t.Fatalf("%d rows, want %d and a header: %v", len(rows), want+1, rows[0])
		}
		for i, r := range rows[1:] {
			if r[0] != decrees.FormatNumber(year, int64(i+1)) {
				t.Fatalf("row %d is %s: not in number order", i+1, r[0])
			}
		}
		for _, f := range []string{"ods", "xlsx"} {
			if res := cc.Get(fmt.Sprintf("/resoluciones/indice?anio=%d&formato=%s", year, f)); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
				t.Fatalf("%s: %d", f, res.Status)
			}
		}
		apptest.Expect(t, cc.Get("/resoluciones/indice?formato=doc"), http.StatusBadRequest, "Formato de exportación no reconocido")
		apptest.Expect(t, cc.Get("/resoluciones/indice?anio=3000"), http.StatusBadRequest, "El año del libro no es válido")
		for _, y := range []int{year, year - 1, 1990} {
			book := cc.Get(fmt.Sprintf("/resoluciones/libro.pdf?anio=%d", y))
			if book.Status != http.StatusOK || !strings.HasPrefix(book.Body, "%PDF-1.4") || !strings.HasSuffix(book.Body, "%%EOF\n") {
				t.Fatalf("book %d: %d %.20q", y, book.Status, book.Body)
			}
			if !bytes.Contains([]byte(book.Body), []byte("/Type /Catalog")) || !strings.Contains(book.Body, "startxref") {
				t.Fatalf("book %d is not a whole PDF", y)
			}
		}
	})
}

// TestGoAPI proposes through the Go API, finds by expediente, and runs the
// OnSigned hook inside the signing transaction: a failing hook rolls the
// signature back and the number is not used.
func TestGoAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		dec := decrees.New(env.App.Kit)
		entity, clerk := env.EntityID(t, apptest.Dir3Caceres), env.UserID(t, apptest.Caceres)
		if _, err := dec.Propose(ctx, decrees.Proposal{EntityID: entity, Summary: ""}); !errors.Is(err, errs.Invalid) {
			t.Fatalf("empty extracto: %v", err)
		}
		if _, err := dec.Propose(ctx, decrees.Proposal{EntityID: entity, Summary: "x", By: env.UserID(t, apptest.Plasencia)}); !errors.Is(err, errs.Invalid) {
			t.Fatalf("a stranger proposes: %v", err)
		}
		id, err := dec.Propose(ctx, decrees.Proposal{EntityID: entity, Summary: "Resolución del expediente de licencia",
			CaseID: "CASE01", CaseNumber: "2026/LIC/0007", By: clerk})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dec.Get(ctx, env.EntityID(t, apptest.Dir3Plasencia), id); !errors.Is(err, errs.NotFound) {
			t.Fatalf("another entity's Get: %v", err)
		}
		var seen []string
		fail := true
		dec.OnSigned = func(ctx context.Context, tx *sql.Tx, d decrees.Decree) error {
			var state string
			if err := tx.QueryRowContext(ctx, `SELECT state FROM decrees_resolutions WHERE entity_id = $1 AND id = $2`, d.EntityID, d.ID).Scan(&state); err != nil {
				return err
			}
			seen = append(seen, d.Number+" "+state+" "+d.CaseID)
			if fail {
				return errs.New(errs.Conflict, "El expediente no admite resolución.")
			}
			return nil
		}
		sig := decrees.Signature{SignerName: "Rafael Mateos Yuste", SignerPost: "Alcalde-Presidente", SignedOn: time.Now(), By: clerk}
		if _, err := dec.Sign(ctx, entity, id, sig); !isConflict(err) {
			t.Fatalf("a failing hook: %v", err)
		}
		fail = false
		d, err := dec.Sign(ctx, entity, id, sig)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 2 || seen[0] != seen[1] || seen[1] != d.Number+" firmado CASE01" {
			t.Fatalf("hook saw %v (number %s): the rolled-back number must be reused", seen, d.Number)
		}
		list, err := dec.ByCase(ctx, entity, "CASE01")
		if err != nil || len(list) != 1 || list[0].Number != d.Number || list[0].CaseNumber != "2026/LIC/0007" {
			t.Fatalf("ByCase: %v %+v", err, list)
		}
		got, err := dec.Get(ctx, entity, id)
		if err != nil || !got.Signed() || got.Signature != decrees.KindPaper || got.CSV == "" {
			t.Fatalf("Get: %v %+v", err, got)
		}
	})
}

// TestDemo: the demo gives Cáceres books for this year and the last, whose
// counters match their resolutions, and drafts; Abadía (not adhered) none.
func TestDemo(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.EntityID(t, apptest.Dir3Caceres)
		year := time.Now().In(web.Madrid).Year()
		for _, y := range []int{year - 1, year} {
			n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1 AND year = $2`, cc, y)
			last := env.Count(t, `SELECT last FROM decrees_counters WHERE entity_id = $1 AND year = $2`, cc, y)
			if n < 20 || n != last {
				t.Errorf("book %d: %d resolutions, counter %d", y, n, last)
			}
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1 AND state = 'borrador'`, cc); n != 3 {
			t.Errorf("%d drafts", n)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1`, env.EntityID(t, apptest.Dir3Abadia)); n != 0 {
			t.Errorf("Abadía has %d resolutions", n)
		}
		c := env.Login(t, apptest.Caceres)
		apptest.Expect(t, c.Get("/resoluciones"), http.StatusOK, "Libro de resoluciones", fmt.Sprintf("%d/", year), "Borrador")
		var id string
		env.DB.QueryRow(`SELECT id FROM decrees_resolutions WHERE entity_id = $1 AND year = $2 ORDER BY seq LIMIT 1`, cc, year-1).Scan(&id)
		if res := c.Get("/resoluciones/" + id + "/documento.pdf"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
			t.Fatalf("a demo resolution's PDF: %d", res.Status)
		}
	})
}
