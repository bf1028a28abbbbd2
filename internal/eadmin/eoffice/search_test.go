package eoffice_test

import (
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/app/apptest"
)

// A search of the sede's procedures for % or _ finds only those whose text
// contains that character.
func TestProcedureSearchTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		for code, name := range map[string]string{"PCT": "Bonificación del 50% en la tasa de basuras",
			"SUB": "Alta en el fichero_municipal de huertos", "LLANA": "Autorización de mercadillo llano"} {
			proc := url.Values{"codigo": {code}, "nombre": {name}, "descripcion": {"Trámite de prueba."},
				"unidad": {"Secretaría"}, "plazo": {"30"}, "silencio": {"estimatorio"}, "en_linea": {"si"}, "activo": {"si"}}
			if res := cc.Post("/sede-electronica/procedimientos", proc); res.Status != http.StatusSeeOther {
				t.Fatalf("create procedure %s: %d\n%.800s", code, res.Status, apptest.Text(res.Body))
			}
		}
		apptest.ExpectLiteralSearch(t, env.Anonymous(t), "/e/10037/sede/procedimientos?q=",
			"Bonificación del 50% en la tasa de basuras", "Alta en el fichero_municipal de huertos", "Autorización de mercadillo llano")
	})
}
