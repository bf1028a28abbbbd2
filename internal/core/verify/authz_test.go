package verify_test

import (
	"net/http"
	"strings"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/access"
)

// TestAuthorizationTable: verifying a document and checking a signature
// are public, the same for every login and for a visitor without a
// session (a check without a file is refused alike).
func TestAuthorizationTable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		e := newEntry(t, env)
		public := func(pattern, path string, status int) apptest.AuthzCase {
			return apptest.AuthzCase{Method: "GET", Pattern: pattern, Path: path, Perm: access.Public, Def: status}
		}
		cases := []apptest.AuthzCase{
			public("/verificar", "/verificar", http.StatusOK),
			public("/verificar", "/verificar?csv="+e.ReceiptCSV, http.StatusOK),
			public("/verificar/{csv}/documento", "/verificar/"+e.ReceiptCSV+"/documento", http.StatusOK),
			public("/verificar/{csv}/documento", "/verificar/NOEXISTE0000000000000000/documento", http.StatusNotFound),
			public("/verificar/firma", "/verificar/firma", http.StatusOK),
			{Method: "POST", Pattern: "/verificar/firma", Path: "/verificar/firma", Perm: access.Public, Def: http.StatusUnprocessableEntity},
		}
		apptest.CheckAuthz(t, env.Clients(t), cases)
		env.CheckRoutes(t, cases, func(p string) bool { return strings.HasPrefix(p, "/verificar") })
	})
}
