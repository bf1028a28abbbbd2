package signflow_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"concejo/internal/app/apptest"
)

var waitingRe = regexp.MustCompile(`(\d+) documentos esperan su firma o su visto bueno en el portafirmas|Un documento espera su firma o su visto bueno en el portafirmas`)

// TestHomeShowsWaiting: a document sent to the mayor's signature adds one
// to what his home says waits for him, linked to his inbox; Plasencia's
// administrator's home does not count it.
func TestHomeShowsWaiting(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor, pl := env.Login(t, apptest.Caceres), env.Login(t, alcaldia), env.Login(t, apptest.Plasencia)
		mine, theirs := mayor.HomeCount(t, waitingRe), pl.HomeCount(t, waitingRe)
		submit(t, author, url.Values{"titulo": {"Decreto de la alcaldía"}, "tipo": {"resolucion"}, "paso1_accion": {"firma"},
			"paso1_personas": {env.UserID(t, alcaldia)}}, samplePDF(t, "Decreto"))
		if n := mayor.HomeCount(t, waitingRe); n != mine+1 {
			t.Fatalf("the mayor's home says %d wait for him, want %d", n, mine+1)
		}
		apptest.Expect(t, mayor.Get("/"), http.StatusOK, "Le espera", `href="/portafirmas"`)
		if n := pl.HomeCount(t, waitingRe); n != theirs {
			t.Fatalf("Plasencia's home went from %d to %d with Cáceres's request", theirs, n)
		}
	})
}
