package mail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestInboundRoundTrip sends through the SMTP sender to a real SMTP server
// (the inbound endpoint) on 127.0.0.1.
func TestInboundRoundTrip(t *testing.T) {
	var c Collector
	in, err := ListenInbound("127.0.0.1:0", c.Handle)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	s := SMTP{Addr: in.Addr(), From: "concejo@dipcaceres.es"}
	err = s.Send(context.Background(), Message{To: "ana@caceres.es", Subject: "Incidencia INC-2026-000001: ñandú",
		Body: "Línea uno\nLínea dos", ReplyTo: "soporte+abc@dipcaceres.es"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(c.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	msgs := c.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.From != "concejo@dipcaceres.es" || len(m.To) != 1 || m.To[0] != "ana@caceres.es" {
		t.Errorf("envelope %q → %v", m.From, m.To)
	}
	if m.Subject != "Incidencia INC-2026-000001: ñandú" || strings.TrimSpace(m.Text) != "Línea uno\nLínea dos" {
		t.Errorf("subject %q text %q", m.Subject, m.Text)
	}
}

func TestInboundRejects(t *testing.T) {
	in, err := ListenInbound("127.0.0.1:0", func(context.Context, InboundMessage) error { return errors.New("Destinatario desconocido") })
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	err = SMTP{Addr: in.Addr(), From: "a@b.es"}.Send(context.Background(), Message{To: "x@y.es", Subject: "s", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "Destinatario desconocido") {
		t.Errorf("err = %v, want the handler's rejection", err)
	}
}

func TestParseInbound(t *testing.T) {
	raw := "From: =?utf-8?q?Jos=C3=A9?= <jose@abadia.es>\r\nSubject: =?utf-8?q?Re:_Incidencia?=\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Ya funciona, gracias.=0D=0A\r\n--XX\r\nContent-Type: text/html\r\n\r\n<p>Ya funciona</p>\r\n--XX--\r\n"
	m, err := ParseInbound(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.From != "jose@abadia.es" || m.Subject != "Re: Incidencia" || !strings.HasPrefix(m.Text, "Ya funciona, gracias.") {
		t.Errorf("%+v", m)
	}
	b64 := "From: a@b.es\r\nSubject: x\r\nContent-Transfer-Encoding: base64\r\n\r\nSG9sYSBx\r\ndcOpIHRhbA==\r\n"
	if m, err := ParseInbound(strings.NewReader(b64)); err != nil || m.Text != "Hola qué tal" {
		t.Errorf("base64: %q %v", m.Text, err)
	}
}
