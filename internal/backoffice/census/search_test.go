package census_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
	"concejo/internal/platform/db"
)

// TestSearchByFirstSurname: the «Primer apellido» field finds by the
// beginning of the first surname (not the second), with or without
// accents, combines with the name, reads the sort_key index, and never
// reaches another town.
func TestSearchByFirstSurname(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		adhereAbadia(t, env)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		apptest.Expect(t, c.Post("/padron/altas", altaForm(numbered(t, env, pl, 0), "00000000T")), http.StatusSeeOther)
		const who = "Núñez de la Peña, Ángela"
		find := func(v url.Values) apptest.Response {
			t.Helper()
			return c.Get("/padron?" + v.Encode())
		}
		for _, s := range []string{"Núñez", "nunez", "NÚÑ", "nu", "núñez de la", "nunez  de la pe"} {
			apptest.Expect(t, find(url.Values{"apellido1": {s}}), http.StatusOK, who)
		}
		// the second surname is not the first
		if res := find(url.Values{"apellido1": {"peña"}}); strings.Contains(res.Body, who) {
			t.Fatal("found by the second surname")
		}
		// with the name: both must match
		apptest.Expect(t, find(url.Values{"apellido1": {"nuñez"}, "q": {"ángela"}}), http.StatusOK, who, "<strong>1</strong> persona")
		apptest.Expect(t, find(url.Values{"apellido1": {"nunez"}, "q": {"zzzz"}}), http.StatusOK, "No hay nadie inscrito")
		// every result's first surname begins so
		res := find(url.Values{"apellido1": {"ga"}})
		apptest.Expect(t, res, http.StatusOK)
		list, _, err := census.Search(context.Background(), env.DB, pl, census.Filter{Surname1: "ga", Limit: 1000})
		if err != nil || len(list) == 0 {
			t.Fatalf("search: %v, %d", err, len(list))
		}
		for _, i := range list {
			if !strings.HasPrefix(strings.ToLower(i.Surname1), "ga") {
				t.Fatalf("%s found for «ga»", i.SortName())
			}
		}
		// too long
		apptest.Expect(t, find(url.Values{"apellido1": {strings.Repeat("a", 61)}}), http.StatusBadRequest, "demasiado larga")
		// another town's clerk does not find her
		if res := env.Login(t, apptest.Abadia).Get("/padron?apellido1=nunez"); strings.Contains(res.Body, who) {
			t.Fatal("Abadía finds Plasencia's inhabitant")
		}
		// the search reads a range of the sort_key index, not the table
		if env.DB.Engine == db.SQLite {
			plan, err := census.ListPlan(context.Background(), env.DB, pl, census.Filter{Surname1: "garcia"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "census_inscriptions_sort (entity_id=? AND sort_key>? AND sort_key<?)") {
				t.Fatalf("plan: %s", plan)
			}
		}
	})
}
