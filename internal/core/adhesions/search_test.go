package adhesions_test

import (
	"testing"

	"concejo/internal/app/apptest"
)

// A search of the adhesions for % or _ finds only those of entities whose
// searched text contains that character.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		var numbers []string
		for _, e := range []struct{ dir3, search string }{
			{apptest.Dir3Caceres, "ayuntamiento de caceres al 100%"},
			{apptest.Dir3Plasencia, "ayuntamiento de plasencia_norte"},
			{apptest.Dir3Abadia, "ayuntamiento de abadia"},
		} {
			id := env.EntityID(t, e.dir3)
			if _, err := env.DB.Exec(`UPDATE entities SET search_text = $1 WHERE id = $2`, e.search, id); err != nil {
				t.Fatal(err)
			}
			n := env.String(t, `SELECT MAX(number) FROM adhesions WHERE entity_id = $1`, id)
			if n == "" {
				t.Fatalf("no demo adhesion of %s", e.dir3)
			}
			numbers = append(numbers, n)
		}
		apptest.ExpectLiteralSearch(t, env.Login(t, apptest.Tecnico), "/adhesiones?q=", numbers[0], numbers[1], numbers[2])
	})
}
