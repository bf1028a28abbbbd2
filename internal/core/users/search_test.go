package users_test

import (
	"testing"

	"concejo/internal/app/apptest"
)

// A search for % or _ finds only the people whose name, NIF or e-mail
// contains that character, not everybody.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		c := env.Login(t, apptest.Caceres)
		for _, p := range []struct{ surname, email string }{
			{"Porcentual", "ana%porcentual@caceres.es"},
			{"Subrayada", "ana_subrayada@caceres.es"},
			{"Llana", "ana.llana@caceres.es"},
		} {
			form := person(freshNIF(), p.email)
			form.Set("apellido1", p.surname)
			c.Get(userPath(t, c.Post("/usuarios", form))) // shows, and spends, the flash naming the person
		}
		apptest.ExpectLiteralSearch(t, c, "/usuarios?q=", "Porcentual", "Subrayada", "Llana")
	})
}
