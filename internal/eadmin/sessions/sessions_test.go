package sessions_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestSessionLifecycle follows a Pleno of Cáceres with the platform's
// clock on Tuesday 10 November 2026, 10:00: an ordinaria convened for
// Thursday 12 is refused (two días hábiles must pass whole), for Friday 13
// accepted and e-mailed; an urgente for today with two expedientes starts
// with the urgency; without quórum nothing is voted; with it, a mayoría
// simple approves and a mayoría absoluta rejects what the simple one
// would approve; closing it issues the certificate of the acuerdo into
// its expediente (TD11 with the CSV) and resolves it; a later session
// approves the acta, which is then never edited.
func TestSessionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env, _ := startAt(t, d, madrid(2026, time.November, 10, 10, 0))
		cc := env.Login(t, apptest.Caceres)
		organ := pleno(t, env, cc, apptest.Dir3Caceres)
		add := url.Values{"papel": {"miembro"}, "nombre_miembro": {"Marta Pérez Solís"}, "cargo": {"Concejal"},
			"grupo": {"Grupo Municipal Popular"}, "correo": {"marta.perez@concejales.test"}}
		apptest.Expect(t, cc.Post("/organos/"+organ+"/miembros", add), http.StatusSeeOther)
		add.Set("correo", "no es un correo")
		apptest.Expect(t, cc.Post("/organos/"+organ+"/miembros", add), http.StatusUnprocessableEntity, "correo electrónico no es válido")

		// Notice: Wednesday 11 and Thursday 12 must pass whole.
		apptest.Expect(t, cc.Post("/sesiones", convocation(organ, "ordinaria", madrid(2026, time.November, 12, 19, 0))),
			http.StatusUnprocessableEntity, "dos días hábiles", "13 de noviembre de 2026")
		ord := sessionFrom(t, cc.Post("/sesiones", convocation(organ, "ordinaria", madrid(2026, time.November, 13, 19, 0))))
		if last, ok := env.Mail.Last(); !ok || last.To != "marta.perez@concejales.test" || !strings.Contains(last.Body, "Ruegos y preguntas") {
			t.Fatalf("convocatoria not e-mailed: %+v", last)
		}
		apptest.Expect(t, cc.Get("/sesiones/"+ord), http.StatusOK, "Sesión ordinaria del Pleno de 13 de noviembre de 2026",
			"La asistencia y las votaciones se registran el día de la sesión")
		if res := cc.Get("/sesiones/" + ord + "/convocatoria.pdf"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
			t.Fatalf("convocatoria: %d", res.Status)
		}
		apptest.Expect(t, cc.Post("/sesiones/"+ord+"/asistencia", url.Values{}), http.StatusConflict, "el día de la sesión")

		// An urgente today, with two expedientes.
		files := concluded(t, env, cc, apptest.Dir3Caceres, "2026-11-02", 2)
		form := convocation(organ, "urgente", madrid(2026, time.November, 10, 12, 0), files...)
		form.Set("asuntos", "Aprobación inicial del Presupuesto General para 2027")
		urg := sessionFrom(t, cc.Post("/sesiones", form))
		it := items(t, env, urg) // urgency, file 1, file 2, budget, ruegos
		if len(it) != 5 {
			t.Fatalf("%d items", len(it))
		}
		apptest.Expect(t, cc.Get("/sesiones/"+urg), http.StatusOK, "Pronunciamiento del Pleno sobre la urgencia")
		ids, secretary := members(t, env, organ)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[0], counts(3, 0, 0)), http.StatusConflict, "Registre antes la asistencia")

		// Without quórum (3 of 25; the quórum is 9): no vote.
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/asistencia", attendance(ids, secretary, 3)), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[0], counts(3, 0, 0)), http.StatusConflict,
			"No hay quórum", "el quórum es de 9")
		// With all present. Nothing else before the urgency.
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/asistencia", attendance(ids, secretary, len(ids))), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[1], counts(20, 0, 0)), http.StatusConflict, "urgencia")
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[0], counts(20, 0, 0)), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[1], counts(30, 0, 0)), http.StatusUnprocessableEntity, "miembros presentes con voto")
		// Mayoría simple: 10 for, 8 against, 2 abstentions → approved.
		res := cc.Post("/sesiones/"+urg+"/puntos/"+it[1], counts(10, 8, 2, "resuelve", "1", "acuerdo", "Conceder la licencia solicitada."))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("vote: %d %s", res.Status, apptest.Text(res.Body))
		}
		// Mayoría absoluta of 25 is 13: 12 for is not enough.
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[2], counts(12, 5, 3, "absoluta", "1")), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[2], counts(12, 5, 3)), http.StatusConflict, "ya se trató")
		// Mayoría absoluta reached with 13, by name: 13 for, the rest against.
		nominal := url.Values{"resultado": {"votacion"}, "absoluta": {"1"}}
		n := 0
		for _, id := range ids {
			if id == secretary {
				continue
			}
			v := "contra"
			if n < 13 {
				v = "favor"
			}
			nominal.Set("voto_"+id, v)
			n++
		}
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[3], nominal), http.StatusSeeOther)
		got := map[string]string{}
		for _, x := range it[:4] {
			got[x] = env.String(t, `SELECT result FROM sessions_items WHERE id = $1`, x)
		}
		if got[it[0]] != "aprobado" || got[it[1]] != "aprobado" || got[it[2]] != "rechazado" || got[it[3]] != "aprobado" {
			t.Fatalf("results %v", got)
		}
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/acta", url.Values{"acta": {"x"}}), http.StatusConflict, "no se ha cerrado")

		// Closing: the acta in draft and the certificates in their expedientes.
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/cerrar", url.Values{"hora_fin": {"13:30"}}), http.StatusSeeOther)
		acta := env.String(t, `SELECT acta FROM sessions_sessions WHERE id = $1`, urg)
		for _, want := range []string{"ACTA DE LA SESIÓN EXTRAORDINARIA Y URGENTE DEL PLENO", "siendo las 12:05 horas", "13:30 horas",
			"Conceder la licencia solicitada.", "por mayoría absoluta", "13 votos a favor", "Marta Pérez Solís"} {
			if !strings.Contains(acta, want) {
				t.Errorf("the acta lacks %q:\n%s", want, acta)
			}
		}
		csv := env.String(t, `SELECT certificate_csv FROM sessions_items WHERE id = $1`, it[1])
		if n := env.Count(t, `SELECT COUNT(*) FROM casefile_documents WHERE file_id = $1 AND doc_type = 'TD11' AND csv = $2`, files[0], csv); csv == "" || n != 1 {
			t.Fatalf("certificate %q in the expediente: %d", csv, n)
		}
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, files[0]); s != "resuelto" {
			t.Fatalf("expediente resolved by the acuerdo: %s", s)
		}
		// The rejected one, not marked as resolving, returns to tramitación.
		if s := env.String(t, `SELECT state FROM casefile_files WHERE id = $1`, files[1]); s != "tramitacion" {
			t.Fatalf("expediente whose proposal was rejected: %s", s)
		}
		if res := cc.Get("/sesiones/" + urg + "/puntos/" + it[1] + "/certificado.pdf"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
			t.Fatalf("certificate: %d", res.Status)
		}
		apptest.Expect(t, cc.Get("/sesiones/"+urg+"/puntos/"+it[3]+"/certificado.pdf"), http.StatusConflict)
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/puntos/"+it[4], counts(1, 0, 0)), http.StatusConflict, "ya se cerró")
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/acta", url.Values{"acta": {acta + "\n\nSe corrige una errata."}}), http.StatusSeeOther)

		// A later session approves the acta; then it is never edited.
		form = convocation(organ, "urgente", madrid(2026, time.November, 10, 18, 0))
		form.Set("actas", urg)
		later := sessionFrom(t, cc.Post("/sesiones", form))
		lit := items(t, env, later)
		apptest.Expect(t, cc.Post("/sesiones/"+later+"/asistencia", attendance(ids, secretary, len(ids))), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+later+"/puntos/"+lit[0], counts(20, 0, 0)), http.StatusSeeOther)
		apptest.Expect(t, cc.Post("/sesiones/"+later+"/puntos/"+lit[1], counts(20, 0, 1)), http.StatusSeeOther)
		if s := env.String(t, `SELECT state FROM sessions_sessions WHERE id = $1`, urg); s != "acta_aprobada" {
			t.Fatalf("acta state %s", s)
		}
		apptest.Expect(t, cc.Post("/sesiones/"+urg+"/acta", url.Values{"acta": {"Otro texto"}}), http.StatusConflict, "ya está aprobada")
		if !strings.HasSuffix(env.String(t, `SELECT acta FROM sessions_sessions WHERE id = $1`, urg), "Se corrige una errata.") {
			t.Fatal("the approved acta changed")
		}
		actaCSV := env.String(t, `SELECT acta_csv FROM sessions_sessions WHERE id = $1`, urg)
		if res := cc.Get("/sesiones/" + urg + "/acta.pdf"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") ||
			env.Count(t, `SELECT COUNT(*) FROM issued_documents WHERE csv = $1`, actaCSV) != 1 {
			t.Fatalf("approved acta: %d", res.Status)
		}
		apptest.Expect(t, cc.Get("/sesiones?organo="+organ+"&anio=2026"), http.StatusOK, "Acta aprobada", "Convocada")
		if res := cc.Get("/sesiones/libro.pdf?organo=" + organ + "&anio=2026"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
			t.Fatalf("libro de actas: %d", res.Status)
		}
	})
}

// TestJunta creates the Junta de Gobierno Local of Plasencia: its quórum
// is more than half of its members.
func TestJunta(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.Login(t, apptest.Plasencia)
		pleno(t, env, pl, apptest.Dir3Plasencia)
		res := pl.Post("/organos", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create junta: %d %s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, pl.Post("/organos", url.Values{}), http.StatusConflict, "ya tiene su Junta")
		apptest.Expect(t, pl.Post(res.Location, url.Values{"nombre": {"Junta de Gobierno Local"}, "miembros": {"5"}}), http.StatusSeeOther)
		apptest.Expect(t, pl.Get(res.Location), http.StatusOK, "3 miembros, además del Presidente y el Secretario", "más de la mitad",
			"Miembros de la Junta de Gobierno Local", "Sesiones de la Junta de Gobierno Local")
	})
}
