package apptest

import (
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/platform/access"
	"concejo/internal/platform/web"
)

// Skip, as a status in an authorization table, leaves that login unchecked
// (the success is tested elsewhere and would change the data the next rows
// rely on).
const Skip = -1

// AuthzCase is one request of an authorization table, made as every login
// of Everyone.
type AuthzCase struct {
	Method, Pattern, Path string
	// Perm is the permission the route declares: CheckRoutes fails when
	// the route declares another.
	Perm access.Permission
	Form url.Values
	Want map[string]int // login → status; missing logins expect Def
	Def  int
}

// Clients returns a client for every login of Everyone: Anon's has no
// session, the others are signed in.
func (e *Env) Clients(t testing.TB) map[string]*Client {
	t.Helper()
	clients := map[string]*Client{Anon: e.Anonymous(t)}
	for _, u := range Everyone[1:] {
		clients[u] = e.Login(t, u)
	}
	return clients
}

// CheckAuthz makes the request of every case as every login (but those
// expecting Skip), with the clients of Clients, and reports each status that
// is not the expected one.
func CheckAuthz(t testing.TB, clients map[string]*Client, cases []AuthzCase) {
	t.Helper()
	for _, c := range cases {
		for _, u := range Everyone {
			want, ok := c.Want[u]
			if !ok {
				want = c.Def
			}
			if want < 0 {
				continue
			}
			var res Response
			if c.Method == http.MethodGet {
				res = clients[u].Get(c.Path)
			} else {
				res = clients[u].Post(c.Path, c.Form)
			}
			if res.Status != want {
				t.Errorf("%s %s as %s: %d, want %d\n%.300s", c.Method, c.Path, u, res.Status, want, Text(res.Body))
			}
		}
	}
}

// CheckRoutes reports each registered route that mine claims (by pattern)
// and no case of the table covers, and returns the routes mine claims.
func (e *Env) CheckRoutes(t testing.TB, cases []AuthzCase, mine func(pattern string) bool) []web.Route {
	t.Helper()
	covered := map[string]bool{}
	declared := map[string]access.Permission{}
	for _, r := range e.App.Kit.Router.Routes() {
		declared[r.Method+" "+r.Pattern] = r.Perm
	}
	for _, c := range cases {
		covered[c.Method+" "+c.Pattern] = true
		if got := declared[c.Method+" "+c.Pattern]; got != c.Perm {
			t.Errorf("route %s %s declares %q, the table says %q", c.Method, c.Pattern, got, c.Perm)
		}
	}
	var out []web.Route
	for _, r := range e.App.Kit.Router.Routes() {
		if !mine(r.Pattern) {
			continue
		}
		if !covered[r.Method+" "+r.Pattern] {
			t.Errorf("route %s %s is not in the authorization table", r.Method, r.Pattern)
		}
		out = append(out, r)
	}
	return out
}
