package casefile_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestDeadlines opens expedientes de oficio on dates of 2025 with the
// platform's clock fixed on 15 December 2025, and reads the end of the
// plazo máximo the expediente shows: across weekends, national, regional
// (Extremadura) and local (Cáceres, Plasencia) holidays, month ends, a
// last day that is inhábil, and a suspension.
func TestDeadlines(t *testing.T) {
	now := time.Date(2025, 12, 15, 9, 0, 0, 0, time.UTC)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := apptest.StartWith(t, d, app.Options{Clock: func() time.Time { return now }})
		cc, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		month := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "SOLICITUD-GENERAL"), "1", "meses")
		days := ownProcedure(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "QUEJA-SUGERENCIA"), "10", "habiles")
		plDays := ownProcedure(t, pl, procedureOf(t, env, apptest.Dir3Plasencia, "QUEJA-SUGERENCIA"), "10", "habiles")
		cases := []struct {
			name       string
			c          *apptest.Client
			proc, from string
			want       string
		}{
			// One month from 31 January ends on the last day of February.
			{"month end", cc, month, "2025-01-31", "28/02/2025"},
			// 15 March 2025 is a Saturday: the plazo ends on Monday 17.
			{"last day inhábil", cc, month, "2025-02-15", "17/03/2025"},
			// From Monday 20 October: 1 November falls on a Saturday.
			{"weekends", cc, days, "2025-10-20", "03/11/2025"},
			// From Friday 5 September: 8 September is Día de Extremadura.
			{"regional holiday", cc, days, "2025-09-05", "22/09/2025"},
			// From Tuesday 15 April: Jueves y Viernes Santo, 1 May, and San
			// Jorge (23 April) is a holiday in Cáceres only.
			{"local holiday Cáceres", cc, days, "2025-04-15", "05/05/2025"},
			{"local holiday Plasencia", pl, plDays, "2025-04-15", "02/05/2025"},
		}
		for _, tc := range cases {
			id := openOffice(t, tc.c, tc.proc, tc.from)
			apptest.Expect(t, tc.c.Get("/expedientes/"+id), http.StatusOK, "Vencido el "+tc.want)
		}

		// A suspension from Wednesday 22 to Monday 27 October holds the clock
		// on 22, 23 and 24 (working days): the end moves from 3 to 6 November.
		id := openOffice(t, cc, days, "2025-10-20")
		form := url.Values{"causa": {"Petición de informe preceptivo a otro órgano"}, "desde": {"2025-10-22"}}
		idAfter(t, cc.Post("/expedientes/"+id+"/suspender", form), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "Suspendido", "Desde el 22/10/2025 (vigente)")
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/suspender", form), http.StatusConflict, "ya está suspendido")
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/levantar", url.Values{"fecha": {"2025-10-21"}}),
			http.StatusUnprocessableEntity, "no puede levantarse antes")
		idAfter(t, cc.Post("/expedientes/"+id+"/levantar", url.Values{"fecha": {"2025-10-27"}}), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes/"+id), http.StatusOK, "Vencido el 06/11/2025", "hasta el 27/10/2025")
		apptest.Expect(t, cc.Get("/expedientes?plazo=vencidos&q=prueba"), http.StatusOK, "6 expedientes")

		// Ampliación (art. 23): once, motivated, at most the plazo itself,
		// before it ends: 10 + 5 días hábiles from 10 December pass
		// Christmas and New Year's Day.
		ext := openOffice(t, cc, days, "2025-12-10")
		apptest.Expect(t, cc.Get("/expedientes/"+ext), http.StatusOK, "Hasta el 24/12/2025")
		apptest.Expect(t, cc.Post("/expedientes/"+ext+"/ampliar", url.Values{"ampliacion": {"11"}, "motivo_ampliacion": {"x"}}),
			http.StatusUnprocessableEntity, "no puede pasar del plazo máximo")
		apptest.Expect(t, cc.Post("/expedientes/"+ext+"/ampliar", url.Values{"ampliacion": {"5"}}), http.StatusUnprocessableEntity, "motivarse")
		idAfter(t, cc.Post("/expedientes/"+ext+"/ampliar", url.Values{"ampliacion": {"5"}, "motivo_ampliacion": {"Informe de Patrimonio pendiente"}}), "/expedientes/")
		apptest.Expect(t, cc.Get("/expedientes/"+ext), http.StatusOK, "15 días hábiles", "Hasta el 02/01/2026", "Informe de Patrimonio")
		apptest.Expect(t, cc.Post("/expedientes/"+ext+"/ampliar", url.Values{"ampliacion": {"1"}, "motivo_ampliacion": {"x"}}), http.StatusConflict, "ya se amplió")
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/ampliar", url.Values{"ampliacion": {"1"}, "motivo_ampliacion": {"x"}}), http.StatusConflict, "ya ha vencido")

		// A suspension cannot start before the expediente or in the future.
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/suspender", url.Values{"causa": form["causa"], "desde": {"2025-10-01"}}),
			http.StatusUnprocessableEntity, "ha de empezar entre")
		apptest.Expect(t, cc.Post("/expedientes/"+id+"/suspender", url.Values{"causa": {"Porque sí"}}),
			http.StatusUnprocessableEntity, "Elija la causa")
	})
}

// ownProcedure adapts a procedure of the entity to start either way with
// a plazo máximo of n units; it returns the procedure's id.
func ownProcedure(t testing.TB, c *apptest.Client, id, n, unit string) string {
	t.Helper()
	form := url.Values{"nombre": {"Procedimiento de prueba"}, "area": {"Secretaría"}, "iniciacion": {"ambas"}, "plazo_n": {n},
		"plazo_unidad": {unit}, "silencio": {"desestimatorio"}, "activo": {"si"}}
	idAfter(t, c.Post("/procedimientos/"+id, form), "/procedimientos/")
	return id
}

// openOffice opens an expediente de oficio with the acuerdo de iniciación
// of the given day.
func openOffice(t testing.TB, c *apptest.Client, procedure, day string) string {
	t.Helper()
	return idAfter(t, c.Post("/expedientes", url.Values{"procedimiento": {procedure}, "asunto": {"Expediente de prueba"},
		"fecha_inicio": {day}}), "/expedientes/")
}
