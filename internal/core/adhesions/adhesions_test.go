package adhesions_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/core/adhesions"
	"concejo/internal/platform/web"
)

func TestLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		plasencia := env.EntityID(t, apptest.Dir3Plasencia)
		mod := adhesions.New(env.App.Kit)
		pl := env.Login(t, apptest.Plasencia)
		code := requestable(t, env, pl, plasencia)
		if code == "" {
			t.Fatal("Plasencia has no service left to request in the demo")
		}
		id := requestAdhesion(t, pl, code)
		if s := state(t, env, id); s != "solicitada" {
			t.Fatalf("state %s", s)
		}
		var number string
		env.DB.QueryRowContext(ctx, `SELECT number FROM adhesions WHERE id = $1`, id).Scan(&number)
		if !strings.HasPrefix(number, "ADH-") || len(number) != len("ADH-2026-000001") {
			t.Fatalf("number %q", number)
		}
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, number, "Solicitada", "Subir el documento firmado", "Solicitud de adhesión")

		doc := pl.Get("/adhesiones/" + id + "/documento.pdf")
		if doc.Status != http.StatusOK || !strings.HasPrefix(doc.Body, "%PDF") {
			t.Fatalf("documento.pdf: %d %.20q", doc.Status, doc.Body)
		}
		if cd := doc.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, number) {
			t.Fatalf("Content-Disposition %q", cd)
		}

		// Nothing can be approved before it is signed; a second request is refused.
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, dip.Post("/adhesiones/"+id+"/aprobar", nil), http.StatusConflict, "Solo se puede aprobar una adhesión firmada")
		apptest.Expect(t, pl.Post("/adhesiones", url.Values{"servicio": {code}, "cantidad": {"3"}}), http.StatusConflict, "en curso")

		signed := signPDF(t, env, []byte(doc.Body))
		res := upload(t, pl, "/adhesiones/"+id+"/firmado", signed)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		var nif, detail string
		env.DB.QueryRowContext(ctx, `SELECT signer_nif, signature_detail FROM adhesions WHERE id = $1`, id).Scan(&nif, &detail)
		if s := state(t, env, id); s != "firmada" || nif != signerNIF || !strings.Contains(detail, "Firma PAdES") {
			t.Fatalf("after upload: state %s nif %q detail %q", s, nif, detail)
		}
		if strings.Contains(detail, "Atención") {
			t.Fatalf("a clean signature of the generated document got a warning: %s", detail)
		}
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, signerNIF, "PIZARRO SANCHEZ FERNANDO")
		if got := pl.Get("/adhesiones/" + id + "/firmado.pdf"); got.Status != http.StatusOK || !bytes.Equal([]byte(got.Body), signed) {
			t.Fatalf("firmado.pdf: %d, %d bytes", got.Status, len(got.Body))
		}
		apptest.Expect(t, upload(t, pl, "/adhesiones/"+id+"/firmado", signed), http.StatusConflict, "pendiente de firma")

		// Only the Diputación approves; the entity cannot approve its own.
		apptest.Expect(t, pl.Post("/adhesiones/"+id+"/aprobar", nil), http.StatusForbidden)
		if res := dip.Post("/adhesiones/"+id+"/aprobar", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		if s := state(t, env, id); s != "activa" {
			t.Fatalf("state after approval %s", s)
		}
		active, err := mod.ActiveServices(ctx, plasencia)
		if err != nil || !slices.Contains(active, code) {
			t.Fatalf("ActiveServices = %v, %v; want %s", active, err, code)
		}
		apptest.Expect(t, dip.Post("/adhesiones/"+id+"/aprobar", nil), http.StatusConflict)
		apptest.Expect(t, pl.Get("/servicios"), http.StatusOK, "Adherida")

		// Ending needs a reason.
		apptest.Expect(t, pl.Post("/adhesiones/"+id+"/finalizar", url.Values{}), http.StatusUnprocessableEntity,
			"Explique el motivo por el que se finaliza la adhesión.")
		if res := pl.Post("/adhesiones/"+id+"/finalizar", url.Values{"motivo_fin": {"Ya no lo necesitamos."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("finish: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		if s := state(t, env, id); s != "finalizada" {
			t.Fatalf("state after finishing %s", s)
		}
		active, _ = mod.ActiveServices(ctx, plasencia)
		if slices.Contains(active, code) {
			t.Fatalf("ActiveServices still has %s: %v", code, active)
		}
		apptest.Expect(t, pl.Post("/adhesiones/"+id+"/finalizar", url.Values{"motivo_fin": {"otra vez"}}), http.StatusConflict)

		// Every step is dated, attributed and in the history.
		var decidedBy, endedBy string
		env.DB.QueryRowContext(ctx, `SELECT decided_by, ended_by FROM adhesions WHERE id = $1`, id).Scan(&decidedBy, &endedBy)
		if decidedBy != env.UserID(t, apptest.DipAdmin) || endedBy != env.UserID(t, apptest.Plasencia) {
			t.Fatalf("decided_by %s ended_by %s", decidedBy, endedBy)
		}
		var actions []string
		rows, _ := env.DB.QueryContext(ctx, `SELECT action FROM audit_log WHERE object_type = 'adhesion' AND object_id = $1 ORDER BY seq`, id)
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		want := []string{"adhesion.solicitar", "adhesion.firmar", "adhesion.aprobar", "adhesion.finalizar"}
		if !slices.Equal(actions, want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, "Adhesión aprobada", "Adhesión finalizada", "Ya no lo necesitamos.")

		// Anyone can verify the document by its CSV.
		csv := csvOf(t, env, id)
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.Get("/verificar"), http.StatusOK, "Código seguro de verificación")
		apptest.Expect(t, anon.Get("/verificar?csv="+strings.ToLower(csv)), http.StatusOK, number, "Plasencia", "/verificar/"+csv+"/documento")
		if got := anon.Get("/verificar/" + csv + "/documento"); got.Status != http.StatusOK || got.Body != doc.Body {
			t.Fatalf("public document: %d", got.Status)
		}
		apptest.Expect(t, anon.Get("/verificar?csv=NOEXISTE0000000000000000"), http.StatusNotFound, "No hay ningún documento")
		if got := anon.Get("/verificar/NOEXISTE0000000000000000/documento"); got.Status != http.StatusNotFound {
			t.Fatalf("unknown CSV document: %d", got.Status)
		}
	})
}

func TestVerifyIsRateLimited(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		anon := env.Anonymous(t)
		var last apptest.Response
		for i := 0; i < 31; i++ {
			last = anon.Get("/verificar?csv=NOEXISTE0000000000000000")
		}
		apptest.Expect(t, last, http.StatusTooManyRequests, "demasiadas consultas")
	})
}

func TestEligibility(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		abadia := env.EntityID(t, apptest.Dir3Abadia)
		mod := adhesions.New(env.App.Kit)
		ok, reason, err := mod.Eligible(ctx, abadia, "registro")
		if err != nil || ok || !strings.Contains(reason, "habitantes") {
			t.Fatalf("Eligible(Abadía, registro) = %v %q %v", ok, reason, err)
		}
		if ok, _, err := mod.Eligible(ctx, abadia, "gestiona"); err != nil || !ok {
			t.Fatalf("Eligible(Abadía, gestiona) = %v %v", ok, err)
		}
		if _, _, err := mod.Eligible(ctx, abadia, "no-existe"); err == nil {
			t.Fatal("unknown service must fail")
		}

		ab := env.Login(t, apptest.Abadia)
		switchTo(t, ab, abadia)
		apptest.Expect(t, ab.Get("/adhesiones/nueva?servicio=registro"), http.StatusConflict, "es solo para", "337 habitantes")
		apptest.Expect(t, ab.Post("/adhesiones", url.Values{"servicio": {"registro"}}), http.StatusConflict, "es solo para")
		cat := ab.Get("/servicios")
		apptest.Expect(t, cat, http.StatusOK, "Ayuntamientos de menos de 2.000 habitantes", "No puede adherirse")

		var open int
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions WHERE entity_id = $1 AND service_code = 'gestiona'
			AND state IN ('solicitada', 'firmada', 'activa')`, abadia).Scan(&open)
		if open > 0 {
			apptest.Expect(t, ab.Post("/adhesiones", url.Values{"servicio": {"gestiona"}}), http.StatusConflict, "Abadía ya")
		} else {
			id := requestAdhesion(t, ab, "gestiona")
			apptest.Expect(t, ab.Get("/adhesiones"), http.StatusOK, "Gestiona")
			// The requester may withdraw it while unsigned.
			if res := ab.Post("/adhesiones/"+id+"/anular", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("annul: %d\n%s", res.Status, apptest.Text(res.Body))
			}
			if s := state(t, env, id); s != "anulada" {
				t.Fatalf("state %s", s)
			}
		}
		apptest.Expect(t, ab.Post("/adhesiones", url.Values{"servicio": {"no-existe"}}), http.StatusUnprocessableEntity)
	})
}

// switchTo makes entityID the client's current entity.
func switchTo(t *testing.T, c *apptest.Client, entityID string) {
	t.Helper()
	if res := c.Post("/entidad-actual", url.Values{"entidad": {entityID}}); res.Status != http.StatusSeeOther {
		t.Fatalf("switch entity: %d", res.Status)
	}
}

func TestQuantity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		var code, unit string
		err := env.DB.QueryRowContext(ctx, `SELECT code, unit_label FROM services WHERE unit_label <> '' AND active ORDER BY code LIMIT 1`).
			Scan(&code, &unit)
		if err != nil {
			t.Skip("no service counted in units")
		}
		plasencia := env.EntityID(t, apptest.Dir3Plasencia)
		var open int
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions WHERE entity_id = $1 AND service_code = $2
			AND state IN ('solicitada', 'firmada', 'activa')`, plasencia, code).Scan(&open)
		if open > 0 {
			env.DB.ExecContext(ctx, `UPDATE adhesions SET state = 'finalizada' WHERE entity_id = $1 AND service_code = $2`, plasencia, code)
		}
		pl := env.Login(t, apptest.Plasencia)
		if res := pl.Get("/adhesiones/nueva?servicio=" + code); res.Status != http.StatusOK {
			t.Skipf("Plasencia cannot request %s: %s", code, apptest.Text(res.Body))
		}
		apptest.Expect(t, pl.Post("/adhesiones", url.Values{"servicio": {code}}), http.StatusUnprocessableEntity, "Indique cuántos "+unit)
		apptest.Expect(t, pl.Post("/adhesiones", url.Values{"servicio": {code}, "cantidad": {"0"}}), http.StatusUnprocessableEntity, "entre 1 y 10.000")
		apptest.Expect(t, pl.Post("/adhesiones", url.Values{"servicio": {code}, "cantidad": {"10001"}}), http.StatusUnprocessableEntity, "entre 1 y 10.000")
		apptest.Expect(t, pl.Post("/adhesiones", url.Values{"servicio": {code}, "cantidad": {"2,5"}}), http.StatusUnprocessableEntity, "número entero")
		res := pl.Post("/adhesiones", url.Values{"servicio": {code}, "cantidad": {"25"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("request with quantity: %d", res.Status)
		}
		var q int
		env.DB.QueryRowContext(ctx, `SELECT quantity FROM adhesions WHERE entity_id = $1 AND service_code = $2 AND state = 'solicitada'`,
			plasencia, code).Scan(&q)
		if q != 25 {
			t.Fatalf("quantity %d", q)
		}
		apptest.Expect(t, pl.Get(res.Location), http.StatusOK, "25 "+unit)
	})
}

func TestUploadErrors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Login(t, apptest.Plasencia)
		code := requestable(t, env, pl, env.EntityID(t, apptest.Dir3Plasencia))
		id := requestAdhesion(t, pl, code)
		path := "/adhesiones/" + id + "/firmado"
		apptest.Expect(t, upload(t, pl, path, nil), http.StatusUnprocessableEntity, "Seleccione el documento")
		apptest.Expect(t, upload(t, pl, path, []byte("esto no es un pdf")), http.StatusUnprocessableEntity, "no es un PDF")
		generated := []byte(pl.Get("/adhesiones/" + id + "/documento.pdf").Body)
		apptest.Expect(t, upload(t, pl, path, generated), http.StatusUnprocessableEntity, "no contiene ninguna firma")

		// A signature whose signed bytes were altered afterwards.
		signed := signPDF(t, env, generated)
		broken := bytes.Clone(signed)
		i := bytes.Index(broken, []byte("/Title"))
		if i < 0 {
			i = 200
		}
		broken[i+1] ^= 0x01
		apptest.Expect(t, upload(t, pl, path, broken), http.StatusUnprocessableEntity, "no es válida")

		big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 10<<20)...)
		if res := upload(t, pl, path, big); res.Status != http.StatusRequestEntityTooLarge && res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("oversized upload: %d", res.Status)
		}
		if s := state(t, env, id); s != "solicitada" {
			t.Fatalf("a failed upload changed the state to %s", s)
		}

		// A document changed after signing is accepted with a warning.
		modified := append(bytes.Clone(signed), []byte("\n% añadido después de firmar\n")...)
		if res := upload(t, pl, path, modified); res.Status != http.StatusSeeOther {
			t.Fatalf("upload of a modified document: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, "se modificó después de firmarse")
	})
}

func TestRejectAndDipAdminOnly(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Login(t, apptest.Plasencia)
		id := requestAdhesion(t, pl, requestable(t, env, pl, env.EntityID(t, apptest.Dir3Plasencia)))
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, pl.Post("/adhesiones/"+id+"/rechazar", url.Values{"motivo_rechazo": {"x"}}), http.StatusForbidden)
		apptest.Expect(t, dip.Post("/adhesiones/"+id+"/rechazar", url.Values{}), http.StatusUnprocessableEntity, "Explique el motivo del rechazo")
		if res := dip.Post("/adhesiones/"+id+"/rechazar", url.Values{"motivo_rechazo": {"Falta el informe del secretario."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", res.Status)
		}
		if s := state(t, env, id); s != "rechazada" {
			t.Fatalf("state %s", s)
		}
		apptest.Expect(t, pl.Get("/adhesiones/"+id), http.StatusOK, "Falta el informe del secretario.")
		apptest.Expect(t, pl.Post("/adhesiones/"+id+"/anular", url.Values{}), http.StatusConflict, "Solo se puede anular")
	})
}

func TestNumbersAreGaplessPerYear(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		// Two entities request several services at the same time.
		type job struct {
			c    *apptest.Client
			code string
		}
		var jobs []job
		for _, u := range []struct{ email, dir3 string }{{apptest.Plasencia, apptest.Dir3Plasencia}, {apptest.Caceres, apptest.Dir3Caceres}} {
			c := env.Login(t, u.email)
			for _, code := range requestables(t, env, c, env.EntityID(t, u.dir3), 3) {
				jobs = append(jobs, job{c, code})
			}
		}
		if len(jobs) < 2 {
			t.Skip("not enough services left to request")
		}
		statuses := make([]int, len(jobs))
		var wg sync.WaitGroup
		for i, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := url.Values{"servicio": {j.code}, "cantidad": {"2"}}
				statuses[i] = j.c.Post("/adhesiones", form).Status
			}()
		}
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusSeeOther {
				t.Fatalf("request %s: %d", jobs[i].code, s)
			}
		}
		rows, err := env.DB.QueryContext(ctx, `SELECT number FROM adhesions WHERE number LIKE $1 ORDER BY number`,
			fmt.Sprintf("ADH-%d-%%", time.Now().In(web.Madrid).Year()))
		if err != nil {
			t.Fatal(err)
		}
		var nums []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			nums = append(nums, n)
		}
		rows.Close()
		if len(nums) < len(jobs) {
			t.Fatalf("%d numbers for %d requests", len(nums), len(jobs))
		}
		for i := range nums {
			if want := fmt.Sprintf("ADH-%d-%06d", time.Now().In(web.Madrid).Year(), i+1); nums[i] != want {
				t.Fatalf("numbers %v: position %d is not %s", nums, i, want)
			}
		}
	})
}

func TestCatalogueAdministration(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		dip := env.Login(t, apptest.DipAdmin)
		apptest.Expect(t, dip.Get("/servicios/gestiona"), http.StatusOK, "Condiciones de acceso", "Publicar una nueva versión")
		var before int
		env.DB.QueryRowContext(ctx, `SELECT MAX(version) FROM service_conditions WHERE service_code = 'gestiona'`).Scan(&before)
		var oldBody string
		env.DB.QueryRowContext(ctx, `SELECT body FROM service_conditions WHERE service_code = 'gestiona' AND version = $1`, before).Scan(&oldBody)

		apptest.Expect(t, dip.Post("/servicios/gestiona/condiciones", url.Values{"texto": {""}}), http.StatusUnprocessableEntity, "Escriba el texto")
		apptest.Expect(t, dip.Post("/servicios/gestiona/condiciones", url.Values{"texto": {oldBody}}), http.StatusUnprocessableEntity, "igual al de la versión vigente")
		text := "Primera. La entidad usará el servicio conforme a la normativa.\n\nSegunda. Los costes los asume la Diputación."
		if res := dip.Post("/servicios/gestiona/condiciones", url.Values{"texto": {text}}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		var after int
		var stillOld string
		env.DB.QueryRowContext(ctx, `SELECT MAX(version) FROM service_conditions WHERE service_code = 'gestiona'`).Scan(&after)
		env.DB.QueryRowContext(ctx, `SELECT body FROM service_conditions WHERE service_code = 'gestiona' AND version = $1`, before).Scan(&stillOld)
		if after != before+1 || stillOld != oldBody {
			t.Fatalf("versions %d → %d; old text rewritten: %v", before, after, stillOld != oldBody)
		}
		apptest.Expect(t, dip.Get("/servicios/gestiona"), http.StatusOK, "Los costes los asume la Diputación.", "Versiones anteriores")

		// Eligibility is data: validated, replaced, audited.
		apptest.Expect(t, dip.Post("/servicios/gestiona/requisitos", url.Values{}), http.StatusUnprocessableEntity, "Marque al menos un tipo")
		apptest.Expect(t, dip.Post("/servicios/gestiona/requisitos", url.Values{"admite_ayuntamiento": {"1"}, "min_ayuntamiento": {"5000"},
			"max_ayuntamiento": {"100"}}), http.StatusUnprocessableEntity, "no puede ser menor que la mínima")
		apptest.Expect(t, dip.Post("/servicios/gestiona/requisitos", url.Values{"admite_elm": {"1"}, "max_elm": {"mucho"}}),
			http.StatusUnprocessableEntity, "número entero")
		res := dip.Post("/servicios/gestiona/requisitos", url.Values{"admite_ayuntamiento": {"1"}, "max_ayuntamiento": {"4.999"},
			"admite_elm": {"1"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("requisitos: %d\n%s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, dip.Get("/servicios/gestiona"), http.StatusOK, "Ayuntamientos de menos de 5.000 habitantes y entidades locales menores")
		var n int
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'service' AND object_id = 'gestiona'
			AND action IN ('servicio.condiciones', 'servicio.requisitos')`).Scan(&n)
		if n != 2 {
			t.Fatalf("audit rows %d, want 2", n)
		}
		// A new request carries the version in force.
		pl := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, pl.Get("/adhesiones/nueva?servicio=gestiona"), http.StatusConflict, "es solo para")
	})
}

func TestDescribeRules(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	cases := []struct {
		rules []adhesions.Rule
		want  string
	}{
		{[]adhesions.Rule{{Kind: "ayuntamiento", Max: n(1999)}, {Kind: "elm"}},
			"Ayuntamientos de menos de 2.000 habitantes y entidades locales menores"},
		{[]adhesions.Rule{{Kind: "ayuntamiento", Min: n(2000)}, {Kind: "mancomunidad"}},
			"Ayuntamientos de 2.000 habitantes o más y mancomunidades"},
		{[]adhesions.Rule{{Kind: "ayuntamiento", Min: n(1000), Max: n(5000)}, {Kind: "elm"}, {Kind: "mancomunidad"}},
			"Ayuntamientos de entre 1.000 y 5.000 habitantes, entidades locales menores y mancomunidades"},
		{nil, "Ninguna entidad: el servicio no admite adhesiones por ahora"},
	}
	for _, c := range cases {
		if got := adhesions.DescribeRules(c.rules); got != c.want {
			t.Errorf("DescribeRules = %q, want %q", got, c.want)
		}
	}
}

func TestListFiltersAndPagination(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		var total, active int
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions`).Scan(&total)
		env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM adhesions WHERE state = 'activa'`).Scan(&active)
		if total <= adhesions.PageSize {
			t.Skipf("only %d adhesions in the demo", total)
		}
		tec := env.Login(t, apptest.Tecnico)
		first := tec.Get("/adhesiones?orden=numero")
		pages := (total + adhesions.PageSize - 1) / adhesions.PageSize
		apptest.Expect(t, first, http.StatusOK, fmt.Sprintf("Página 1 de %d", pages), `rel="next"`)
		if n := strings.Count(first.Body, `<tr>`) - 1; n != adhesions.PageSize {
			t.Fatalf("first page has %d rows", n)
		}
		second := tec.Get("/adhesiones?orden=numero&pagina=2")
		apptest.Expect(t, second, http.StatusOK, "Página 2 de", `rel="prev"`)
		var firstNumber string
		env.DB.QueryRowContext(ctx, `SELECT MIN(number) FROM adhesions`).Scan(&firstNumber)
		if !strings.Contains(first.Body, firstNumber) || strings.Contains(second.Body, firstNumber+"<") {
			t.Fatalf("ordering by number: %s not on page 1 only", firstNumber)
		}
		apptest.Expect(t, tec.Get("/adhesiones?estado=activa"), http.StatusOK, fmt.Sprintf("%s adhesiones", web.Thousands(int64(active))))
		csv := tec.Get("/adhesiones.csv?estado=activa")
		if lines := strings.Count(csv.Body, "\n"); lines != active+1 {
			t.Fatalf("CSV has %d lines, want %d", lines, active+1)
		}
		// Unknown filter values are ignored, not errors.
		apptest.Expect(t, tec.Get("/adhesiones?estado=nada&tipo=x&orden=y&pagina=-3"), http.StatusOK)
	})
}
