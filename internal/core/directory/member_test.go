package directory_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// seedPeople adds to seed's ayuntamiento (e1, whose administrator is u1) a
// mancomunidad e2 it belongs to, with a blocked TIC operator u2 who has a
// phone, an active Diputación technician u3 and a blocked Diputación
// administrator u4.
func seedPeople(t *testing.T, d *db.DB) func(service, state string) {
	t.Helper()
	adhere := seed(t, d)
	now := time.Now().UTC()
	for _, q := range []string{
		`INSERT INTO entities (id, kind, name, search_text, created_at, updated_at)
			VALUES ('e2', 'mancomunidad', 'Ábaco', 'abaco', $1, $1)`,
		`INSERT INTO users (id, nif, name, surname1, surname2, search_text, email, phone, state, created_at, updated_at)
			VALUES ('u2', '00000002W', 'Olga', 'Ruiz', '', 'olga ruiz', 'olga@example.org', '927 000 002', 'bloqueado', $1, $1)`,
		`INSERT INTO memberships (entity_id, user_id, role, job_title, created_at, created_by)
			VALUES ('e2', 'u2', 'operador', 'Operadora TIC', $1, 'u1')`,
		`INSERT INTO users (id, nif, name, surname1, search_text, email, state, global_role, created_at, updated_at)
			VALUES ('u3', '00000003A', 'Tomás', 'Díaz', 'tomas diaz', 'tomas@example.org', 'activo', 'dip_tecnico', $1, $1)`,
		`INSERT INTO users (id, nif, name, surname1, search_text, email, state, global_role, created_at, updated_at)
			VALUES ('u4', '00000004G', 'Eva', 'Alba', 'eva alba', 'eva@example.org', 'bloqueado', 'dip_admin', $1, $1)`,
	} {
		if _, err := d.ExecContext(context.Background(), q, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.ExecContext(context.Background(), `INSERT INTO mancomunidad_members (mancomunidad_id, member_id)
		VALUES ('e2', 'e1')`); err != nil {
		t.Fatal(err)
	}
	return adhere
}

func memberIDs(ms []directory.Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.EntityID+"/"+m.ID)
	}
	return out
}

// TestMembers proves the membership look-ups: the filters, the orders and
// the not-found error of one membership.
func TestMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedPeople(t, d)
		for name, c := range map[string]struct {
			f     directory.MemberFilter
			order directory.MemberOrder
			want  []string
		}{
			"every entity's": {directory.MemberFilter{AllEntities: true}, directory.ByEntityName, []string{"e1/u1", "e2/u2"}},
			"by ids":         {directory.MemberFilter{AllEntities: true}, directory.ByIDs, []string{"e1/u1", "e2/u2"}},
			"one entity's":   {directory.MemberFilter{Entities: []string{"e2"}}, directory.BySurnames, []string{"e2/u2"}},
			"no entity":      {directory.MemberFilter{}, directory.BySurnames, nil},
			"active":         {directory.MemberFilter{AllEntities: true, Active: true}, directory.BySurnames, []string{"e1/u1"}},
			"with a phone":   {directory.MemberFilter{AllEntities: true, WithPhone: true}, directory.BySurnames, []string{"e2/u2"}},
			"one person's":   {directory.MemberFilter{AllEntities: true, User: "u1"}, directory.BySurnames, []string{"e1/u1"}},
		} {
			got, err := directory.Members(ctx, d, c.f, c.order)
			if err != nil || !slices.Equal(memberIDs(got), c.want) {
				t.Errorf("Members(%s) = %v, %v; want %v", name, memberIDs(got), err, c.want)
			}
		}
		m, err := directory.MemberOf(ctx, d, "e2", "u2")
		if err != nil || m.EntityName != "Ábaco" || m.Role != "operador" || m.JobTitle != "Operadora TIC" ||
			m.Name() != "Olga Ruiz" || m.Active() {
			t.Errorf("MemberOf(e2, u2) = %+v, %v", m, err)
		}
		if _, err := directory.MemberOf(ctx, d, "e2", "u1"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("MemberOf(e2, u1): %v; want db.ErrNotFound", err)
		}
	})
}

// TestOperatorsAndStaff proves who serves an entity from its mancomunidad
// and who the Diputación's staff are.
func TestOperatorsAndStaff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedPeople(t, d)
		ops, err := directory.Operators(ctx, d, []string{"e1", "e2"})
		if err != nil || len(ops) != 1 || ops[0].ID != "u2" || ops[0].EntityID != "e1" || ops[0].Phone != "927 000 002" {
			t.Errorf("Operators = %+v, %v; want u2 serving e1", ops, err)
		}
		if ops, err := directory.Operators(ctx, d, nil); err != nil || len(ops) != 0 {
			t.Errorf("Operators(nil) = %+v, %v; want none", ops, err)
		}
		staff, err := directory.DiputacionStaff(ctx, d)
		if err != nil || len(staff) != 1 || staff[0].ID != "u3" || staff[0].GlobalRole != "dip_tecnico" {
			t.Errorf("DiputacionStaff = %+v, %v; want only the active technician u3", staff, err)
		}
	})
}

// TestRoleHolders proves the holders of a service's roles count only while
// the entity's adhesion to it is active.
func TestRoleHolders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		adhere := seedPeople(t, d)
		adhere("registro", directory.StateActive)
		adhere("padron", "firmada")
		if got, err := directory.RoleHolders(ctx, d, "e1", "registro"); err != nil || len(got) != 1 ||
			!slices.Equal(got["u1"], []string{"consulta"}) {
			t.Errorf("RoleHolders(registro) = %v, %v; want u1: consulta", got, err)
		}
		if got, err := directory.RoleHolders(ctx, d, "e1", "padron"); err != nil || len(got) != 0 {
			t.Errorf("RoleHolders(padron) = %v, %v; want none without an active adhesion", got, err)
		}
	})
}

// TestEntityByCode proves the public code of an entity and the look-up by
// it: an ayuntamiento's INE code (not its DIR3), else the DIR3, else the id.
func TestEntityByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedPeople(t, d)
		for code, want := range map[string]string{"10001": "e1", "e2": "e2"} {
			e, err := directory.EntityByCode(ctx, d, code)
			if err != nil || e.ID != want || e.Code() != code {
				t.Errorf("EntityByCode(%s) = %+v, %v; want %s", code, e, err, want)
			}
		}
		for _, code := range []string{"L01100015", "e1", "nada"} {
			if e, err := directory.EntityByCode(ctx, d, code); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("EntityByCode(%s) = %+v, %v; want db.ErrNotFound", code, e, err)
			}
		}
		if (directory.Entity{ID: "x", Kind: "mancomunidad", DIR3: "L05000001"}).Code() != "L05000001" {
			t.Error("the code of an entity with a DIR3 and no INE code is not its DIR3")
		}
	})
}

// TestJoins proves the join fragments name the entity and the person of a
// row in the module's own query.
func TestJoins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedPeople(t, d)
		var entity, person string
		err := d.QueryRowContext(ctx, `SELECT e.name, u.surname1 FROM grants g`+directory.JoinEntity("e", "g.entity_id")+
			directory.JoinPerson("u", "g.user_id")+` WHERE g.service_code = 'registro'`).Scan(&entity, &person)
		if err != nil || entity != "Abadía" || person != "Pérez" {
			t.Errorf("joined %q, %q, %v; want Abadía, Pérez", entity, person, err)
		}
	})
}
