package registry_test

import (
	"testing"

	"concejo/internal/app/apptest"
)

// A search of the book for % or _ finds only the asientos whose text
// contains that character.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		unit := createUnit(t, cc, "Rentas")
		for _, subject := range []string{"Bonificación del 50% en la tasa", "Copia del fichero_padron", "Licencia de vado llano"} {
			form := entryForm(unit)
			form.Set("subject", subject)
			idFrom(t, postEntry(t, cc, form))
		}
		apptest.ExpectLiteralSearch(t, cc, "/registro?q=", "Bonificación del 50% en la tasa", "Copia del fichero_padron", "Licencia de vado llano")
	})
}
