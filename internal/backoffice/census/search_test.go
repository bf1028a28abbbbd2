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

// TestSearchByDocumentWithoutTokens: a document is not a search token (it
// is read from the document index), yet the search box finds the person
// by the whole document or by its beginning, and not in another town.
func TestSearchByDocumentWithoutTokens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		c := env.Login(t, apptest.Plasencia)
		res := c.Post("/padron/altas", altaForm(dwelling(t, env, pl, 6), "55667788Z"))
		apptest.Expect(t, res, http.StatusSeeOther)
		id := strings.TrimPrefix(res.Location, "/padron/habitantes/")
		if n := env.Count(t, `SELECT COUNT(*) FROM census_search WHERE inscription_id = $1`, id); n != 5 {
			t.Fatalf("%d tokens, want the 5 words of her name", n)
		}
		for _, q := range []string{"55667788Z", "55667788z", "556677", "nunez 5566"} {
			apptest.Expect(t, c.Get("/padron?"+url.Values{"q": {q}}.Encode()), http.StatusOK, "/padron/habitantes/"+id)
		}
		if res := c.Get("/padron?q=55667789"); strings.Contains(res.Body, "/padron/habitantes/"+id) {
			t.Fatal("another document finds her")
		}
		if res := env.Login(t, apptest.Abadia).Get("/padron?q=55667788Z"); strings.Contains(res.Body, "/padron/habitantes/"+id) {
			t.Fatal("Abadía finds Plasencia's inhabitant by her document")
		}
	})
}
