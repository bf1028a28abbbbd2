package eoffice_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestLocalHolidaysOfTheSede: an ayuntamiento's sede counts its own local
// holidays, an ELM's those of its municipality, a mancomunidad's none.
func TestLocalHolidaysOfTheSede(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Anonymous(t)
		apptest.Expect(t, c.Get("/e/10037/sede/calendario?anio=2025"), http.StatusOK, "locales del municipio", "San Jorge (Cáceres)")
		elm := env.String(t, `SELECT id FROM entities WHERE kind = 'elm' AND active ORDER BY name, id LIMIT 1`)
		if _, err := env.DB.Exec(`UPDATE entities SET parent_id = $1 WHERE id = $2`, env.EntityID(t, "L01100377"), elm); err != nil {
			t.Fatal(err)
		}
		key := env.String(t, `SELECT COALESCE(dir3, id) FROM entities WHERE id = $1`, elm)
		apptest.Expect(t, c.Get("/e/"+key+"/sede/calendario?anio=2025"), http.StatusOK, "locales del municipio", "San Jorge (Cáceres)")
		manc := env.String(t, `SELECT COALESCE(dir3, id) FROM entities WHERE kind = 'mancomunidad' AND active ORDER BY name, id LIMIT 1`)
		res := c.Get("/e/" + manc + "/sede/calendario?anio=2025")
		apptest.Expect(t, res, http.StatusOK, "nacionales y de la Comunidad Autónoma de Extremadura (")
		if strings.Contains(res.Body, "San Jorge") {
			t.Fatal("a mancomunidad's sede counts Cáceres's local holidays")
		}
	})
}
