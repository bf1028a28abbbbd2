package account_test

import (
	"net/http"
	"regexp"
	"testing"

	"concejo/internal/app/apptest"
)

var cardRe = regexp.MustCompile(`<h3><a href="([^"]+)">([^<]+)</a></h3>`)

// TestHomeApplicationCardsAreLinks: every application on a person's home
// opens somewhere: its pages in Concejo (the padrón's list, not its
// callejero), or the service's page of the catalogue when Concejo has none.
func TestHomeApplicationCardsAreLinks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		res := env.Login(t, apptest.Plasencia).Get("/")
		apptest.Expect(t, res, http.StatusOK, "Sus aplicaciones")
		cards := cardRe.FindAllStringSubmatch(res.Body, -1)
		if len(cards) == 0 {
			t.Fatalf("no application card is a link:\n%.3000s", apptest.Text(res.Body))
		}
		hrefs := map[string]bool{}
		for _, c := range cards {
			hrefs[c[1]] = true
		}
		if !hrefs["/padron"] || !hrefs["/registro"] {
			t.Fatalf("the padrón's and the registro's cards do not open their lists: %v", hrefs)
		}
		if !hrefs["/servicios/contabilidad"] {
			t.Fatalf("the contabilidad's card (no pages in Concejo) does not open its catalogue page: %v", hrefs)
		}
	})
}
