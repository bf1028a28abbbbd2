package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/web"
)

// replyAddress is the ticket's address for replies by e-mail:
// soporte+<token>@dipcaceres.es.
func (m *Module) replyAddress(t *Ticket) string {
	addr := m.kit.Config.ReplyAddress
	if addr == "" {
		addr = "soporte@dipcaceres.es"
	}
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	return local + "+" + t.ReplyToken + "@" + domain
}

func (m *Module) ticketURL(t *Ticket) string {
	return m.kit.Config.Public() + "/soporte/incidencias/" + t.Number
}

// notify e-mails the requester about a new ticket, a reply of support or a
// change of state, and the assignee about a reply of the user. Failures are
// logged: the change is already saved.
func (m *Module) notify(ctx context.Context, t *Ticket, event, actor, text string) {
	var to, subject, body string
	link := m.ticketURL(t)
	switch event {
	case "new":
		to = t.RequesterEmail
		subject = fmt.Sprintf("[%s] Recibida: %s", t.Number, t.Subject)
		body = fmt.Sprintf("Hemos recibido su petición de soporte %s: «%s».\n\nServicio: %s\nPrioridad: %s\nPrimera respuesta antes de: %s\n\nPuede seguirla en %s\no responder a este correo para añadir información.",
			t.Number, t.Subject, t.ServiceLabel(), t.PriorityLabel(), madrid(t.ResponseDue), link)
	case "reply":
		to = t.RequesterEmail
		subject = fmt.Sprintf("[%s] Respuesta: %s", t.Number, t.Subject)
		body = fmt.Sprintf("%s ha respondido a su incidencia %s:\n\n%s\n\nPuede contestar a este correo o en %s", actor, t.Number, text, link)
	case "user-reply":
		if t.AssigneeID == "" {
			return
		}
		email, err := userEmail(ctx, m.kit.DB, t.AssigneeID)
		if err != nil {
			return
		}
		to = email
		subject = fmt.Sprintf("[%s] El usuario ha respondido: %s", t.Number, t.Subject)
		body = fmt.Sprintf("%s ha escrito en la incidencia %s:\n\n%s\n\n%s", actor, t.Number, text, link)
	case "state":
		to = t.RequesterEmail
		subject = fmt.Sprintf("[%s] %s: %s", t.Number, t.StateLabel(), t.Subject)
		body = fmt.Sprintf("La incidencia %s ha pasado a «%s» (%s).", t.Number, t.StateLabel(), actor)
		if text != "" {
			body += "\n\n" + text
		}
		if t.State == StateResolved {
			body += "\n\nSi está resuelta, puede cerrarla y valorar la atención en " + link + "; si no, reábrala allí o responda a este correo."
		} else {
			body += "\n\n" + link
		}
	default:
		return
	}
	if to == "" {
		return
	}
	msg := mail.Message{To: to, Subject: subject, Body: body, ReplyTo: m.replyAddress(t)}
	if err := m.kit.Mail.Send(ctx, msg); err != nil {
		m.kit.Log.WarnContext(ctx, "aviso de incidencia no enviado", "numero", t.Number, "to", to, "err", err)
	}
}

func (m *Module) notifyAssignee(ctx context.Context, t *Ticket, who directory.Person, actor string) {
	if who.Email == "" {
		return
	}
	msg := mail.Message{To: who.Email, Subject: fmt.Sprintf("[%s] Asignada a usted: %s", t.Number, t.Subject),
		Body:    fmt.Sprintf("%s le ha asignado la incidencia %s %s:\n\n%s\n\n%s", actor, t.Number, phrase.Of(t.EntityName), t.Body, m.ticketURL(t)),
		ReplyTo: m.replyAddress(t)}
	if err := m.kit.Mail.Send(ctx, msg); err != nil {
		m.kit.Log.WarnContext(ctx, "aviso de asignación no enviado", "numero", t.Number, "err", err)
	}
}

func madrid(t time.Time) string { return web.DateTime(t) }

// actorByEmail is the sender of a reply by e-mail as an actor working for entityID.
func (m *Module) actorByEmail(ctx context.Context, email, entityID string) (*auth.Actor, error) {
	return m.kit.Sessions.ActorByEmail(ctx, m.kit.DB, email, entityID)
}

func userEmail(ctx context.Context, q db.Queryer, userID string) (string, error) {
	p, err := directory.PersonByID(ctx, q, userID)
	return p.Email, err
}

var tokenRe = regexp.MustCompile(`\+([0-9a-f]{32})@`)

// errUnknownTicket rejects mail to an address that names no ticket.
var errUnknownTicket = errors.New("Dirección de respuesta desconocida")

// receive adds a reply by e-mail to the ticket its recipient address names,
// when the sender is the requester or someone who works the ticket.
func (m *Module) receive(ctx context.Context, in mail.InboundMessage) error {
	var tok string
	for _, to := range in.To {
		if mm := tokenRe.FindStringSubmatch(strings.ToLower(to)); mm != nil {
			tok = mm[1]
		}
	}
	if tok == "" {
		return errUnknownTicket
	}
	t, err := ticketByToken(ctx, m.kit.DB, tok)
	if errors.Is(err, db.ErrNotFound) {
		return errUnknownTicket
	}
	if err != nil {
		return err
	}
	a, err := m.actorByEmail(ctx, in.From, t.EntityID)
	if err != nil {
		return errors.New("Remitente no autorizado para esta incidencia")
	}
	v, err := m.viewer(ctx, a)
	if err != nil {
		return err
	}
	if !v.sees(&t) {
		return errors.New("Remitente no autorizado para esta incidencia")
	}
	text := stripQuoted(in.Text)
	if text == "" {
		return errors.New("El mensaje no tiene texto")
	}
	return m.reply(ctx, v, &t, text, nil, false, "correo")
}

// stripQuoted keeps the new part of a reply: it drops quoted lines and
// everything from the usual "El ... escribió:" / "On ... wrote:" line.
func stripQuoted(s string) string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, ">") {
			continue
		}
		if (strings.HasPrefix(trim, "El ") && strings.HasSuffix(trim, "escribió:")) ||
			(strings.HasPrefix(trim, "On ") && strings.HasSuffix(trim, "wrote:")) ||
			strings.HasPrefix(trim, "-----Original Message") || strings.HasPrefix(trim, "-----Mensaje original") {
			break
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// startInbound listens for replies by e-mail on addr.
func (m *Module) startInbound(addr string) error {
	in, err := mail.ListenInbound(addr, m.receive)
	if err != nil {
		return err
	}
	m.kit.Log.Info("correo entrante de soporte", "addr", in.Addr())
	return nil
}
