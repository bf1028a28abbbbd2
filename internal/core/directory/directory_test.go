package directory_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
)

// seed registers an ayuntamiento with a user who holds roles of the padrón
// and of the registro, and returns a function that files an adhesion of the
// ayuntamiento to a service in a given state.
func seed(t *testing.T, d *db.DB) func(service, state string) {
	t.Helper()
	ctx := context.Background()
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO entities (id, kind, name, search_text, ine_code, dir3, nif, created_at, updated_at)
			VALUES ('e1', 'ayuntamiento', 'Abadía', 'abadia', '10001', 'L01100015', 'P1000100A', $1, $1)`, []any{now}},
		{`INSERT INTO users (id, nif, name, surname1, surname2, search_text, email, state, created_at, updated_at)
			VALUES ('u1', '12345678Z', 'Ana', 'Pérez', 'Gil', 'ana perez gil', 'ana@example.org', 'activo', $1, $1)`, []any{now}},
		{`INSERT INTO memberships (entity_id, user_id, role, created_at, created_by) VALUES ('e1', 'u1', 'admin', $1, 'u1')`, []any{now}},
		{`INSERT INTO grants (entity_id, user_id, service_code, role_code, granted_at, granted_by)
			VALUES ('e1', 'u1', 'padron', 'usuario', $1, 'u1'), ('e1', 'u1', 'registro', 'consulta', $1, 'u1')`, []any{now}},
	} {
		if _, err := d.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	return func(service, state string) {
		t.Helper()
		n++
		if _, err := d.ExecContext(ctx, `INSERT INTO adhesions (entity_id, id, number, service_code, conditions_version,
			state, requested_at, requested_by, csv) VALUES ('e1', $1, $1, $2, 1, $3, $4, 'u1', $1)`,
			"a"+string(rune('0'+n)), service, state, now); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAdhesionRule proves the rule in every look-up built on it: only an
// active adhesion counts (not a requested, signed, ended or cancelled one),
// and the roles of a service count only while it is active.
func TestAdhesionRule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		adhere := seed(t, d)
		for _, state := range []string{"solicitada", "firmada", "rechazada", "finalizada", "anulada"} {
			adhere("padron", state)
		}
		adhere("registro", directory.StateActive)

		for service, want := range map[string]bool{"padron": false, "registro": true} {
			if got, err := directory.HasActiveAdhesion(ctx, d, "e1", service); err != nil || got != want {
				t.Errorf("HasActiveAdhesion(%s) = %v, %v; want %v", service, got, err, want)
			}
		}
		if got, err := directory.ActiveServices(ctx, d, "e1"); err != nil || !slices.Equal(got, []string{"registro"}) {
			t.Errorf("ActiveServices = %v, %v; want [registro]", got, err)
		}
		if got, err := directory.ActiveGrants(ctx, d, "e1", "u1"); err != nil ||
			!slices.Equal(got, []auth.Grant{{Service: "registro", Role: "consulta"}}) {
			t.Errorf("ActiveGrants = %v, %v; want only registro/consulta", got, err)
		}
		if got, err := directory.ActiveRoles(ctx, d, "e1", "u1", "padron"); err != nil || len(got) != 0 {
			t.Errorf("ActiveRoles(padron) = %v, %v; want none without an active adhesion", got, err)
		}
		if got, err := directory.AdheredEntities(ctx, d, "padron", directory.ByID); err != nil || len(got) != 0 {
			t.Errorf("AdheredEntities(padron) = %v, %v; want none", got, err)
		}

		if got, err := directory.AdheredByKind(ctx, d); err != nil ||
			!slices.Equal(got, []directory.KindCount{{Kind: "ayuntamiento", Entities: 1}}) {
			t.Errorf("AdheredByKind = %v, %v; want one ayuntamiento", got, err)
		}

		adhere("padron", directory.StateActive)
		if got, err := directory.ActiveRoles(ctx, d, "e1", "u1", "padron"); err != nil || !slices.Equal(got, []string{"usuario"}) {
			t.Errorf("ActiveRoles(padron) = %v, %v; want [usuario] once active", got, err)
		}
		if got, err := directory.AdheredEntities(ctx, d, "padron", directory.ByID); err != nil || len(got) != 1 || got[0].ID != "e1" {
			t.Errorf("AdheredEntities(padron) = %v, %v; want e1", got, err)
		}
	})
}

// TestLookups proves the entity and person look-ups and their not-found error.
func TestLookups(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d)
		for name, get := range map[string]func() (directory.Entity, error){
			"id":   func() (directory.Entity, error) { return directory.EntityByID(ctx, d, "e1") },
			"DIR3": func() (directory.Entity, error) { return directory.EntityByDIR3(ctx, d, "L01100015") },
		} {
			e, err := get()
			if err != nil || e.ID != "e1" || e.Name != "Abadía" || e.NIF != "P1000100A" || !e.Active {
				t.Errorf("entity by %s = %+v, %v", name, e, err)
			}
		}
		if _, err := directory.EntityByID(ctx, d, "nadie"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown entity: %v; want db.ErrNotFound", err)
		}
		p, err := directory.PersonByID(ctx, d, "u1")
		if err != nil || p.Name() != "Ana Pérez Gil" || p.Family() != "Pérez Gil" || p.ShortName() != "Ana Pérez" || p.Email != "ana@example.org" {
			t.Errorf("PersonByID = %+v, %v", p, err)
		}
		ents, err := directory.EntitiesByIDs(ctx, d, []string{"e1", "", "nadie", "e1"}, directory.ByName)
		if err != nil || len(ents) != 1 || ents[0].ID != "e1" || ents[0].Name != "Abadía" {
			t.Errorf("EntitiesByIDs = %+v, %v; want only e1, once", ents, err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO entities (id, kind, name, search_text, created_at, updated_at)
			VALUES ('e2', 'mancomunidad', 'Ábaco', 'abaco', $1, $1)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		folded, err := directory.EntitiesByIDs(ctx, d, []string{"e1", "e2"}, directory.ByFoldedName)
		if err != nil || len(folded) != 2 || folded[0].ID != "e2" || folded[1].ID != "e1" {
			t.Errorf("EntitiesByIDs(ByFoldedName) = %+v, %v; want Ábaco before Abadía", folded, err)
		}
		if all, err := directory.Entities(ctx, d); err != nil || len(all) != 2 {
			t.Errorf("Entities = %+v, %v; want e1 and e2", all, err)
		}
		if ents, err := directory.EntitiesByIDs(ctx, d, nil, directory.ByName); err != nil || len(ents) != 0 {
			t.Errorf("EntitiesByIDs(nil) = %v, %v; want none", ents, err)
		}
		people, err := directory.PeopleByIDs(ctx, d, []string{"u1", "nadie", ""})
		if err != nil || len(people) != 1 || people["u1"].Email != "ana@example.org" {
			t.Errorf("PeopleByIDs = %+v, %v; want only u1", people, err)
		}
		admins, err := directory.EntityAdmins(ctx, d, "e1", 5)
		if err != nil || len(admins) != 1 || admins[0].ID != "u1" {
			t.Errorf("EntityAdmins = %v, %v; want u1", admins, err)
		}
	})
}

// TestServices proves the catalogue look-ups: every service, withdrawn ones
// too, in the catalogue's order, and the not-found error.
func TestServices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d)
		if _, err := d.ExecContext(ctx, `UPDATE services SET active = FALSE WHERE code = 'registro'`); err != nil {
			t.Fatal(err)
		}
		s, err := directory.ServiceByCode(ctx, d, "registro")
		if err != nil || s.Code != "registro" || s.Name == "" || s.Active {
			t.Errorf("ServiceByCode(registro) = %+v, %v; want the withdrawn registro", s, err)
		}
		if _, err := directory.ServiceByCode(ctx, d, "nada"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown service: %v; want db.ErrNotFound", err)
		}
		all, err := directory.Services(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.Collect(ctx, d, func(sc db.Scanner) (code string, err error) {
			err = sc.Scan(&code)
			return code, err
		}, `SELECT code FROM services ORDER BY sort_order, name`)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(all))
		for i, s := range all {
			got[i] = s.Code
		}
		if len(got) < 2 || !slices.Equal(got, want) || !slices.Contains(got, "registro") {
			t.Errorf("Services = %v; want the whole catalogue in order %v", got, want)
		}
	})
}

// TestRolesOf proves the roles of services come in the catalogue's order,
// each service's by role name, and only those of the services asked for.
func TestRolesOf(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d)
		roles, err := directory.RolesOf(ctx, d, []string{"registro", "padron", "registro"})
		if err != nil || len(roles) == 0 {
			t.Fatalf("RolesOf = %v, %v", roles, err)
		}
		want, err := db.Collect(ctx, d, func(sc db.Scanner) (r directory.Role, err error) {
			err = sc.Scan(&r.Service, &r.ServiceName, &r.Code, &r.Name, &r.Description)
			return r, err
		}, `SELECT s.code, s.name, r.role_code, r.name, r.description FROM service_roles r
			JOIN services s ON s.code = r.service_code WHERE s.code IN ('padron', 'registro')
			ORDER BY s.sort_order, s.name, r.name`)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(roles, want) {
			t.Errorf("RolesOf = %v; want %v", roles, want)
		}
		if roles, err := directory.RolesOf(ctx, d, nil); err != nil || roles != nil {
			t.Errorf("RolesOf(nil) = %v, %v; want none", roles, err)
		}
	})
}
