package access_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
)

// directory is a small in-memory directory: roles per entity and user, and
// the entities' active adhesions.
type directory struct {
	roles   map[string][]string // entity|user|service → roles
	adhered map[string]bool     // entity|service
}

func (d directory) ActiveRoles(_ context.Context, entityID, userID, service string) ([]string, error) {
	if !d.adhered[entityID+"|"+service] {
		return nil, nil
	}
	return d.roles[entityID+"|"+userID+"|"+service], nil
}

func (d directory) HasActiveAdhesion(_ context.Context, entityID, service string) (bool, error) {
	return d.adhered[entityID+"|"+service], nil
}

func (d directory) RoleEntities(_ context.Context, userID, service string, roles []string) ([]string, error) {
	var out []string
	for k, held := range d.roles {
		p := strings.Split(k, "|")
		if p[1] == userID && p[2] == service && d.adhered[p[0]+"|"+service] &&
			slices.ContainsFunc(held, func(r string) bool { return slices.Contains(roles, r) }) {
			out = append(out, p[0])
		}
	}
	slices.Sort(out)
	return out, nil
}

const (
	read   access.Permission = "padron:read"
	change access.Permission = "padron:change"
	users  access.Permission = "users:read"
	own    access.Permission = "account:own"
)

func catalogue(t *testing.T) *access.Catalogue {
	t.Helper()
	c := access.NewCatalogue(directory{
		roles:   map[string][]string{"plasencia|ana|padron": {"consulta"}, "caceres|ana|padron": {"gestor"}},
		adhered: map[string]bool{"caceres|padron": true, "plasencia|padron": true},
	})
	err := c.Declare(
		access.Def{Perm: read, Holders: access.UserAdmin | access.DipStaff, Service: "padron",
			Roles: []string{"consulta", "gestor"}, Adhered: true, Chosen: true, Denied: "Sin permiso del padrón."},
		access.Def{Perm: change, Holders: access.UserAdmin, Service: "padron", Roles: []string{"gestor"}, Adhered: true},
		access.Def{Perm: users, Holders: access.UserAdmin | access.Operator | access.DipAdmin, Chosen: true},
		access.Def{Perm: own, Holders: access.Anyone},
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func member(id, role string) auth.Membership {
	return auth.Membership{Entity: auth.EntityRef{ID: id}, Role: role}
}

func TestCan(t *testing.T) {
	c := catalogue(t)
	ctx := context.Background()
	// Ana works for Cáceres (gestor there, by her session's grants) and
	// reads Plasencia's padrón (consulta, from the directory).
	ana := &auth.Actor{UserID: "ana", Entity: auth.EntityRef{ID: "caceres"},
		Memberships: []auth.Membership{member("caceres", auth.MemberStaff), member("plasencia", auth.MemberStaff)},
		Grants:      []auth.Grant{{Service: "padron", Role: "gestor"}}, Services: []string{"padron"}}
	// Luis administers Garrovillas' users; Garrovillas has no padrón adhesion.
	luis := &auth.Actor{UserID: "luis", Entity: auth.EntityRef{ID: "garrovillas"},
		Memberships: []auth.Membership{member("garrovillas", auth.MemberAdmin)}}
	// Olga operates for a mancomunidad whose member is Garrovillas.
	olga := &auth.Actor{UserID: "olga", Entity: auth.EntityRef{ID: "manco"},
		Memberships:   []auth.Membership{member("manco", auth.MemberOperator)},
		OperatorScope: []auth.EntityRef{{ID: "garrovillas"}}}
	tech := &auth.Actor{UserID: "tec", GlobalRole: auth.RoleDipTecnico}
	cases := []struct {
		who    *auth.Actor
		perm   access.Permission
		entity string
		want   bool
	}{
		{ana, read, "caceres", true},
		{ana, change, "caceres", true},
		{ana, read, "plasencia", true},
		{ana, change, "plasencia", false},  // consulta does not change
		{ana, read, "garrovillas", false},  // not a member
		{luis, read, "garrovillas", false}, // user administrator, but no adhesion
		{luis, users, "garrovillas", true},
		{luis, users, "caceres", false},
		{olga, users, "garrovillas", true},
		{olga, users, "caceres", false},
		{olga, read, "garrovillas", false},
		{tech, read, "plasencia", true},
		{tech, change, "plasencia", false},
		{tech, users, "plasencia", false},
		{tech, own, "", true},
		{nil, own, "", false},
	}
	for _, tc := range cases {
		got, err := c.Can(ctx, tc.who, tc.perm, tc.entity)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			name := "anonymous"
			if tc.who != nil {
				name = tc.who.UserID
			}
			t.Errorf("%s %s in %q: %v, want %v", name, tc.perm, tc.entity, got, tc.want)
		}
	}
	if _, err := c.Can(ctx, ana, "padron:nothing", "caceres"); err == nil {
		t.Error("an undeclared permission was answered")
	}
}

func TestRequireAndGate(t *testing.T) {
	c := catalogue(t)
	ctx := context.Background()
	luis := &auth.Actor{UserID: "luis", Entity: auth.EntityRef{ID: "garrovillas"},
		Memberships: []auth.Membership{member("garrovillas", auth.MemberAdmin)}}
	err := c.Require(ctx, luis, read, "garrovillas")
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Forbidden || e.Message != "Sin permiso del padrón." {
		t.Fatalf("Require: %v", err)
	}
	// A chosen permission passes the gate for who holds it somewhere: Ana
	// reads Plasencia's padrón while working for a town without one.
	ana := &auth.Actor{UserID: "ana", Entity: auth.EntityRef{ID: "garrovillas"},
		Memberships: []auth.Membership{member("garrovillas", auth.MemberStaff), member("plasencia", auth.MemberStaff)}}
	if err := c.Gate(ctx, ana, read); err != nil {
		t.Errorf("chosen permission held elsewhere: %v", err)
	}
	if err := c.Gate(ctx, ana, change); err == nil {
		t.Error("a permission of the current entity passed without being held there")
	}
	if err := c.Gate(ctx, ana, access.PartialAuth); err != nil {
		t.Errorf("partial authentication: %v", err)
	}
}

func TestScope(t *testing.T) {
	c := catalogue(t)
	ctx := context.Background()
	ana := &auth.Actor{UserID: "ana", Entity: auth.EntityRef{ID: "caceres"},
		Memberships: []auth.Membership{member("caceres", auth.MemberStaff), member("plasencia", auth.MemberStaff)},
		Grants:      []auth.Grant{{Service: "padron", Role: "gestor"}}, Services: []string{"padron"}}
	s, err := c.Scope(ctx, ana, read)
	if err != nil || s.All || !slices.Equal(s.IDs, []string{"caceres", "plasencia"}) {
		t.Errorf("Ana's padrón scope: %+v %v", s, err)
	}
	olga := &auth.Actor{UserID: "olga", Entity: auth.EntityRef{ID: "manco"},
		Memberships:   []auth.Membership{member("manco", auth.MemberOperator)},
		OperatorScope: []auth.EntityRef{{ID: "garrovillas"}}}
	if s, err := c.Scope(ctx, olga, users); err != nil || !slices.Equal(s.IDs, []string{"garrovillas"}) {
		t.Errorf("operator's users scope: %+v %v", s, err)
	}
	admin := &auth.Actor{UserID: "dip", GlobalRole: auth.RoleDipAdmin}
	if s, _ := c.Scope(ctx, admin, users); !s.All {
		t.Errorf("Diputación administrator's users scope: %+v", s)
	}
}

func TestDeclareAndCheckRoutes(t *testing.T) {
	c := catalogue(t)
	for _, bad := range []access.Def{
		{Perm: read, Holders: access.Anyone},               // twice
		{Perm: "sinmodulo", Holders: access.Anyone},        // no module
		{Perm: "padron:nadie"},                             // nobody holds it
		{Perm: "padron:roles", Roles: []string{"gestor"}},  // roles of no service
		{Perm: access.PartialAuth, Holders: access.Anyone}, // the platform's
	} {
		if err := c.Declare(bad); err == nil {
			t.Errorf("declared %+v", bad)
		}
	}
	routes := []access.Route{
		{Method: "GET", Pattern: "/padron", Perm: read},
		{Method: "GET", Pattern: "/entrar", Perm: access.Public},
	}
	if err := c.CheckRoutes(routes); err != nil {
		t.Fatal(err)
	}
	// Planted violations: a route without a permission and one with a
	// permission nobody declared.
	planted := append(routes, access.Route{Method: "GET", Pattern: "/sin-permiso"},
		access.Route{Method: "POST", Pattern: "/inventado", Perm: "padron:inventado"})
	err := c.CheckRoutes(planted)
	if err == nil || !strings.Contains(err.Error(), "/sin-permiso") || !strings.Contains(err.Error(), "/inventado") {
		t.Fatalf("planted routes not reported: %v", err)
	}
}
