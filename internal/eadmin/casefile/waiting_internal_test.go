package casefile

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"concejo/internal/demo/demotest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
	"concejo/internal/platform/kit"
)

// TestCountPending: the home's count of pending trámites is the number
// /expedientes/pendientes lists, with those past their plazo, until one of
// its parts reaches the cap; from then on it says «más de 99».
func TestCountPending(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC)
	d := demotest.Province(t, now)
	m := &Module{kit: &kit.Kit{DB: d, Config: config.Default(), Clock: func() time.Time { return now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	var caceres, admin string
	d.QueryRowContext(ctx, `SELECT id FROM entities WHERE dir3 = 'L01100377'`).Scan(&caceres)
	d.QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'admin@caceres.es'`).Scan(&admin)
	procs, err := AdoptAll(ctx, d, caceres, now)
	if err != nil {
		t.Fatal(err)
	}
	p := procs[0]
	p.Initiation = EitherWay
	tx, _ := d.BeginTx(ctx, nil)
	if err := saveProcedure(ctx, tx, p, false); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	a := &auth.Actor{UserID: admin, Name: "Beatriz Cordero Tejeda"}
	check := func(wantCapped bool) {
		t.Helper()
		n, overdue, capped, err := m.countPending(ctx, caceres, admin)
		if err != nil {
			t.Fatal(err)
		}
		if capped != wantCapped {
			t.Fatalf("capped = %v, want %v (%d counted)", capped, wantCapped, n)
		}
		if capped {
			if n < waitingCap {
				t.Fatalf("capped with %d counted, want at least %d", n, waitingCap)
			}
			return
		}
		tasks, err := m.pending(ctx, caceres, admin, 10*waitingCap)
		if err != nil {
			t.Fatal(err)
		}
		late := 0
		for _, p := range tasks {
			if !p.DueAt.IsZero() && now.After(p.DueAt) {
				late++
			}
		}
		if n != len(tasks) || overdue != late {
			t.Fatalf("counted %d pending (%d overdue), the list has %d (%d overdue)", n, overdue, len(tasks), late)
		}
	}
	check(false)
	for i := range waitingCap {
		if _, err := m.Open(ctx, a, Opening{EntityID: caceres, ProcedureID: p.ID,
			Subject: "Expediente de prueba", StartedAt: now.AddDate(0, 0, -i), AssigneeID: admin}); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			// Two of the pending trámites past their plazo.
			tasks, err := m.pending(ctx, caceres, admin, waitingCap)
			if err != nil || len(tasks) < 2 {
				t.Fatalf("%d pending trámites (%v), want at least 2", len(tasks), err)
			}
			for _, p := range tasks[:2] {
				if _, err := d.ExecContext(ctx, `UPDATE casefile_tasks SET due_at = $1 WHERE entity_id = $2 AND id = $3`,
					now.AddDate(0, 0, -1), caceres, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if _, overdue, _, _ := m.countPending(ctx, caceres, admin); overdue != 2 {
				t.Fatalf("%d overdue, want 2", overdue)
			}
			check(false)
		}
	}
	check(true)
	if w := pendingWaiting(waitingCap, 2, true); w.Label != "Más de 99 trámites de expedientes le esperan (al menos 2 con el plazo vencido)" {
		t.Fatalf("capped label %q", w.Label)
	}
}
