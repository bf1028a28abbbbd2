// Package mail sends the platform's e-mails (password reset, notifications)
// through an SMTP server, or to the log when none is configured.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"sync"
	"time"
)

// Message is a plain-text e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
	// ReplyTo, when set, is where replies go (e.g. a ticket's reply address).
	ReplyTo string
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP relay without authentication (the Diputación's
// internal relay).
type SMTP struct {
	Addr string
	From string
}

// Send delivers m.
func (s SMTP) Send(ctx context.Context, m Message) error {
	var b strings.Builder
	if m.ReplyTo != "" && !strings.ContainsAny(m.ReplyTo, "\r\n") {
		fmt.Fprintf(&b, "Reply-To: %s\r\n", m.ReplyTo)
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s",
		s.From, m.To, mime.QEncoding.Encode("utf-8", m.Subject), time.Now().Format(time.RFC1123Z),
		strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return smtp.SendMail(s.Addr, nil, s.From, []string{m.To}, []byte(b.String()))
}

// Log writes messages to the log (development and demo).
type Log struct{ Logger *slog.Logger }

// Send logs m.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.InfoContext(ctx, "correo (no enviado: sin servidor SMTP configurado)", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

// Memory keeps messages for tests.
type Memory struct {
	mu   sync.Mutex
	Sent []Message
}

// Send records m.
func (mm *Memory) Send(_ context.Context, m Message) error {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	mm.Sent = append(mm.Sent, m)
	return nil
}

// Last returns the last message sent, if any.
func (mm *Memory) Last() (Message, bool) {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	if len(mm.Sent) == 0 {
		return Message{}, false
	}
	return mm.Sent[len(mm.Sent)-1], true
}
