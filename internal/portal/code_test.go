package portal_test

import (
	"net/http"
	"testing"

	"concejo/internal/app/apptest"
)

// TestSiteOfEntityWithoutCodes: an entity with neither INE nor DIR3 code
// (a demo ELM or mancomunidad) is served at /e/{id}/, the address the
// list of sites links to.
func TestSiteOfEntityWithoutCodes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		id := env.String(t, `SELECT e.id FROM entities e JOIN adhesions a ON a.entity_id = e.id
			WHERE a.service_code = 'portal' AND a.state = 'activa' AND e.active AND COALESCE(e.dir3, '') = ''
			AND (e.kind <> 'ayuntamiento' OR COALESCE(e.ine_code, '') = '') ORDER BY e.id LIMIT 1`)
		anon := env.Anonymous(t)
		apptest.Expect(t, anon.Get("/e/"+id+"/"), http.StatusOK)
		apptest.Expect(t, env.Login(t, apptest.Tecnico).Get("/portal/sitios"), http.StatusOK, `href="/e/`+id+`/"`)
	})
}
