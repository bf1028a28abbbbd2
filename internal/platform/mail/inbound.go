package mail

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	stdmail "net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// InboundMessage is a received e-mail reduced to what the platform uses.
type InboundMessage struct {
	// From is the envelope sender, or the From header's address when the
	// envelope has none.
	From    string
	To      []string
	Subject string
	// Text is the plain-text body (the text/plain part of a multipart message).
	Text string
}

// InboundHandler takes one received message. Returning an error rejects it:
// the sending server gets a permanent failure with the error's text.
type InboundHandler func(ctx context.Context, m InboundMessage) error

// MaxInboundBytes bounds a received message.
const MaxInboundBytes = 10 << 20

// Inbound is a running inbound SMTP endpoint (no authentication, no relay:
// it only hands the messages to its handler).
type Inbound struct {
	srv *smtp.Server
	ln  net.Listener
}

// ListenInbound starts an inbound SMTP endpoint on addr ("127.0.0.1:0"
// picks a free port) that passes every message to h.
func ListenInbound(addr string, h InboundHandler) (*Inbound, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("escuchar SMTP en %s: %w", addr, err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &inboundSession{h: h}, nil
	}))
	srv.Domain = "localhost"
	srv.MaxMessageBytes = MaxInboundBytes
	srv.MaxRecipients = 20
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	in := &Inbound{srv: srv, ln: ln}
	go srv.Serve(ln)
	return in, nil
}

// Addr is the address the endpoint listens on.
func (in *Inbound) Addr() string { return in.ln.Addr().String() }

// Close stops the endpoint.
func (in *Inbound) Close() error { return in.srv.Close() }

type inboundSession struct {
	h    InboundHandler
	from string
	to   []string
}

func (s *inboundSession) Reset()        { s.from, s.to = "", nil }
func (s *inboundSession) Logout() error { return nil }

func (s *inboundSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *inboundSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *inboundSession) Data(r io.Reader) error {
	m, err := ParseInbound(r)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Mensaje ilegible"}
	}
	if s.from != "" {
		m.From = s.from
	}
	m.To = append([]string(nil), s.to...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.h(ctx, m); err != nil {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: err.Error()}
	}
	return nil
}

// ParseInbound reads an RFC 5322 message: the From address, the decoded
// Subject and the plain-text body (quoted-printable and base64 undone,
// converted from the charsets Go knows: UTF-8, US-ASCII; others are kept as
// received).
func ParseInbound(r io.Reader) (InboundMessage, error) {
	msg, err := stdmail.ReadMessage(r)
	if err != nil {
		return InboundMessage{}, err
	}
	var m InboundMessage
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = s
	} else {
		m.Subject = msg.Header.Get("Subject")
	}
	if a, err := stdmail.ParseAddress(msg.Header.Get("From")); err == nil {
		m.From = a.Address
	}
	m.Text, err = textBody(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0)
	return m, err
}

var errNoText = errors.New("el mensaje no tiene texto")

func textBody(ctype, cte string, body io.Reader, depth int) (string, error) {
	if ctype == "" {
		ctype = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(mt, "multipart/") && depth < 5 {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", errNoText
			}
			if s, err := textBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1); err == nil {
				return s, nil
			}
		}
	}
	if mt != "text/plain" {
		return "", errNoText
	}
	var rd io.Reader = body
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		rd = quotedprintable.NewReader(body)
	case "base64":
		rd = newBase64Reader(body)
	}
	b, err := io.ReadAll(io.LimitReader(rd, MaxInboundBytes))
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// Collector is an InboundHandler that keeps the messages (tests).
type Collector struct {
	mu   sync.Mutex
	msgs []InboundMessage
}

// Handle records m.
func (c *Collector) Handle(_ context.Context, m InboundMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, m)
	return nil
}

// Messages returns the messages received so far.
func (c *Collector) Messages() []InboundMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]InboundMessage(nil), c.msgs...)
}

// newBase64Reader decodes a base64 body whose lines are broken with CRLF.
func newBase64Reader(r io.Reader) io.Reader {
	return base64.NewDecoder(base64.StdEncoding, &stripNewlines{r: r})
}

type stripNewlines struct{ r io.Reader }

func (s *stripNewlines) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		if n == 0 {
			return 0, err
		}
		out := strings.NewReplacer("\r", "", "\n", "").Replace(string(p[:n]))
		copy(p, out)
		if len(out) > 0 || err != nil {
			return len(out), err
		}
	}
}
