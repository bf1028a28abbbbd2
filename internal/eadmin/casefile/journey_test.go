package casefile_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/web"
)

// TestNotifyAnswerResolve follows a licencia de obra menor: the clerk
// issues a requerimiento de subsanación and notifies it; the citizen,
// warned by e-mail, reads it in the sede (practised: its plazo starts and
// the plazo máximo is suspended), then answers with a document from his
// expediente's page (the requerimiento is answered, the suspension lifted);
// the clerk concludes and proposes the resolution, which is signed in the
// libro de resoluciones (the expediente is resolved) and notified; the
// citizen reads it. Another citizen and another town see nothing of it.
func TestNotifyAnswerResolve(t *testing.T) {
	ca := citizenCerts(t)
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		proc := procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR")
		fid := openFrom(t, cc, proc, registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		F := "/expedientes/" + fid

		// Requerimiento: drafted from its template, issued, notified.
		req := draftFrom(t, cc.Post(F+"/borradores", url.Values{"plantilla": {"requerimiento"}}), fid)
		idAfter(t, cc.Post(F+"/documentos/"+req+"/emitir", url.Values{}), "/expedientes/")
		issued := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND status = 'emitido'`, fid)
		other := draftFrom(t, cc.Post(F+"/borradores", url.Values{"plantilla": {"comunicacion-inicio"}}), fid)
		apptest.Expect(t, cc.Post(F+"/documentos/"+other+"/notificar", url.Values{}), http.StatusConflict, "emita antes")
		idAfter(t, cc.Post(F+"/documentos/"+issued+"/notificar", url.Values{}), "/expedientes/")
		msg, _ := env.Mail.Last()
		if msg.To != "vecina@example.org" || !strings.Contains(msg.Body, "/e/10037/sede/notificaciones") || strings.Contains(msg.Body, "REQUERIMIENTO") {
			t.Fatalf("aviso %+v", msg)
		}
		note := env.String(t, `SELECT id FROM casefile_notifications WHERE file_id = $1`, fid)
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Puesta a disposición en la sede", "aviso por correo")

		// The citizen reads it in the sede.
		lucia := identify(t, env, ca, "10037", "12345678Z", "GOMEZ NUÑEZ LUCIA - 12345678Z")
		apptest.Expect(t, lucia.get("/e/10037/sede/notificaciones"), http.StatusOK, "Notificación pendiente")
		apptest.Expect(t, lucia.get("/e/10037/sede/notificaciones/"+note+"/documento"), http.StatusNotFound)
		apptest.Expect(t, lucia.get("/e/10037/sede/notificaciones/"+note), http.StatusOK, "Acceder al contenido", "Rechazar")
		res := lucia.post("/e/10037/sede/notificaciones/"+note, url.Values{"accion": {"acceder"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("access: %d %.300s", res.Status, apptest.Text(res.Body))
		}
		if s := env.String(t, `SELECT state FROM casefile_notifications WHERE id = $1`, note); s != "practicada" {
			t.Fatalf("notification %s after access", s)
		}
		if d := lucia.get("/e/10037/sede/notificaciones/" + note + "/documento"); d.Status != http.StatusOK || !strings.HasPrefix(d.Body, "%PDF") {
			t.Fatalf("notified document: %d", d.Status)
		}
		if d := lucia.get("/e/10037/sede/notificaciones/" + note + "/acuse"); d.Status != http.StatusOK || !strings.HasPrefix(d.Body, "%PDF") {
			t.Fatalf("acuse: %d", d.Status)
		}
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, fid); s != "suspendido" {
			t.Fatalf("expediente %s after the requerimiento was notified", s)
		}
		if s := env.String(t, `SELECT state FROM casefile_tasks WHERE file_id = $1 AND step_code = 'subsanacion'`, fid); s != "en_curso" {
			t.Fatalf("requerimiento %s after its notification", s)
		}

		// He answers from his expediente's page.
		apptest.Expect(t, lucia.get("/e/10037/sede/expedientes"), http.StatusOK, "Licencia de obra menor")
		apptest.Expect(t, lucia.get("/e/10037/sede/expedientes/"+fid), http.StatusOK, "La entidad espera su respuesta", "Aportar documentación")
		apptest.Expect(t, lucia.get("/e/10037/sede/solicitud?expediente="+fid), http.StatusOK, "se incorporarán a su expediente")
		res = lucia.postFiles("/e/10037/sede/solicitud", url.Values{"expediente": {fid}, "asunto": {"Aportación de documentación"},
			"expone": {"Adjunto el presupuesto que se me pidió."}, "solicita": {"Que se incorpore al expediente."}},
			file{"presupuesto.pdf", []byte("%PDF-1.4 presupuesto")})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %.500s", res.Status, apptest.Text(res.Body))
		}
		if res = lucia.post(res.Location, url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("present: %d %.500s", res.Status, apptest.Text(res.Body))
		}
		if s := env.String(t, `SELECT state FROM casefile_tasks WHERE file_id = $1 AND step_code = 'subsanacion'`, fid); s != "hecho" {
			t.Fatalf("requerimiento %s after the answer", s)
		}
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, fid); s != "tramitacion" {
			t.Fatalf("expediente %s after the answer", s)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND name = 'presupuesto.pdf' AND origin = 0`, fid); n != 1 {
			t.Fatal("the answer's document did not join the expediente")
		}

		// Others see nothing of it.
		luis := identify(t, env, ca, "10037", "87654321X", "PEREZ MARTIN LUIS - 87654321X")
		apptest.Expect(t, luis.get("/e/10037/sede/notificaciones/"+note), http.StatusNotFound)
		apptest.Expect(t, luis.get("/e/10037/sede/expedientes/"+fid), http.StatusNotFound)
		apptest.Expect(t, luis.post("/e/10037/sede/notificaciones/"+note, url.Values{"accion": {"acceder"}}), http.StatusNotFound)
		apptest.Expect(t, luis.get("/e/10037/sede/solicitud?expediente="+fid), http.StatusNotFound)
		if body := luis.get("/e/10037/sede/expedientes").Body; strings.Contains(body, "Licencia de obra menor") {
			t.Error("another citizen sees the expediente")
		}
		inPlasencia := identify(t, env, ca, "10148", "12345678Z", "GOMEZ NUÑEZ LUCIA - 12345678Z")
		apptest.Expect(t, inPlasencia.get("/e/10148/sede/expedientes/"+fid), http.StatusNotFound)

		// Resolution: concluded, proposed from its template, signed, notified.
		for _, step := range []string{"comunicacion-inicio", "informe-tecnico"} {
			idAfter(t, cc.Post(F+"/tramites/"+taskID(t, env, fid, step)+"/terminar", url.Values{}), "/expedientes/")
		}
		idAfter(t, cc.Post(F+"/concluir", url.Values{}), "/expedientes/")
		draft := idAfter(t, cc.Post(F+"/resolucion", url.Values{"plantilla_resolucion": {"resolucion-concesion"}}), "/resoluciones/")
		apptest.Expect(t, cc.Get("/resoluciones/"+draft), http.StatusOK, "Lucía Gómez Núñez")
		res = cc.Post("/resoluciones/"+draft+"/firmar", url.Values{"firmante": {"Luis Salaya Julián"}, "cargo": {"Alcalde-Presidente"},
			"fecha": {time.Now().In(web.Madrid).Format("02/01/2006")}})
		idAfter(t, res, "/resoluciones/")
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, fid); s != "resuelto" {
			t.Fatalf("expediente %s after the signature", s)
		}
		resol := env.String(t, `SELECT id FROM casefile_documents WHERE file_id = $1 AND doc_type = 'TD01'`, fid)
		if d := cc.Get(F + "/documentos/" + resol); d.Status != http.StatusOK || !strings.HasPrefix(d.Body, "%PDF") {
			t.Fatalf("resolution document: %d", d.Status)
		}
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Resuelto", "Resolución "+time.Now().Format("2006")+"/")
		idAfter(t, cc.Post(F+"/documentos/"+resol+"/notificar", url.Values{}), "/expedientes/")
		last := env.String(t, `SELECT id FROM casefile_notifications WHERE file_id = $1 AND document_id = $2`, fid, resol)
		lucia.post("/e/10037/sede/notificaciones/"+last, url.Values{"accion": {"acceder"}})
		if d := lucia.get("/e/10037/sede/notificaciones/" + last + "/documento"); d.Status != http.StatusOK || !strings.HasPrefix(d.Body, "%PDF") {
			t.Fatalf("notified resolution: %d", d.Status)
		}
		apptest.Expect(t, cc.Post(F+"/suspender", url.Values{"causa": {"Petición de informe preceptivo a otro órgano"}}), http.StatusConflict, "ya no se tramita")
		idAfter(t, cc.Post(F+"/archivar", url.Values{}), "/expedientes/")
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, fid); s != "archivado" {
			t.Fatalf("state %s after archiving", s)
		}
		apptest.Expect(t, cc.Post(F+"/documentos/"+resol+"/notificar", url.Values{}), http.StatusConflict)
	})
}

// TestRejectionAfterTenDays: a notification put at disposal on Monday 2
// March 2026 and not read is rejected when its 10 días naturales end
// (art. 43.2): on the 12th it is still open, on the 13th the clerk's page
// shows it rejected with its acuse, and the citizen reading it afterwards
// does not practise it.
func TestRejectionAfterTenDays(t *testing.T) {
	ca := citizenCerts(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		env := apptest.StartWith(t, d, app.Options{Clock: func() time.Time { return clock }})
		cc := env.Login(t, apptest.Caceres)
		proc := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "SOLICITUD-GENERAL"), "3", "meses")
		fid := idAfter(t, cc.Post("/expedientes", url.Values{"procedimiento": {proc}, "asunto": {"Queja por ruidos"},
			"interesado_documento": {"12345678Z"}, "interesado_nombre": {"Lucía Gómez Núñez"}, "interesado_email": {"l@example.org"}}), "/expedientes/")
		F := "/expedientes/" + fid
		doc := draftFrom(t, cc.Post(F+"/borradores", url.Values{"plantilla": {"informe"}}), fid)
		idAfter(t, cc.Post(F+"/documentos/"+doc+"/emitir", url.Values{}), "/expedientes/")
		idAfter(t, cc.Post(F+"/documentos/"+doc+"/notificar", url.Values{}), "/expedientes/")
		note := env.String(t, `SELECT id FROM casefile_notifications WHERE file_id = $1`, fid)

		clock = time.Date(2026, 3, 12, 21, 0, 0, 0, time.UTC) // 22:00 in Madrid, the tenth day
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Puesta a disposición en la sede")
		clock = time.Date(2026, 3, 13, 8, 0, 0, 0, time.UTC)
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Rechazada", "13/03/2026 00:00", "Acuse")
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND doc_type = 'TD09'`, fid); n != 1 {
			t.Fatalf("%d acuses", n)
		}
		lucia := identify(t, env, ca, "10037", "12345678Z", "GOMEZ NUÑEZ LUCIA - 12345678Z")
		apptest.Expect(t, lucia.get("/e/10037/sede/notificaciones"), http.StatusOK, "Rechazada")
		lucia.post("/e/10037/sede/notificaciones/"+note, url.Values{"accion": {"acceder"}})
		if s := env.String(t, `SELECT state FROM casefile_notifications WHERE id = $1`, note); s != "rechazada" {
			t.Fatalf("state %s after reading a rejected notification", s)
		}
		if d := lucia.get("/e/10037/sede/notificaciones/" + note + "/documento"); d.Status != http.StatusOK {
			t.Fatalf("the rejected notification's document: %d", d.Status)
		}
	})
}

// TestPaperSecondAttempt: a paper notification that finds nobody at home
// is tried again within the three following días hábiles, in the other
// half of the day and three hours apart at least (art. 42.2); absent again,
// it ends ausente, to be published in the BOE (art. 44).
func TestPaperSecondAttempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // Monday
		env := apptest.StartWith(t, d, app.Options{Clock: func() time.Time { return clock }})
		cc := env.Login(t, apptest.Caceres)
		proc := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "SOLICITUD-GENERAL"), "3", "meses")
		fid := idAfter(t, cc.Post("/expedientes", url.Values{"procedimiento": {proc}, "asunto": {"Ruina de un inmueble"},
			"interesado_documento": {"12345678Z"}, "interesado_nombre": {"Lucía Gómez Núñez"}, "interesado_canal": {"papel"},
			"interesado_direccion": {"Calle Pintores 10, 10003 Cáceres"}}), "/expedientes/")
		F := "/expedientes/" + fid
		doc := draftFrom(t, cc.Post(F+"/borradores", url.Values{"plantilla": {"informe"}}), fid)
		idAfter(t, cc.Post(F+"/documentos/"+doc+"/emitir", url.Values{}), "/expedientes/")
		idAfter(t, cc.Post(F+"/documentos/"+doc+"/notificar", url.Values{}), "/expedientes/")
		note := env.String(t, `SELECT id FROM casefile_notifications WHERE file_id = $1`, fid)
		R := F + "/notificaciones/" + note + "/resultado"
		attempt := func(at string) apptest.Response {
			return cc.Post(R, url.Values{"resultado": {"ausente"}, "fecha": {at}})
		}

		clock = time.Date(2026, 3, 6, 10, 0, 0, 0, time.UTC)
		idAfter(t, attempt("2026-03-03T13:30"), "/expedientes/") // Tuesday, before 15:00
		if s := env.String(t, `SELECT state FROM casefile_notifications WHERE id = $1`, note); s != "pendiente" {
			t.Fatalf("state %s after a first absence", s)
		}
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Primer intento: ausente", "después de las 15:00")
		apptest.Expect(t, attempt("2026-03-04T11:00"), http.StatusUnprocessableEntity, "después de las 15:00")
		apptest.Expect(t, attempt("2026-03-03T15:30"), http.StatusUnprocessableEntity, "tres horas")
		clock = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
		apptest.Expect(t, attempt("2026-03-09T17:00"), http.StatusUnprocessableEntity, "tres días hábiles")
		idAfter(t, attempt("2026-03-05T17:00"), "/expedientes/")
		if s := env.String(t, `SELECT state FROM casefile_notifications WHERE id = $1`, note); s != "ausente" {
			t.Fatalf("state %s after the second absence", s)
		}
		apptest.Expect(t, cc.Get(F), http.StatusOK, "Boletín Oficial del Estado")
	})
}
