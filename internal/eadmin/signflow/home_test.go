package signflow_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"concejo/internal/app/apptest"
)

var waitingRe = regexp.MustCompile(`(\d+ documentos esperan|Un documento espera) su firma o su visto bueno en el portafirmas`)

// waitingOn is how many documents a person's home says wait for him.
func waitingOn(t *testing.T, c *apptest.Client) int {
	t.Helper()
	home := c.Get("/")
	if home.Status != http.StatusOK {
		t.Fatalf("home: %d", home.Status)
	}
	m := waitingRe.FindStringSubmatch(apptest.Text(home.Body))
	switch {
	case m == nil:
		return 0
	case m[1] == "Un documento espera":
		return 1
	}
	n, _ := strconv.Atoi(regexp.MustCompile(`^\d+`).FindString(m[1]))
	return n
}

// TestHomeShowsWaiting: a document sent to the mayor's signature adds one
// to what his home says waits for him, linked to his inbox; Plasencia's
// administrator's home does not count it.
func TestHomeShowsWaiting(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		author, mayor, pl := env.Login(t, apptest.Caceres), env.Login(t, alcaldia), env.Login(t, apptest.Plasencia)
		mine, theirs := waitingOn(t, mayor), waitingOn(t, pl)
		submit(t, author, url.Values{"titulo": {"Decreto de la alcaldía"}, "tipo": {"resolucion"}, "paso1_accion": {"firma"},
			"paso1_personas": {env.UserID(t, alcaldia)}}, samplePDF(t, "Decreto"))
		if n := waitingOn(t, mayor); n != mine+1 {
			t.Fatalf("the mayor's home says %d wait for him, want %d", n, mine+1)
		}
		apptest.Expect(t, mayor.Get("/"), http.StatusOK, "Le espera", `href="/portafirmas"`)
		if n := waitingOn(t, pl); n != theirs {
			t.Fatalf("Plasencia's home went from %d to %d with Cáceres's request", theirs, n)
		}
	})
}
