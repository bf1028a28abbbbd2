package casefile_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
)

// TestOpenAndProcess: a clerk of Cáceres adopts the licencia de obra menor,
// opens an expediente from the solicitud's entrada (interesado linked to a
// tercero, the plan with its hash), issues a requerimiento de subsanación
// (the plazo máximo is suspended, then resumes later when answered),
// writes and issues the requerimiento from its template (versions kept,
// CSV registered) and concludes once the required trámites are done.
// Plasencia's administrator sees none of it.
func TestOpenAndProcess(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		clients := env.Clients(t)
		cc := clients[apptest.Caceres]
		proc := procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR")
		entry := registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez")

		apptest.Expect(t, cc.Get("/expedientes/nuevo"), http.StatusOK, "Entradas del registro sin expediente", "Lucía Gómez Núñez")
		apptest.Expect(t, cc.Get("/expedientes/nuevo?asiento="+entry), http.StatusOK, "Solicitud de la entrada", "Licencia de obra menor")
		id := openFrom(t, cc, proc, entry)
		year := time.Now().Year()
		page := cc.Get("/expedientes/" + id)
		// The next number of the year: after any the demo gave this year.
		num := env.String(t, `SELECT number FROM casefile_files WHERE id = $1`, id)
		last := env.Count(t, `SELECT last FROM casefile_counters WHERE entity_id = $1 AND year = $2`, env.EntityID(t, apptest.Dir3Caceres), year)
		if want := fmt.Sprintf("EXP%d/%06d", year, last); num != want {
			t.Errorf("number %q, want %q (the counter's)", num, want)
		}
		apptest.Expect(t, page, http.StatusOK, num, "Lucía Gómez Núñez", "plano.pdf", "3 meses",
			"se entiende estimada por silencio", "Iniciado")
		if party := env.String(t, `SELECT party_id FROM casefile_parties WHERE file_id = $1`, id); party == "" {
			t.Error("the interesado is not linked to a tercero")
		}
		if sum := env.String(t, `SELECT sha256 FROM casefile_documents WHERE file_id = $1`, id); sum != sha("%PDF-1.4 plano") {
			t.Errorf("sha256 %s", sum)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_tasks WHERE file_id = $1 AND state = 'hecho' AND step_code = 'solicitud'`, id); n != 1 {
			t.Error("the solicitud trámite is not done")
		}
		// The same entrada cannot open a second expediente.
		res := cc.Post("/expedientes", url.Values{"procedimiento": {proc}, "asiento": {entry}})
		apptest.Expect(t, res, http.StatusConflict, "ya se abrió el expediente")

		// Assigned to him, it is on his work list with the trámite it waits for.
		idAfter(t, cc.Post("/expedientes/"+id+"/asignar", url.Values{"usuario": {env.UserID(t, apptest.Caceres)}}), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes/pendientes"), http.StatusOK, num, "Comunicación del plazo")

		due := env.String(t, `SELECT due_at FROM casefile_files WHERE id = $1`, id)
		// Requerimiento de subsanación: the plazo máximo stops.
		sub := taskID(t, env, id, "subsanacion")
		idAfter(t, cc.Post("/expedientes/"+id+"/tramites/"+sub+"/iniciar", url.Values{}), "/expedientes/")
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, id); s != "suspendido" {
			t.Fatalf("state %q after the requerimiento", s)
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "Suspendido", "Requerimiento al interesado")
		// The requerimiento waits for the citizen, not for him: not on his list.
		if strings.Contains(cc.Get("/expedientes/pendientes").Body, "Requerimiento de subsanación") {
			t.Error("the requerimiento waiting for the interesado is on the clerk's list")
		}
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/concluir", url.Values{}), http.StatusConflict, "suspendido")
		idAfter(t, cc.Post("/expedientes/"+id+"/tramites/"+sub+"/terminar", url.Values{"nota": {"Aporta el presupuesto"}}), "/expedientes/")
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, id); s != "tramitacion" {
			t.Fatalf("state %q after the answer", s)
		}
		if after := env.String(t, `SELECT due_at FROM casefile_files WHERE id = $1`, id); after < due {
			t.Errorf("due %s moved back from %s", after, due)
		}

		// A draft from the template, corrected, then issued with a CSV.
		res = cc.Post("/expedientes/"+id+"/borradores", url.Values{"plantilla": {"requerimiento"}})
		draft := draftFrom(t, res, id)
		apptest.Expect(t, cc.Get(res.Location), http.StatusOK, "REQUERIMIENTO DE SUBSANACIÓN", "Lucía Gómez Núñez", "10 días hábiles")
		res = cc.Post("/expedientes/"+id+"/documentos/"+draft, url.Values{"texto": {"Requerimiento corregido: aporte el presupuesto."}})
		v2 := draftFrom(t, res, id)
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/documentos/"+draft, url.Values{"texto": {" "}}), http.StatusUnprocessableEntity, "no puede quedar vacío")
		idAfter(t, cc.Post("/expedientes/"+id+"/documentos/"+v2+"/emitir", url.Values{}), "/expedientes/")
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND pos = 2`, id); n != 3 {
			t.Errorf("%d versions of the requerimiento, want 3 (draft, corrected, issued)", n)
		}
		csv := env.String(t, `SELECT csv FROM casefile_documents WHERE file_id = $1 AND status = 'emitido'`, id)
		if n := env.Count(t, `SELECT COUNT(*) FROM issued_documents WHERE csv = $1`, csv); n != 1 {
			t.Errorf("CSV %q not registered for /verificar", csv)
		}
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/documentos/"+v2+"/emitir", url.Values{}), http.StatusConflict, "ya está emitido")
		// The issued document and the citizen's plan as ENI documents.
		issued := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND status = 'emitido'`, id)
		plan := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND name = 'plano.pdf'`, id)
		for doc, want := range map[string][]string{issued: {"TF01", csv, "<enidocmeta:OrigenCiudadanoAdministracion>true"},
			plan: {"<enidocmeta:OrigenCiudadanoAdministracion>false", "TD14"}} {
			res := cc.Get("/expedientes/" + id + "/documentos/" + doc + "/eni.xml")
			apptest.Expect(t, res, http.StatusOK, want...)
			eniValid(t, []byte(res.Body))
		}
		apptest.Expect(t, cc.Get("/expedientes/"+id+"/documentos/"+draft+"/eni.xml"), http.StatusConflict, "borrador")

		// Concluding needs the required trámites of instrucción done.
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/concluir", url.Values{}), http.StatusConflict, "Faltan trámites obligatorios")
		for _, step := range []string{"comunicacion-inicio", "informe-tecnico"} {
			idAfter(t, cc.Post("/expedientes/"+id+"/tramites/"+taskID(t, env, id, step)+"/terminar", url.Values{}), "/expedientes/")
		}
		idAfter(t, cc.Post("/expedientes/"+id+"/concluir", url.Values{}), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes?estado=concluso"), http.StatusOK, "Lucía Gómez Núñez")
		apptest.Expect(t, cc.Get("/expedientes?q="+url.QueryEscape(fmt.Sprintf("%d/%d", last, year))), http.StatusOK, "1 expediente")
		apptest.Expect(t, cc.Get("/expedientes?interesado=12345678z"), http.StatusOK, "1 expediente")
		apptest.Expect(t, cc.Get("/expedientes/exportar?formato=csv"), http.StatusOK, "Licencia de obra menor")
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action LIKE 'expediente.%'`, id); n < 8 {
			t.Errorf("%d audit rows for the expediente", n)
		}

		// Another entity: not found, and not in its lists.
		pl := clients[apptest.Plasencia]
		apptest.Expect(t, pl.Get("/expedientes/"+id), http.StatusNotFound)
		apptest.Expect(t, pl.Post("/expedientes/"+id+"/concluir", url.Values{}), http.StatusNotFound)
		apptest.Expect(t, pl.Get("/expedientes/"+id+"/documentos/"+v2), http.StatusNotFound)
		if body := pl.Get("/expedientes?q=licencia").Body; strings.Contains(body, id) {
			t.Error("Plasencia's list shows Cáceres's expediente")
		}
		apptest.Expect(t, pl.Post("/expedientes", url.Values{"procedimiento": {proc}, "asiento": {entry}}), http.StatusNotFound)
		apptest.Expect(t, pl.Post("/expedientes", url.Values{"procedimiento": {proc}, "asunto": {"Obra"}}), http.StatusUnprocessableEntity, "Elija un procedimiento")
	})
}
