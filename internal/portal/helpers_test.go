package portal_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"concejo/internal/app/apptest"
)

// Demo sample towns with the portal service.
const (
	dir3Aldeanueva = "L01100152"
	ineAldeanueva  = "10015"
	inePlasencia   = "10148"
	ineAbadia      = "10001"
	ineCaceres     = "10037"
)

// grant gives email the portal role in the entity with dir3 (and a staff
// membership when he has none there).
func grant(t *testing.T, env *apptest.Env, email, dir3, role string) {
	t.Helper()
	env.Grant(t, email, env.EntityID(t, dir3), "portal", role)
}

// switchTo makes the client's current entity the one with dir3.
func switchTo(t *testing.T, env *apptest.Env, c *apptest.Client, dir3 string) {
	t.Helper()
	res := c.Post("/entidad-actual", map[string][]string{"entidad": {env.EntityID(t, dir3)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("switch to %s: %d", dir3, res.Status)
	}
}

// serveHost requests path as if it arrived for host.
func serveHost(env *apptest.Env, host, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = host
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}
