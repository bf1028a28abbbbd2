package helpdesk_test

import (
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
