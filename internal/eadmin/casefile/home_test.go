package casefile_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"concejo/internal/app/apptest"
)

var tasksRe = regexp.MustCompile(`(\d+) trámites de expedientes le esperan|Un trámite de un expediente le espera`)

// pendingOnHome is how many trámites a person's home says wait for him.
func pendingOnHome(t *testing.T, c *apptest.Client) int {
	t.Helper()
	res := c.Get("/")
	if res.Status != http.StatusOK {
		t.Fatalf("home: %d", res.Status)
	}
	m := tasksRe.FindStringSubmatch(apptest.Text(res.Body))
	switch {
	case m == nil:
		return 0
	case m[1] == "":
		return 1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestHomeShowsPendingTasks: an expediente assigned to the clerk adds its
// next trámite to what his home says waits for him, linked to his list.
func TestHomeShowsPendingTasks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		before := pendingOnHome(t, cc)
		id := openFrom(t, cc, procedureOf(t, env, apptest.Dir3Caceres, "OBRA-MENOR"), registerEntrada(t, cc, "12345678Z", "Lucía Gómez Núñez"))
		idAfter(t, cc.Post("/expedientes/"+id+"/asignar", url.Values{"usuario": {env.UserID(t, apptest.Caceres)}}), "/expedientes/")
		if after := pendingOnHome(t, cc); after != before+1 {
			t.Fatalf("home counted %d → %d trámites after an expediente was assigned to him, want one more", before, after)
		}
		apptest.Expect(t, cc.Get("/"), http.StatusOK, `href="/expedientes/pendientes"`)
	})
}
