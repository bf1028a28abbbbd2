package helpdesk_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/demo"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/mail"
	"concejo/internal/refdata"
)

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestMailThroughSMTP sends the notifications through a real SMTP server on
// 127.0.0.1 (go-smtp) and takes replies by e-mail through the inbound SMTP
// endpoint the platform listens on.
func TestMailThroughSMTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := refdata.LoadCatalogue(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, err := app.LoadDemo(ctx, d, demo.Options{PasswordParams: apptest.Cheap, Now: time.Now().UTC()}, nil); err != nil {
			t.Fatal(err)
		}
		var box mail.Collector
		relay, err := mail.ListenInbound("127.0.0.1:0", box.Handle)
		if err != nil {
			t.Fatal(err)
		}
		defer relay.Close()
		cfg := config.Default()
		cfg.BaseURL = "http://concejo.test"
		cfg.SMTPAddr, cfg.SMTPFrom = relay.Addr(), "concejo@dipcaceres.es"
		cfg.InboundSMTPAddr, cfg.ReplyAddress = freeAddr(t), "soporte@dipcaceres.es"
		a, err := app.Build(d, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Argon2: &apptest.Cheap})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler)
		defer srv.Close()
		env := &apptest.Env{DB: d, App: a, Server: srv}
		rq := env.Login(t, Requester, "concejo-demo-2026")
		te := env.Login(t, apptest.Tecnico)

		n := created(t, rq.Post("/soporte/nueva", form("asunto", "Sin acceso al padrón", "descripcion", "Usuario bloqueado.",
			"servicio", "padron", "categoria", "error", "prioridad", "alta")))
		waitFor(t, "the acknowledgement", func() bool { return len(box.Messages()) >= 1 })
		ack := box.Messages()[0]
		if ack.To[0] != Requester || !strings.Contains(ack.Subject, n) || !strings.Contains(ack.Text, "/soporte/incidencias/"+n) {
			t.Fatalf("acknowledgement %+v", ack)
		}
		// Support answers: mailed to the requester, with the ticket's reply address.
		apptest.Expect(t, te.Post("/soporte/incidencias/"+n+"/responder", form("texto", "Desbloqueado. Pruebe ahora.")), http.StatusSeeOther)
		waitFor(t, "the reply", func() bool { return len(box.Messages()) >= 2 })
		token := env.String(t, `SELECT reply_token FROM helpdesk_tickets WHERE number = $1`, n)
		replyTo := "soporte+" + token + "@dipcaceres.es"

		// The requester answers by e-mail: the text (without the quote) joins the ticket.
		in := mail.SMTP{Addr: cfg.InboundSMTPAddr, From: Requester}
		err = in.Send(ctx, mail.Message{To: replyTo, Subject: "Re: [" + n + "] Respuesta",
			Body: "Ya entro, gracias.\n\nEl 29/11/2026, Soporte escribió:\n> Desbloqueado. Pruebe ahora."})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the reply by e-mail on the ticket", func() bool {
			return env.Count(t, `SELECT COUNT(*) FROM helpdesk_messages m JOIN helpdesk_tickets t ON t.id = m.ticket_id
				WHERE t.number = $1 AND m.kind = 'correo' AND m.body = 'Ya entro, gracias.'`, n) == 1
		})
		apptest.Expect(t, te.Get("/soporte/incidencias/"+n), http.StatusOK, "Ya entro, gracias.", "por correo electrónico")
		// The assignee hears of it by e-mail too.
		waitFor(t, "the notice to the assignee", func() bool {
			for _, m := range box.Messages() {
				if m.To[0] == apptest.Tecnico && strings.Contains(m.Subject, "El usuario ha respondido") {
					return true
				}
			}
			return false
		})
		// Strangers and unknown addresses are refused.
		err = mail.SMTP{Addr: cfg.InboundSMTPAddr, From: apptest.Plasencia}.Send(ctx, mail.Message{To: replyTo, Subject: "x", Body: "intrusión"})
		if err == nil || !strings.Contains(err.Error(), "no autorizado") {
			t.Errorf("a stranger's mail: %v", err)
		}
		err = mail.SMTP{Addr: cfg.InboundSMTPAddr, From: Requester}.Send(ctx, mail.Message{To: "soporte+" + strings.Repeat("0", 32) + "@dipcaceres.es", Subject: "x", Body: "y"})
		if err == nil {
			t.Error("mail to an unknown ticket accepted")
		}
		if env.Count(t, `SELECT COUNT(*) FROM helpdesk_messages WHERE body = 'intrusión'`) != 0 {
			t.Error("a stranger wrote on the ticket")
		}
	})
}
