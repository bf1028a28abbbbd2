package audit

import (
	"context"
	"database/sql"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

func appendN(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return Append(ctx, d.Engine, tx, Event{ActorID: "u1", ActorName: "Ana", EntityID: "e1",
				Action: "usuario.crear", ObjectType: "usuario", ObjectID: "x", After: map[string]int{"n": i}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyDetectsAlteredAndRemovedRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		appendN(t, d, 5)
		n, problems, err := Verify(ctx, d)
		if err != nil || n != 5 || len(problems) != 0 {
			t.Fatalf("intact chain: n=%d problems=%v err=%v", n, problems, err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE audit_log SET actor_name = 'Otro' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		_, problems, _ = Verify(ctx, d)
		if len(problems) != 1 || problems[0].Seq != 2 {
			t.Fatalf("altered row not found: %v", problems)
		}
		if _, err := d.ExecContext(ctx, `UPDATE audit_log SET actor_name = 'Ana' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 4`); err != nil {
			t.Fatal(err)
		}
		_, problems, _ = Verify(ctx, d)
		if len(problems) != 2 || problems[0].Seq != 5 {
			t.Fatalf("removed row not found: %v", problems)
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 5`); err != nil {
			t.Fatal(err)
		}
		// Removing the tail is found by comparing with the head recorded elsewhere;
		// here the chain is intact up to 3.
		n, problems, _ = Verify(ctx, d)
		if n != 3 || len(problems) != 0 {
			t.Fatalf("n=%d problems=%v", n, problems)
		}
	})
}

func TestListFiltersByEntity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		appendN(t, d, 3)
		recs, err := List(ctx, d, Filter{EntityID: "e1", Action: "usuario."})
		if err != nil || len(recs) != 3 || recs[0].Seq != 3 {
			t.Fatalf("recs=%v err=%v", recs, err)
		}
		recs, _ = List(ctx, d, Filter{EntityID: "otra"})
		if len(recs) != 0 {
			t.Fatalf("another entity's rows leaked: %v", recs)
		}
		if recs, err := List(ctx, d, Filter{ObjectTypes: []string{"entidad", "usuario"}}); err != nil || len(recs) != 3 {
			t.Fatalf("ObjectTypes with usuario: recs=%v err=%v", recs, err)
		}
		if recs, err := List(ctx, d, Filter{ObjectTypes: []string{"entidad", "miembro"}}); err != nil || len(recs) != 0 {
			t.Fatalf("ObjectTypes without usuario: recs=%v err=%v", recs, err)
		}
	})
}
