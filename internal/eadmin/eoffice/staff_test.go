package eoffice_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

func contentForm(overrides map[string]string) url.Values {
	v := url.Values{"titular": {"Ayuntamiento de Cáceres"}, "responsable": {"Secretaría General del Pleno"},
		"creacion": {"Decreto de Alcaldía 1234/2021, BOP de Cáceres n.º 45"}, "email": {"sede@caceres.es"},
		"telefono": {"927 255 500"}, "direccion": {"Plaza Mayor, 1, 10003 Cáceres"}, "horario": {"De 9:00 a 14:00"},
		"incidencias_email": {"cau@caceres.es"}, "incidencias_telefono": {""}, "dpd_email": {"dpd@caceres.es"},
		"accesibilidad": {"total"}, "accesibilidad_fecha": {"2026-03-15"}, "accesibilidad_revision": {"01/10/2026"}}
	for k, x := range overrides {
		v.Set(k, x)
	}
	return v
}

func TestStaffEditTheirOwnSede(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		apptest.Expect(t, cc.Get("/sede-electronica"), http.StatusOK, "Sede electrónica del Ayuntamiento de Cáceres",
			"/e/10037/sede", "Licencia de obra mayor", "todavía los datos de contacto")

		// Validation.
		res := cc.Post("/sede-electronica/datos", contentForm(map[string]string{"titular": "", "email": "no",
			"accesibilidad": "mucho", "accesibilidad_fecha": "32/13/2026", "incidencias_email": ""}))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "Escriba el órgano titular", "Elija la situación de cumplimiento",
			"La fecha de la declaración no es válida: escríbala como día/mes/año", "Indique un correo o un teléfono para comunicar incidencias")
		res = cc.Post("/sede-electronica/datos", contentForm(map[string]string{"accesibilidad_revision": "01/01/2026"}))
		apptest.Expect(t, res, http.StatusUnprocessableEntity, "no puede ser anterior")

		// A valid edit is published and audited.
		res = cc.Post("/sede-electronica/datos", contentForm(nil))
		if res.Status != http.StatusSeeOther || res.Location != "/sede-electronica" {
			t.Fatalf("save: %d %q\n%.800s", res.Status, res.Location, apptest.Text(res.Body))
		}
		apptest.Expect(t, cc.Get("/sede-electronica"), http.StatusOK, "Contenido de la sede guardado", "Secretaría General del Pleno")
		apptest.Expect(t, cc.Get("/sede-electronica/datos"), http.StatusOK, `type="date"`, `value="2026-03-15"`, `value="2026-10-01"`)
		pub := env.Anonymous(t)
		apptest.Expect(t, pub.Get("/e/10037/sede"), http.StatusOK, "Secretaría General del Pleno", "Decreto de Alcaldía 1234/2021", "sede@caceres.es")
		apptest.Expect(t, pub.Get("/e/10037/sede/accesibilidad"), http.StatusOK, "plenamente conforme", "15/03/2026", "01/10/2026")
		apptest.Expect(t, pub.Get("/e/10037/sede/aviso-legal"), http.StatusOK, "cau@caceres.es", "dpd@caceres.es")
		ccID := env.EntityID(t, apptest.Dir3Caceres)
		if n := env.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'sede.contenido' AND entity_id = $1`, ccID); n != 1 {
			t.Fatalf("audit: %d", n)
		}

		// Procedures: create, duplicate code, edit, withdraw.
		proc := url.Values{"codigo": {"vado"}, "nombre": {"Licencia de vado permanente"}, "descripcion": {"Entrada de vehículos."},
			"unidad": {"Tráfico"}, "plazo": {"60"}, "silencio": {"desestimatorio"}, "en_linea": {"si"}, "activo": {"si"}}
		res = cc.Post("/sede-electronica/procedimientos", proc)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("create procedure: %d\n%.800s", res.Status, apptest.Text(res.Body))
		}
		apptest.Expect(t, pub.Get("/e/10037/sede/procedimientos?q=vado"), http.StatusOK, "Licencia de vado permanente", "Tráfico", "60 días")
		apptest.Expect(t, cc.Post("/sede-electronica/procedimientos", proc), http.StatusUnprocessableEntity, "Ya hay un procedimiento con el código VADO")
		bad := url.Values{"codigo": {"con espacios"}, "nombre": {""}, "unidad": {""}, "plazo": {"-3"}, "silencio": {"x"}}
		apptest.Expect(t, cc.Post("/sede-electronica/procedimientos", bad), http.StatusUnprocessableEntity,
			"El código solo puede tener", "Escriba el nombre", "Escriba la unidad", "un número entero de 1 a 3650", "Elija el efecto del silencio")
		id := env.String(t, `SELECT id FROM eoffice_procedures WHERE entity_id = $1 AND code = 'VADO'`, ccID)
		apptest.Expect(t, cc.Get("/sede-electronica/procedimientos/"+id), http.StatusOK, "Licencia de vado permanente")
		proc.Del("activo")
		if res := cc.Post("/sede-electronica/procedimientos/"+id, proc); res.Status != http.StatusSeeOther {
			t.Fatalf("edit procedure: %d\n%.800s", res.Status, apptest.Text(res.Body))
		}
		if strings.Contains(pub.Get("/e/10037/sede/procedimientos").Body, "vado permanente") {
			t.Fatal("a withdrawn procedure is still published")
		}

		// Another town's admin cannot reach Cáceres' catalogue; the change is not made.
		pl := env.Login(t, apptest.Plasencia)
		if res := pl.Get("/sede-electronica/procedimientos/" + id); res.Status != http.StatusNotFound {
			t.Fatalf("Plasencia reads Cáceres' procedure: %d", res.Status)
		}
		proc.Set("nombre", "Cambiado por Plasencia")
		if res := pl.Post("/sede-electronica/procedimientos/"+id, proc); res.Status != http.StatusNotFound {
			t.Fatalf("Plasencia edits Cáceres' procedure: %d", res.Status)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM eoffice_procedures WHERE name = 'Cambiado por Plasencia'`); n != 0 {
			t.Fatal("Plasencia changed Cáceres' catalogue")
		}
		// Plasencia's edit goes to Plasencia's sede only.
		if res := pl.Post("/sede-electronica/datos", contentForm(map[string]string{"titular": "Ayuntamiento de Plasencia", "responsable": "Secretaría de Plasencia"})); res.Status != http.StatusSeeOther {
			t.Fatalf("Plasencia saves: %d", res.Status)
		}
		apptest.Expect(t, pub.Get("/e/10148/sede"), http.StatusOK, "Secretaría de Plasencia")
		apptest.Expect(t, pub.Get("/e/10037/sede"), http.StatusOK, "Secretaría General del Pleno")
	})
}
