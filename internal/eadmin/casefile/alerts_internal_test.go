package casefile

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"concejo/internal/demo/demotest"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/config"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/plazo"
)

// TestSendAlerts: on Tuesday 17 March 2026 Cáceres's administrator is
// warned of his expediente whose plazo máximo ends on Friday 20 (4 días
// hábiles left) and of the one already past, not of one ending in April,
// in one message; nobody else is written to.
func TestSendAlerts(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC)
	d := demotest.Province(t, now)
	sent := &mail.Memory{}
	m := &Module{kit: &kit.Kit{DB: d, Mail: sent, Config: config.Default(), Clock: func() time.Time { return now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	var caceres, admin string
	d.QueryRowContext(ctx, `SELECT id FROM entities WHERE dir3 = 'L01100377'`).Scan(&caceres)
	d.QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'admin@caceres.es'`).Scan(&admin)
	procs, err := AdoptAll(ctx, d, caceres, now)
	if err != nil {
		t.Fatal(err)
	}
	p := procs[0]
	p.Initiation, p.MaxTerm = EitherWay, plazo.Term{N: 1, Unit: plazo.Months}
	tx, _ := d.BeginTx(ctx, nil)
	if err := saveProcedure(ctx, tx, p, false); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	a := &auth.Actor{UserID: admin, Name: "Beatriz Cordero Tejeda"}
	for subject, start := range map[string]time.Time{
		"Vence el viernes": time.Date(2026, 2, 20, 11, 0, 0, 0, time.UTC),
		"Ya vencido":       time.Date(2026, 1, 9, 11, 0, 0, 0, time.UTC),
		"Vence en abril":   time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC),
	} {
		if _, err := m.Open(ctx, a, Opening{EntityID: caceres, ProcedureID: p.ID, Subject: subject, StartedAt: start, AssigneeID: admin}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := m.SendAlerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(sent.Sent) != 1 {
		t.Fatalf("%d messages (%d sent), want 1", n, len(sent.Sent))
	}
	msg := sent.Sent[0]
	if msg.To != "admin@caceres.es" {
		t.Errorf("to %s", msg.To)
	}
	for _, want := range []string{"Vence el viernes: vence el 20/03/2026 (quedan 4 días hábiles)", "Ya vencido: VENCIDO el 09/02/2026"} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("the digest lacks %q:\n%s", want, msg.Body)
		}
	}
	if strings.Contains(msg.Body, "abril") {
		t.Errorf("the digest warns of a plazo a month away:\n%s", msg.Body)
	}
}
