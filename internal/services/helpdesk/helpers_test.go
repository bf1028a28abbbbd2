package helpdesk_test

import (
	"net/http"
	"net/url"
	"testing"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/access"
	"concejo/internal/services/helpdesk"
)

// Extra logins of the support desk's authorization tables.
const (
	Requester  = helpdesk.DemoRequester // plain staff of Cáceres who asked for DemoSubjectRequester
	EntityUser = "usuario de Cáceres"   // another plain staff of Cáceres (resolved per database)
	OtherOp    = "operador ajeno"       // TIC operator of a mancomunidad Cáceres and Sierra de Gata members are not in
)

// logins are every role of the tables, in order.
var logins = []string{apptest.Anon, apptest.DipAdmin, apptest.Tecnico, apptest.Caceres, apptest.Plasencia, apptest.Abadia,
	apptest.Operador, Requester, EntityUser, OtherOp}

// world is a running platform with a client per login and the demo tickets.
type world struct {
	env     *apptest.Env
	c       map[string]*apptest.Client
	emails  map[string]string
	req     string // DemoSubjectRequester (Cáceres, padrón, requester usuario@caceres.es)
	cc      string // DemoSubjectCaceres (Cáceres, correo, admin@caceres.es)
	nominas string // DemoSubjectNominas (Cáceres, nóminas: not in the technician's teams)
	pl      string // DemoSubjectPlasencia
	member  string // DemoSubjectMember (a member of Sierra de Gata)
	abadia  string // DemoSubjectAbadia (resolved)
}

func newWorld(t *testing.T, env *apptest.Env) *world {
	t.Helper()
	w := &world{env: env, c: map[string]*apptest.Client{}, emails: map[string]string{}}
	num := func(subject string) string {
		n := env.String(t, `SELECT number FROM helpdesk_tickets WHERE subject = $1`, subject)
		if n == "" {
			t.Fatalf("demo ticket %q missing", subject)
		}
		return n
	}
	w.req, w.cc, w.nominas = num(helpdesk.DemoSubjectRequester), num(helpdesk.DemoSubjectCaceres), num(helpdesk.DemoSubjectNominas)
	w.pl, w.member, w.abadia = num(helpdesk.DemoSubjectPlasencia), num(helpdesk.DemoSubjectMember), num(helpdesk.DemoSubjectAbadia)
	w.emails[EntityUser] = env.String(t, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id JOIN entities e ON e.id = m.entity_id
		WHERE e.dir3 = $1 AND m.role = 'personal' AND u.email <> $2 ORDER BY u.email LIMIT 1`, apptest.Dir3Caceres, Requester)
	w.emails[OtherOp] = env.String(t, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'operador' AND u.email <> $1
		AND EXISTS (SELECT 1 FROM mancomunidad_members mm2 WHERE mm2.mancomunidad_id = m.entity_id)
		AND NOT EXISTS (SELECT 1 FROM mancomunidad_members mm JOIN entities e ON e.id = mm.member_id
			WHERE mm.mancomunidad_id = m.entity_id AND (e.dir3 = $2 OR e.id = (SELECT entity_id FROM helpdesk_tickets WHERE number = $3)))
		ORDER BY u.email LIMIT 1`, apptest.Operador, apptest.Dir3Caceres, w.member)
	if w.emails[EntityUser] == "" || w.emails[OtherOp] == "" {
		t.Fatalf("demo lacks an entity user or another operator: %v", w.emails)
	}
	for _, u := range logins {
		switch u {
		case apptest.Anon:
			w.c[u] = env.Anonymous(t)
		case EntityUser, OtherOp:
			w.c[u] = env.Login(t, w.emails[u], "concejo-demo-2026")
		default:
			w.c[u] = env.Login(t, u)
		}
	}
	return w
}

// tcase is one request made as every login.
type tcase struct {
	Method, Pattern, Path string
	// Perm is the permission the route declares.
	Perm access.Permission
	Form url.Values
	Want map[string]int
	Def  int
}

// check makes every case as every login and reports unexpected statuses.
func (w *world) check(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		for _, u := range logins {
			want, ok := c.Want[u]
			if !ok {
				want = c.Def
			}
			if want == apptest.Skip {
				continue
			}
			var res apptest.Response
			if c.Method == http.MethodGet {
				res = w.c[u].Get(c.Path)
			} else {
				res = w.c[u].Post(c.Path, c.Form)
			}
			if res.Status != want {
				t.Errorf("%s %s as %s: %d, want %d\n%.300s", c.Method, c.Path, u, res.Status, want, apptest.Text(res.Body))
			}
		}
	}
}

// form builds url.Values from pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
