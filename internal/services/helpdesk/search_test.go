package helpdesk_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// A search of the tickets for % or _ finds only those whose text contains
// that character.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		rq := env.Login(t, Requester)
		for _, subject := range []string{"La cuota sube un 40% sin aviso", "No abre el fichero informe_final", "La pantalla parpadea"} {
			created(t, rq.Post("/soporte/nueva", form("asunto", subject, "descripcion", "Desde esta mañana.",
				"servicio", "registro", "categoria", "error", "prioridad", "normal")))
		}
		apptest.ExpectLiteralSearch(t, rq, "/soporte?q=", "La cuota sube un 40% sin aviso", "No abre el fichero informe_final", "La pantalla parpadea")
	})
}

// The search finds tickets by the beginnings of their words, whatever the
// accents and case, every word required; the tickets of another entity
// stay out of another town's search, and a word's inside is no match.
func TestSearchByWordPrefixes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		rq := env.Login(t, Requester)
		n := created(t, rq.Post("/soporte/nueva", form("asunto", "El escáner de la Secretaría no digitaliza", "descripcion",
			"Da un error de calibración al encender.", "servicio", "registro", "categoria", "error", "prioridad", "normal")))
		for _, q := range []string{"escaner", "ESCÁNER secretar", "calibracion encend", "digitaliz"} {
			apptest.Expect(t, rq.Get("/soporte?q="+url.QueryEscape(q)), http.StatusOK, n)
		}
		for _, q := range []string{"caner", "escaner impresora"} {
			if res := rq.Get("/soporte?q=" + url.QueryEscape(q)); strings.Contains(res.Body, n) {
				t.Errorf("a search for %q lists %s", q, n)
			}
		}
		caceres, plasencia := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		apptest.Expect(t, caceres.Get("/soporte?estado=todas&q=escaner+secretaria"), http.StatusOK, n)
		if res := plasencia.Get("/soporte?estado=todas&q=escaner+secretaria"); res.Status != http.StatusOK || strings.Contains(res.Body, n) {
			t.Errorf("Plasencia's search answers %d and lists Cáceres' ticket: %v", res.Status, strings.Contains(res.Body, n))
		}
	})
}
