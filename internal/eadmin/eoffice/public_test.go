package eoffice_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

func TestPublicSedeHasTheLegalMinimum(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		res := c.Get("/e/10037/sede")
		apptest.Expect(t, res, http.StatusOK, "Sede electrónica del Ayuntamiento de Cáceres", "Fecha y hora oficial",
			"Titular", "Responsable de la gestión", "Instrumento de creación", "Catálogo de procedimientos",
			"Registro electrónico", "/verificar", "Declaración de accesibilidad", "Aviso legal", "Incidencias técnicas",
			"Sistemas de identificación y firma admitidos", "L01100377")
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Fatalf("CSP %q", csp)
		}
		// Only external scripts (the tables' stacking, concejo.js), no inline ones.
		if strings.Count(res.Body, "<script") != strings.Count(res.Body, "<script src=") || strings.Contains(res.Body, "style=") {
			t.Fatal("inline script or style in the sede")
		}
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos"), http.StatusOK, "Licencia de obra mayor", "Urbanismo", "Tres meses")
		apptest.Expect(t, c.Get("/e/10037/sede/procedimientos?q=padron"), http.StatusOK, "Volante o certificado de empadronamiento")
		res = c.Get("/e/10037/sede/procedimientos?q=zzzz")
		apptest.Expect(t, res, http.StatusOK, "Ningún procedimiento contiene")
		apptest.Expect(t, c.Get("/e/10037/sede/calendario?anio=2026"), http.StatusOK, "Días inhábiles de 2026",
			"Fecha y hora oficial", "01/01/2026", "Año Nuevo")
		apptest.Expect(t, c.Get("/e/10037/sede/calendario?anio=abc"), http.StatusBadRequest, "El año no es válido")
		apptest.Expect(t, c.Get("/e/10037/sede/accesibilidad"), http.StatusOK, "RD 1112/2018", "parcialmente conforme")
		apptest.Expect(t, c.Get("/e/10037/sede/aviso-legal"), http.StatusOK, "Agencia Española de Protección de Datos", "Incidencias técnicas")
		apptest.Expect(t, c.Get("/e/10037/sede/registro"), http.StatusOK, "veinticuatro horas", "Presentar una solicitud general")
		// Plasencia's sede is its own; Abadía (no catalogue yet) says what to do.
		apptest.Expect(t, c.Get("/e/10148/sede"), http.StatusOK, "Ayuntamiento de Plasencia")
		apptest.Expect(t, c.Get("/e/10001/sede/procedimientos"), http.StatusOK, "todavía no ha publicado su catálogo")
		// Unknown keys, and a municipality addressed by DIR3 instead of INE, are 404.
		for _, p := range []string{"/e/99999/sede", "/e/L01100377/sede", "/e/x/sede", "/e/" + strings.Repeat("9", 300) + "/sede"} {
			if res := c.Get(p); res.Status != http.StatusNotFound {
				t.Fatalf("%s: %d", p, res.Status)
			}
		}
		// The Diputación and a mancomunidad are addressed by DIR3 or, lacking one, by id.
		apptest.Expect(t, c.Get("/e/L02000010/sede"), http.StatusOK, "Diputación")
		manc := env.String(t, `SELECT id FROM entities WHERE kind = 'mancomunidad' AND dir3 IS NULL ORDER BY name LIMIT 1`)
		if manc != "" {
			apptest.Expect(t, c.Get("/e/"+manc+"/sede"), http.StatusOK, "Mancomunidad")
		}
	})
}
