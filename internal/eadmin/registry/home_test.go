package registry_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"concejo/internal/app/apptest"
)

var pendingRe = regexp.MustCompile(`(\d+) asientos del registro esperan que los acepten sus unidades|Un asiento del registro espera que lo acepte su unidad`)

// TestHomeShowsPendingEntries: an asiento distributed to a unit adds one to
// what its member's home says waits for him, linked to his pending list,
// and takes it away once he accepts it; Plasencia's home does not count it.
func TestHomeShowsPendingEntries(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc, pl := env.Login(t, apptest.Caceres), env.Login(t, apptest.Plasencia)
		unit := createUnit(t, cc, "Servicios Sociales")
		if res := cc.Post("/registro/unidades/"+unit+"/miembros", url.Values{"usuario": {env.UserID(t, ccUser)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add member: %d", res.Status)
		}
		u := env.Login(t, ccUser)
		mine, theirs := u.HomeCount(t, pendingRe), pl.HomeCount(t, pendingRe)
		id := idFrom(t, postEntry(t, cc, entryForm(unit)))
		if n := u.HomeCount(t, pendingRe); n != mine+1 {
			t.Fatalf("the member's home says %d wait, want %d", n, mine+1)
		}
		apptest.Expect(t, u.Get("/"), http.StatusOK, "Le espera", `href="/registro/pendientes"`)
		if n := pl.HomeCount(t, pendingRe); n != theirs {
			t.Fatalf("Plasencia's home went from %d to %d with Cáceres's asiento", theirs, n)
		}
		if res := u.Post("/registro/asientos/"+id+"/aceptar", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.Status)
		}
		if n := u.HomeCount(t, pendingRe); n != mine {
			t.Fatalf("after accepting, the home says %d wait, want %d", n, mine)
		}
	})
}
