package casefile_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"concejo/internal/app/apptest"
)

var tasksRe = regexp.MustCompile(`(\d+) trámites de expedientes le esperan|Un trámite de un expediente le espera`)

// TestHomeShowsPendingTasks: an expediente assigned to the clerk adds its
// next trámite to what his home says waits for him, linked to his list.
func TestHomeShowsPendingTasks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		before := cc.HomeCount(t, tasksRe)
		id := openFrom(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR"), registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		idAfter(t, cc.Post("/expedientes/"+id+"/asignar", url.Values{"usuario": {env.UserID(t, apptest.Caceres)}}), "/expedientes/")
		if after := cc.HomeCount(t, tasksRe); after != before+1 {
			t.Fatalf("home counted %d → %d trámites after an expediente was assigned to him, want one more", before, after)
		}
		apptest.Expect(t, cc.Get("/"), http.StatusOK, `href="/expedientes/pendientes"`)
	})
}
