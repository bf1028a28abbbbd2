package helpdesk_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestStatisticsLinkOnlyForWhoReadsThem: the queue offers the statistics to
// the Diputación's técnico, who reads them, and not to the mayor of
// Cáceres, whom the statistics page refuses.
func TestStatisticsLinkOnlyForWhoReadsThem(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		tec := env.Login(t, apptest.Tecnico)
		apptest.Expect(t, tec.Get("/soporte"), http.StatusOK, `href="/soporte/estadisticas"`)
		apptest.Expect(t, tec.Get("/soporte/estadisticas"), http.StatusOK)
		mayor := env.Login(t, "alcaldia@caceres.es")
		res := mayor.Get("/soporte")
		apptest.Expect(t, res, http.StatusOK)
		if strings.Contains(res.Body, `href="/soporte/estadisticas"`) {
			t.Fatal("the mayor is offered the statistics he may not read")
		}
		apptest.Expect(t, mayor.Get("/soporte/estadisticas"), http.StatusForbidden)
	})
}
