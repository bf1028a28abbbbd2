package helpdesk_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/services/helpdesk"
)

var numberRe = regexp.MustCompile(`^/soporte/incidencias/(INC-20\d\d-\d{6})$`)

// created returns the number of the ticket a POST redirected to.
func created(t *testing.T, res apptest.Response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.1500s", res.Status, apptest.Text(res.Body))
	}
	m := numberRe.FindStringSubmatch(res.Location)
	if m == nil {
		t.Fatalf("redirect to %q, not to a ticket", res.Location)
	}
	return m[1]
}

func TestOpenTicket(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		rq := x.c[Requester]
		// Validation: Spanish messages, nothing written.
		before := env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets`)
		res := rq.Post("/soporte/nueva", form("asunto", "", "descripcion", "", "categoria", "x", "prioridad", "normal"))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Escriba el asunto", "Describa qué ocurre", "Elija si es una consulta")
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets`) != before {
			t.Fatal("an invalid ticket was written")
		}
		// A plain user may not pick another requester.
		other := env.UserID(t, apptest.Caceres)
		res = rq.Post("/soporte/nueva", form("asunto", "a", "descripcion", "b", "categoria", "error", "prioridad", "normal", "solicitante", other))
		apptest.Expect(t, res, http.StatusForbidden)

		n := created(t, rq.Post("/soporte/nueva", form("asunto", "La impresora del registro no imprime justificantes",
			"descripcion", "Desde esta mañana sale en blanco.", "servicio", "registro", "categoria", "error", "prioridad", "alta",
			"canal", "telefono")))
		if !strings.HasPrefix(n, "INC-") {
			t.Fatal(n)
		}
		// A requester's ticket comes by the web whatever the form says, and
		// takes the SLA of its service and priority.
		if ch := env.String(t, `SELECT channel FROM helpdesk_tickets WHERE number = $1`, n); ch != "web" {
			t.Errorf("channel %q", ch)
		}
		if env.Count(t, `SELECT sla_response_min FROM helpdesk_tickets WHERE number = $1`, n) !=
			env.Count(t, `SELECT response_minutes FROM helpdesk_sla WHERE service_code = 'registro' AND priority = 'alta'`) {
			t.Error("the ticket lost its service level")
		}
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND response_due_at IS NOT NULL AND resolution_due_at IS NOT NULL`, n) != 1 {
			t.Error("limits not set")
		}
		if env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'incidencia.abrir' AND object_id = $1`, n) != 1 {
			t.Error("not audited")
		}
		msg, ok := env.Mail.Last()
		if !ok || msg.To != Requester || !strings.Contains(msg.Subject, n) || !strings.HasPrefix(msg.ReplyTo, "soporte+") {
			t.Errorf("acknowledgement %+v", msg)
		}
		apptest.Expect(t, rq.Get("/soporte/incidencias/"+n), http.StatusOK, "La impresora del registro no imprime justificantes", "Nueva", "Lucía Sanguino")
		apptest.Expect(t, rq.Get("/soporte?q=impresora+justificantes"), http.StatusOK, n)
		// The entity's administrator follows it; another town and the operator do not.
		apptest.Expect(t, x.c[apptest.Caceres].Get("/soporte?q="+n), http.StatusOK, "La impresora del registro")
		apptest.Expect(t, x.c[apptest.Plasencia].Get("/soporte/incidencias/"+n), http.StatusNotFound)
		if res := x.c[apptest.Plasencia].Get("/soporte?estado=todas&q=impresora+justificantes"); strings.Contains(res.Body, n) {
			t.Error("Plasencia lists Cáceres' ticket")
		}
		// Another staff member of Cáceres sees only his own.
		if res := x.c[EntityUser].Get("/soporte?estado=todas"); strings.Contains(res.Body, n) {
			t.Error("a plain user lists a colleague's ticket")
		}
		// Numbers are unique and readable, per year.
		if env.Count(t, `SELECT COUNT(DISTINCT number) FROM helpdesk_tickets`) != env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets`) {
			t.Error("duplicate numbers")
		}
	})
}

func TestPickersStayInTheEntity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		plasName := "Raúl Hurtado"
		ccName := "Beatriz Cordero"
		// The entity administrator picks requesters among Cáceres' people only.
		res := x.c[apptest.Caceres].Get("/soporte/nueva")
		apptest.Expect(t, res, http.StatusOK, "Lucía Sanguino Pulido", "Solo personas del Ayuntamiento de Cáceres.")
		apptest.Expect(t, x.c[apptest.Caceres].Get("/soporte/gestores"), http.StatusOK, "Gestores de incidencias del Ayuntamiento de Cáceres",
			"Personas del Ayuntamiento de Cáceres", "todas las del Ayuntamiento de Cáceres")
		if strings.Contains(res.Body, plasName) {
			t.Error("the requester picker of Cáceres lists a Plasencia person")
		}
		// The operator, for a member, picks among that member's people.
		member := env.String(t, `SELECT entity_id FROM helpdesk_tickets WHERE number = $1`, x.member)
		res = x.c[apptest.Operador].Get("/soporte/nueva?entidad=" + member)
		apptest.Expect(t, res, http.StatusOK, "Quién pide la ayuda")
		if strings.Contains(res.Body, ccName) || strings.Contains(res.Body, "Lucía Sanguino") {
			t.Error("the operator's picker lists people of another entity")
		}
		// ...and cannot open one for a Cáceres person, nor for Cáceres.
		res = x.c[apptest.Operador].Post("/soporte/nueva", form("entidad", member, "solicitante", env.UserID(t, apptest.Caceres),
			"asunto", "a", "descripcion", "b", "categoria", "error", "prioridad", "normal", "canal", "operador"))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "solo se pueden elegir personas de la entidad")
		apptest.Expect(t, x.c[apptest.Operador].Get("/soporte/nueva?entidad="+env.EntityID(t, apptest.Dir3Caceres)), http.StatusNotFound)
		// The assignee picker: the member's operators and Diputación staff, never entity people.
		res = x.c[apptest.Operador].Get("/soporte/incidencias/" + x.member)
		apptest.Expect(t, res, http.StatusOK, "Jorge Mateos", "(operador TIC)", "Francisco Javier Durán",
			"Operadores TIC de la mancomunidad del Ayuntamiento de ")
		body := res.Body[strings.Index(res.Body, `id="tecnico"`):]
		body = body[:strings.Index(body, "</select>")]
		for _, name := range []string{ccName, plasName, "Lucía Sanguino", "María del Carmen Rebollo"} {
			if strings.Contains(body, name) {
				t.Errorf("assignee picker lists %s", name)
			}
		}
		// Assigning someone outside the picker is refused.
		res = x.c[apptest.Operador].Post("/soporte/incidencias/"+x.member+"/asignar", form("tecnico", env.UserID(t, apptest.Caceres)))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija un técnico de la lista")
	})
}

func TestWorkflow(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		te, rq, cc := x.c[apptest.Tecnico], x.c[Requester], x.c[apptest.Caceres]
		n := created(t, rq.Post("/soporte/nueva", form("asunto", "No puedo firmar decretos", "descripcion", "Error de certificado.",
			"servicio", "expedientes", "categoria", "error", "prioridad", "normal")))
		path := "/soporte/incidencias/" + n
		// Internal notes never reach the entity.
		apptest.Expect(t, te.Post(path+"/nota", form("nota", "NOTA-SECRETA: revisar el certificado del servidor")), http.StatusSeeOther)
		for _, u := range []string{Requester, apptest.Caceres} {
			if strings.Contains(x.c[u].Get(path).Body, "NOTA-SECRETA") {
				t.Errorf("%s reads an internal note", u)
			}
		}
		apptest.Expect(t, te.Get(path), http.StatusOK, "NOTA-SECRETA", "Nota interna")
		// First response by support takes it and counts as response.
		apptest.Expect(t, te.Post(path+"/responder", form("texto", "Actualice AutoFirma y pruebe de nuevo.")), http.StatusSeeOther)
		if s := env.String(t, `SELECT state FROM helpdesk_tickets WHERE number = $1`, n); s != "en_curso" {
			t.Errorf("state %q after the first answer", s)
		}
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND first_response_at IS NOT NULL AND assignee_id IS NOT NULL`, n) != 1 {
			t.Error("first response not recorded")
		}
		if m, _ := env.Mail.Last(); m.To != Requester || !strings.Contains(m.Body, "Actualice AutoFirma") {
			t.Errorf("reply not mailed: %+v", m)
		}
		// Waiting for the user stops the clock.
		apptest.Expect(t, te.Post(path+"/estado", form("estado", "pendiente", "comentario", "¿Nos confirma la versión?")), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND resolution_due_at IS NULL AND paused_since IS NOT NULL`, n) != 1 {
			t.Error("the clock did not stop")
		}
		apptest.Expect(t, te.Get("/soporte?q="+n), http.StatusOK, "En pausa")
		// The user's answer restarts it.
		apptest.Expect(t, rq.Post(path+"/responder", form("texto", "Versión 1.8.2, sigue fallando.")), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND state = 'en_curso' AND resolution_due_at IS NOT NULL AND paused_since IS NULL`, n) != 1 {
			t.Error("the user's reply did not restart the clock")
		}
		// A requester cannot resolve; support can.
		apptest.Expect(t, rq.Post(path+"/estado", form("estado", "resuelta")), http.StatusConflict)
		apptest.Expect(t, te.Post(path+"/estado", form("estado", "resuelta", "comentario", "Resuelto con la versión 1.8.3.")), http.StatusSeeOther)
		// The entity's administrator may close it but not rate it: only the requester rates.
		apptest.Expect(t, cc.Post(path+"/valorar", form("valoracion", "5")), http.StatusForbidden)
		apptest.Expect(t, rq.Post(path+"/valorar", form("valoracion", "9")), http.StatusUnprocessableEntity, "Elija una valoración de 1")
		apptest.Expect(t, rq.Post(path+"/valorar", form("valoracion", "4", "comentario", "Rápidos")), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND state = 'cerrada' AND rating = 4 AND resolution_work_min IS NOT NULL`, n) != 1 {
			t.Error("rating did not close the ticket")
		}
		apptest.Expect(t, rq.Post(path+"/valorar", form("valoracion", "5")), http.StatusConflict)
		// Reopening restarts the clock.
		apptest.Expect(t, rq.Post(path+"/estado", form("estado", "reabierta", "comentario", "Vuelve a fallar")), http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND state = 'reabierta' AND resolved_at IS NULL AND resolution_due_at IS NOT NULL`, n) != 1 {
			t.Error("reopening did not restart the clock")
		}
		apptest.Expect(t, te.Get(path), http.StatusOK, "Estado: Cerrada → Reabierta", "Valorada con 4 de 5")

		// The operator escalates a member's ticket to the second level.
		op := x.c[apptest.Operador]
		mp := "/soporte/incidencias/" + x.member
		apptest.Expect(t, op.Post(mp+"/escalar", form("motivo", "")), http.StatusUnprocessableEntity, "Explique al segundo nivel")
		apptest.Expect(t, op.Post(mp+"/escalar", form("motivo", "Comprobado en dos navegadores.")), http.StatusSeeOther)
		if env.Count(t, `SELECT level FROM helpdesk_tickets WHERE number = $1`, x.member) != 2 {
			t.Error("not escalated")
		}
		apptest.Expect(t, op.Post(mp+"/escalar", form("motivo", "otra vez")), http.StatusConflict)
		apptest.Expect(t, op.Get(mp), http.StatusOK, "Segundo nivel")
		// Reclassifying moves the SLA to the new service and priority.
		apptest.Expect(t, te.Post("/soporte/incidencias/"+x.req+"/clasificar", form("servicio", "red", "categoria", "error", "prioridad", "urgente")), http.StatusSeeOther)
		if env.Count(t, `SELECT sla_resolution_min FROM helpdesk_tickets WHERE number = $1`, x.req) !=
			env.Count(t, `SELECT resolution_minutes FROM helpdesk_sla WHERE service_code = 'red' AND priority = 'urgente'`) {
			t.Error("reclassifying kept the old SLA")
		}
	})
}

func TestPhoneCalls(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		da, te := x.c[apptest.DipAdmin], x.c[apptest.Tecnico]
		// A service level of its own for registro/alta: 1,5 h and 9 h.
		apptest.Expect(t, da.Post("/soporte/acuerdos", form("servicio", "registro", "prioridad", "alta", "respuesta", "1,5", "resolucion", "9")), http.StatusSeeOther)
		apptest.Expect(t, da.Post("/soporte/acuerdos", form("servicio", "registro", "prioridad", "alta", "respuesta", "10", "resolucion", "9")),
			http.StatusUnprocessableEntity, "no puede tener menos horas")
		apptest.Expect(t, x.c[apptest.Caceres].Get("/soporte/acuerdos"), http.StatusOK, "Registro de entrada y salida", "1,5")
		// The caller's number finds the person and his open tickets.
		res := te.Get("/soporte/llamadas?telefono=927000111")
		apptest.Expect(t, res, http.StatusOK, "Lucía Sanguino Pulido", x.req, "Registrar su llamada")
		caceres := env.EntityID(t, apptest.Dir3Caceres)
		lucia := env.UserID(t, Requester)
		// Validation: a call never floats alone.
		res = te.Post("/soporte/llamadas", form("entidad", caceres, "telefono", "927000111", "duracion", "4", "resumen", "x"))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija si la llamada abre una incidencia nueva")
		before := env.Count(t, `SELECT COUNT(*) FROM helpdesk_calls`)
		// A call that opens a ticket: channel teléfono, SLA of its service and priority.
		n := created(t, te.Post("/soporte/llamadas", form("entidad", caceres, "telefono", "927 000 111", "solicitante", lucia,
			"duracion", "6:30", "resumen", "El registro no deja adjuntar PDF\nDa error al subir.", "destino", "nueva",
			"servicio", "registro", "categoria", "error", "prioridad", "alta")))
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE number = $1 AND channel = 'telefono' AND sla_response_min = 90
			AND sla_resolution_min = 540 AND subject = 'El registro no deja adjuntar PDF'`, n) != 1 {
			t.Error("the phone ticket lost the service level of registro/alta")
		}
		// The same service and priority by the web have the same limits.
		w := created(t, x.c[Requester].Post("/soporte/nueva", form("asunto", "Igual por la web", "descripcion", "d", "servicio", "registro",
			"categoria", "error", "prioridad", "alta")))
		if env.String(t, `SELECT response_due_at - created_at FROM helpdesk_tickets WHERE number = $1`, n) == "" ||
			env.Count(t, `SELECT sla_resolution_min FROM helpdesk_tickets WHERE number = $1`, w) != 540 {
			t.Error("web and phone tickets differ")
		}
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_calls c JOIN helpdesk_tickets t ON t.id = c.ticket_id WHERE t.number = $1 AND c.duration_sec = 390`, n) != 1 {
			t.Error("the call is not tied to its ticket")
		}
		// A call about an open ticket is added to it.
		res = te.Post("/soporte/llamadas", form("entidad", caceres, "telefono", "927000111", "solicitante", lucia, "duracion", "2",
			"resumen", "Pregunta cómo va", "destino", x.req))
		apptest.Expect(t, res, http.StatusSeeOther)
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_calls`) != before+2 {
			t.Error("calls not recorded")
		}
		apptest.Expect(t, te.Get("/soporte/incidencias/"+x.req), http.StatusOK, "Pregunta cómo va", "Llamadas")
		// Pointing at a ticket of another entity is refused.
		res = te.Post("/soporte/llamadas", form("entidad", caceres, "telefono", "927000111", "llamante", "X", "duracion", "2",
			"resumen", "r", "destino", x.pl))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Elija una incidencia abierta de la entidad")
		// A caller without an account: the ticket keeps his name.
		n2 := created(t, te.Post("/soporte/llamadas", form("entidad", caceres, "telefono", "600111222", "llamante", "Concejal de Obras",
			"duracion", "3", "resumen", "Sin correo en el móvil", "destino", "nueva", "servicio", "correo", "categoria", "consulta", "prioridad", "normal")))
		if env.String(t, `SELECT requester_name FROM helpdesk_tickets WHERE number = $1 AND requester_id IS NULL`, n2) != "Concejal de Obras" {
			t.Error("caller without account")
		}
	})
}

func TestKnowledgeBase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		rq := x.c[Requester]
		// Accent- and case-insensitive.
		apptest.Expect(t, rq.Get("/soporte/soluciones?q=CERTIFICADO+VALIDO"), http.StatusOK, "No se encuentra certificado válido al firmar")
		apptest.Expect(t, rq.Get("/soporte/soluciones?q=buzón"), http.StatusOK, "No llegan correos: buzón lleno")
		// Proposed while writing a ticket, without JavaScript.
		res := rq.Get("/soporte/nueva?buscar=1&asunto=No+me+llegan+los+correos&descripcion=creo+que+el+buzon+esta+lleno&servicio=correo")
		apptest.Expect(t, res, http.StatusOK, "Soluciones que pueden servirle", "No llegan correos: buzón lleno", "No me llegan los correos")
		// The Diputación writes; a draft is hidden from the entities.
		te := x.c[apptest.Tecnico]
		apptest.Expect(t, te.Post("/soporte/soluciones/nueva", form("titulo", "", "texto", "")), http.StatusUnprocessableEntity, "Escriba el título")
		res = te.Post("/soporte/soluciones/nueva", form("titulo", "Cómo cambiar la contraseña de Gestión Tributaria", "texto", "Paso 1.\n\nPaso 2.", "servicio", "tributos"))
		apptest.Expect(t, res, http.StatusSeeOther)
		id := strings.TrimPrefix(res.Location, "/soporte/soluciones/")
		apptest.Expect(t, rq.Get("/soporte/soluciones/"+id), http.StatusNotFound)
		apptest.Expect(t, te.Post("/soporte/soluciones/"+id+"/editar", form("titulo", "Cómo cambiar la contraseña de Gestión Tributaria",
			"texto", "Paso 1.\n\nPaso 2.", "servicio", "tributos", "publicada", "1")), http.StatusSeeOther)
		apptest.Expect(t, rq.Get("/soporte/soluciones?q=contrasena+tributaria"), http.StatusOK, "Cómo cambiar la contraseña")
		apptest.Expect(t, rq.Get("/soporte/soluciones/"+id), http.StatusOK, "Paso 2.")
	})
}

func TestStatistics(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		x := newWorld(t, env)
		da := x.c[apptest.DipAdmin]
		res := da.Get("/soporte/estadisticas?anio=2017")
		n2012 := env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE year = 2012`)
		apptest.Expect(t, res, http.StatusOK, "<svg", `role="img"`, "Incidencias por año (los mismos datos del gráfico)",
			"Por servicio", "Por canal", "Por entidad", "Resueltas en plazo", "Valoración media")
		if !strings.Contains(apptest.Text(res.Body), "2012 "+itoa(n2012)) {
			t.Errorf("the yearly table lacks 2012 with %d", n2012)
		}
		// The demo follows the published yearly series (scaled down in tests).
		for y := 2012; y <= 2018; y++ {
			if got := env.Count(t, `SELECT COUNT(*) FROM helpdesk_tickets WHERE year = $1`, y); got != helpdesk.RealSeries[y]/150 {
				t.Errorf("%d: %d demo tickets, want %d", y, got, helpdesk.RealSeries[y]/150)
			}
		}
		// An entity administrator sees only his entity.
		res = x.c[apptest.Plasencia].Get("/soporte/estadisticas?anio=todos")
		apptest.Expect(t, res, http.StatusOK, "Ayuntamiento de Plasencia")
		if strings.Contains(res.Body, "Ayuntamiento de Cáceres") {
			t.Error("Plasencia's statistics show Cáceres")
		}
		for _, f := range []string{"csv", "ods", "xlsx"} {
			res := da.Get("/soporte/estadisticas/exportar?tabla=servicios&anio=2017&formato=" + f)
			apptest.Expect(t, res, http.StatusOK)
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "soporte-servicios-2017."+f) {
				t.Errorf("%s: %q", f, cd)
			}
		}
		apptest.Expect(t, da.Get("/soporte/estadisticas/exportar?tabla=anios&formato=csv"), http.StatusOK, "Incidencias", "2012")
		apptest.Expect(t, da.Get("/soporte/estadisticas/exportar?tabla=nada&formato=csv"), http.StatusBadRequest)
		apptest.Expect(t, da.Get("/soporte/exportar?formato=pdf"), http.StatusBadRequest)
		apptest.Expect(t, da.Get("/soporte/exportar?formato=xlsx&estado=todas"), http.StatusOK)
		// The calendar shows the non-working days with their source.
		apptest.Expect(t, da.Get("/soporte/calendario?anio=2026"), http.StatusOK, "Día de Extremadura", "02/11/2026", "Decreto 40/2025")
	})
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
