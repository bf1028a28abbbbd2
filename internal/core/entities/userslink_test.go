package entities_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
)

// TestUsersLinkOnlyForWhoReadsThem: an entity's page links to its users only
// for who may open that list (its user administrator, the Diputación's
// administrator), and the link opens; the Diputación's técnico, who sees the
// entity and its history but not its users, gets no link that would answer
// «sin permiso».
func TestUsersLinkOnlyForWhoReadsThem(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		caceres := env.EntityID(t, apptest.Dir3Caceres)
		link := `href="/usuarios?entidad=` + caceres + `"`
		for _, who := range []string{apptest.DipAdmin, apptest.Caceres} {
			c := env.Login(t, who)
			page := c.Get("/entidades/" + caceres)
			if page.Status != http.StatusOK || !strings.Contains(page.Body, link) {
				t.Fatalf("%s: %d, no link to the users:\n%s", who, page.Status, apptest.Text(page.Body))
			}
			apptest.Expect(t, c.Get("/usuarios?entidad="+caceres), http.StatusOK)
		}
		tec := env.Login(t, apptest.Tecnico)
		page := tec.Get("/entidades/" + caceres)
		apptest.Expect(t, page, http.StatusOK, "Historial")
		if strings.Contains(page.Body, "/usuarios?entidad=") {
			t.Fatalf("the técnico gets a link to users he may not read:\n%s", apptest.Text(page.Body))
		}
		apptest.Expect(t, tec.Get("/usuarios?entidad="+caceres), http.StatusForbidden)
	})
}
