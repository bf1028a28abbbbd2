package parties_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/parties"
	"concejo/internal/platform/id"
)

// The list's search finds terceros by the beginnings of the words of their
// names and document, in any order and whatever the accents, each part of
// a name joined by a hyphen too; another entity's list never shows them.
func TestSearchByWordPrefixes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		apptest.Expect(t, c.Post("/terceros", person("12345678z", "Inmaculada", "Sánchez-Arjona", "Muñoz", "")), http.StatusSeeOther)
		for _, q := range []string{"sanchez-arjona", "ARJONA inma", "muñ sanch", "sanchezarj", "12345678", "12.345.678-Z"} {
			apptest.Expect(t, c.Get("/terceros?q="+url.QueryEscape(q)), http.StatusOK, "Sánchez-Arjona Muñoz, Inmaculada")
		}
		for _, q := range []string{"rjona", "arjona garcia", "%"} {
			if res := c.Get("/terceros?q=" + url.QueryEscape(q)); strings.Contains(res.Body, "Inmaculada") {
				t.Errorf("a search for %q lists Inmaculada", q)
			}
		}
		pl := env.Login(t, apptest.Plasencia)
		if res := pl.Get("/terceros?q=arjona"); res.Status != http.StatusOK || strings.Contains(res.Body, "Inmaculada") {
			t.Errorf("Plasencia's search answers %d and lists Cáceres' tercero: %v", res.Status, strings.Contains(res.Body, "Inmaculada"))
		}
	})
}

// The marks of possible duplicates follow every write: a pair appears,
// disappears when one of them changes its birth date, and terceros loaded
// in bulk (unmarked) are checked before the page is shown. Another entity's
// page lists none of them.
func TestDuplicateMarksFollowWrites(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		cc := env.EntityID(t, apptest.Dir3Caceres)
		c := env.Login(t, apptest.Caceres)
		day := time.Date(1961, 5, 17, 0, 0, 0, 0, time.UTC)
		other := day.AddDate(0, 0, 1)
		a, err := parties.Create(ctx, env.DB, parties.Party{EntityID: cc, Kind: parties.KindPerson, DocType: parties.DocOther,
			Name: "Eusebio", Surname1: "Carrasco", Surname2: "Bermejo", BirthDate: &day})
		if err != nil {
			t.Fatal(err)
		}
		b, err := parties.Create(ctx, env.DB, parties.Party{EntityID: cc, Kind: parties.KindPerson, DocType: parties.DocOther,
			Name: "Eusevio", Surname1: "Carrasco", Surname2: "Bermejo", BirthDate: &day})
		if err != nil {
			t.Fatal(err)
		}
		marked := func() int {
			return env.Count(t, `SELECT COUNT(*) FROM parties WHERE entity_id = $1 AND possible_duplicate = TRUE AND surname1 = 'Carrasco'`, cc)
		}
		if n := marked(); n != 2 {
			t.Fatalf("%d of the pair marked", n)
		}
		apptest.Expect(t, c.Get("/terceros/duplicados"), http.StatusOK, "Eusebio Carrasco Bermejo", "Eusevio Carrasco Bermejo")

		b.BirthDate = &other
		if _, err := parties.Update(ctx, env.DB, b); err != nil {
			t.Fatal(err)
		}
		if n := marked(); n != 0 {
			t.Fatalf("%d still marked after the pair's birth dates differ", n)
		}
		if strings.Contains(c.Get("/terceros/duplicados").Body, "Carrasco") {
			t.Fatal("the page still groups a pair born on different days")
		}

		// A bulk load leaves its rows unmarked; the page compares them first.
		now := time.Now().UTC()
		bulk := parties.Party{EntityID: cc, ID: id.New(), Kind: parties.KindPerson, DocType: parties.DocOther, Name: "Eusebio",
			Surname1: "Carrasco", Surname2: "Bermejo", BirthDate: &day, CreatedAt: now, UpdatedAt: now}
		if err := env.DB.Tx(ctx, func(tx *sql.Tx) error { return parties.InsertMany(ctx, tx, env.DB.Engine, []parties.Party{bulk}) }); err != nil {
			t.Fatal(err)
		}
		res := c.Get("/terceros/duplicados")
		apptest.Expect(t, res, http.StatusOK, "Eusebio Carrasco Bermejo")
		if n := strings.Count(res.Body, "/terceros/"+a.ID) + strings.Count(res.Body, "/terceros/"+bulk.ID); n < 2 {
			t.Fatalf("the bulk-loaded namesake is not grouped with %s", a.ID)
		}
		if n := env.Count(t, `SELECT COUNT(*) FROM party_duplicate_checks WHERE entity_id = $1`, cc); n != 1 {
			t.Fatalf("the entity is not recorded as checked after its page: %d", n)
		}
		if strings.Contains(env.Login(t, apptest.Plasencia).Get("/terceros/duplicados").Body, "Carrasco") {
			t.Fatal("Plasencia's page lists Cáceres' terceros")
		}
	})
}
