package signflow

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"concejo/internal/demo/demotest"
	"concejo/internal/platform/config"
	"concejo/internal/platform/keyvault"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/mail"
)

// TestSendReminders: a day after the demo's documents were sent, each
// person they wait for gets one message per entity listing them, and not a
// second one the same day; a seal that expires in 20 days warns the
// entity's administrators once, and again when it is 5 days away.
func TestSendReminders(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC)
	d := demotest.Province(t, start)
	if err := LoadDemo(ctx, d, kit.DemoOptions{Now: start}); err != nil {
		t.Fatal(err)
	}
	now := start.Add(25 * time.Hour)
	sent := &mail.Memory{}
	cfg := config.Default()
	cfg.LocalCA = true
	m := New(&kit.Kit{DB: d, Mail: sent, Config: cfg, Clock: func() time.Time { return now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Vault: keyvault.New(keyvault.NewKey(), "")})
	var people int
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT DISTINCT r.entity_id, s.user_id FROM signflow_requests r
		JOIN signflow_signers s ON s.request_id = r.id AND s.step = r.current_step AND s.state = 'pendiente'
		WHERE r.state = 'en_circulacion') x`).Scan(&people)
	n, err := m.SendReminders(ctx)
	if err != nil || n != people || len(sent.Sent) != people || people == 0 {
		t.Fatalf("%d reminders (%d sent, %v), want one per waiting person: %d", n, len(sent.Sent), err, people)
	}
	if msg := sent.Sent[0]; !strings.Contains(msg.Body, "/portafirmas/") || !strings.Contains(msg.Subject, "esperan su firma") {
		t.Fatalf("reminder: %+v", msg)
	}
	if n, _ := m.SendReminders(ctx); n != 0 {
		t.Fatalf("%d reminders again the same day", n)
	}

	var caceres string
	d.QueryRowContext(ctx, `SELECT id FROM entities WHERE dir3 = 'L01100377'`).Scan(&caceres)
	seal, err := m.issueLocal(ctx, d, caceres, KindSeal, "")
	if err != nil {
		t.Fatal(err)
	}
	expire := func(days int) int {
		if _, err := d.ExecContext(ctx, `UPDATE signflow_certificates SET not_after = $1 WHERE id = $2`, now.Add(time.Duration(days)*24*time.Hour), seal.ID); err != nil {
			t.Fatal(err)
		}
		sent.Sent = nil
		n, err := m.SendReminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, msg := range sent.Sent {
			if !strings.Contains(msg.Subject, "Sello electrónico de") || msg.To != "admin@caceres.es" {
				t.Fatalf("warning %+v", msg)
			}
		}
		return n
	}
	if n := expire(20); n != 1 {
		t.Fatalf("%d warnings 20 days before expiry, want 1", n)
	}
	if n := expire(19); n != 0 {
		t.Fatalf("%d warnings again at the same threshold", n)
	}
	if n := expire(5); n != 1 {
		t.Fatalf("%d warnings 5 days before expiry, want 1", n)
	}
}
