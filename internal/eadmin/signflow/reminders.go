package signflow

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/web"
)

// remindAfter is how long a document waits before its signer is reminded,
// and how often he is reminded again.
const remindAfter = 24 * time.Hour

// warnings are the days before expiry at which a certificate is warned.
var warnings = []int{60, 30, 7}

// waiting is a document waiting for a person.
type waiting struct {
	entityID, userID, requestID, title string
}

// SendReminders e-mails each person the documents that have waited for his
// signature or visto bueno more than a day (one message per person and
// entity, at most one a day per document), and warns of the certificates
// that expire within 60, 30 and 7 days (the holder for his own, the
// entity's portafirmas administrators for its seal). It returns how many
// messages it sent.
func (m *Module) SendReminders(ctx context.Context) (int, error) {
	now := m.kit.Now()
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (w waiting, err error) {
		err = sc.Scan(&w.entityID, &w.userID, &w.requestID, &w.title)
		return w, err
	}, `SELECT r.entity_id, s.user_id, r.id, r.title FROM signflow_requests r JOIN signflow_signers s
		ON s.entity_id = r.entity_id AND s.request_id = r.id AND s.step = r.current_step AND s.state = 'pendiente'
		WHERE r.state = 'en_circulacion' AND r.updated_at < $1 AND (r.reminded_at IS NULL OR r.reminded_at < $1)
		ORDER BY r.entity_id, s.user_id, r.updated_at`, now.Add(-remindAfter))
	if err != nil {
		return 0, fmt.Errorf("portafirmas: recordatorios: %w", err)
	}
	byPerson := map[[2]string][]waiting{}
	for _, w := range rows {
		k := [2]string{w.entityID, w.userID}
		byPerson[k] = append(byPerson[k], w)
	}
	sent := 0
	for k, ws := range byPerson {
		var lines []string
		for _, w := range ws {
			lines = append(lines, "- "+w.title+": "+m.kit.Config.Public()+"/portafirmas/"+w.requestID)
		}
		n, err := m.mailMember(ctx, k[0], k[1], fmt.Sprintf("Portafirmas: %d documentos esperan su firma", len(ws)),
			"Estos documentos del portafirmas esperan su firma o su visto bueno desde hace más de un día:\n\n"+strings.Join(lines, "\n")+
				"\n\nSi va a estar ausente, puede delegar su firma en Portafirmas › Delegaciones.")
		if err != nil {
			return sent, err
		}
		sent += n
		for _, w := range ws {
			if _, err := m.kit.DB.ExecContext(ctx, `UPDATE signflow_requests SET reminded_at = $1 WHERE entity_id = $2 AND id = $3`,
				now, w.entityID, w.requestID); err != nil {
				return sent, err
			}
		}
	}
	n, err := m.warnExpiring(ctx, now)
	return sent + n, err
}

// mailMember sends a message to a member of an entity with an address; it
// returns 1 when it went.
func (m *Module) mailMember(ctx context.Context, entityID, userID, subject, body string) (int, error) {
	mb, err := directory.MemberOf(ctx, m.kit.DB, entityID, userID)
	if err != nil || mb.Email == "" || !mb.Active() {
		return 0, nil
	}
	if err := m.kit.Mail.Send(ctx, mail.Message{To: mb.Email, Subject: subject, Body: body}); err != nil {
		return 0, fmt.Errorf("portafirmas: correo a %s: %w", mb.Email, err)
	}
	return 1, nil
}

// warnExpiring warns once at each threshold of the certificates in force
// that expire soon.
func (m *Module) warnExpiring(ctx context.Context, now time.Time) (int, error) {
	type cert struct {
		entityID, id, kind, userID, subject string
		notAfter                            time.Time
		warned                              *int
	}
	certs, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (c cert, err error) {
		err = sc.Scan(&c.entityID, &c.id, &c.kind, &c.userID, &c.subject, &c.notAfter, &c.warned)
		return c, err
	}, `SELECT entity_id, id, kind, user_id, subject, not_after, warned_days FROM signflow_certificates
		WHERE revoked_at IS NULL AND not_after > $1 AND not_after < $2`, now, now.Add(time.Duration(warnings[0])*24*time.Hour))
	if err != nil {
		return 0, fmt.Errorf("portafirmas: certificados que caducan: %w", err)
	}
	sent := 0
	for _, c := range certs {
		days := int(c.notAfter.Sub(now).Hours() / 24)
		threshold := 0
		for _, w := range warnings {
			if days < w {
				threshold = w
			}
		}
		if threshold == 0 || c.warned != nil && *c.warned <= threshold {
			continue
		}
		subject := fmt.Sprintf("El certificado %s caduca en %d días", c.subject, days+1)
		body := fmt.Sprintf("El certificado %s caduca el %s. Pida su renovación a tiempo y regístrelo en %s/portafirmas/certificados.",
			c.subject, c.notAfter.In(web.Madrid).Format("02/01/2006"), m.kit.Config.Public())
		recipients := []string{c.userID}
		if c.kind == KindSeal {
			if recipients, err = m.administrators(ctx, c.entityID); err != nil {
				return sent, err
			}
		}
		for _, u := range recipients {
			n, err := m.mailMember(ctx, c.entityID, u, subject, body)
			if err != nil {
				return sent, err
			}
			sent += n
		}
		if _, err := m.kit.DB.ExecContext(ctx, `UPDATE signflow_certificates SET warned_days = $1 WHERE entity_id = $2 AND id = $3`,
			threshold, c.entityID, c.id); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// administrators are the entity's portafirmas administrators, or, when it
// has none, its user administrators.
func (m *Module) administrators(ctx context.Context, entityID string) ([]string, error) {
	holders, err := directory.RoleHolders(ctx, m.kit.DB, entityID, Service)
	if err != nil {
		return nil, err
	}
	var out []string
	for u, roles := range holders {
		for _, r := range roles {
			if r == RoleAdmin {
				out = append(out, u)
			}
		}
	}
	if len(out) == 0 {
		members, err := directory.Members(ctx, m.kit.DB, directory.MemberFilter{Entities: []string{entityID}, Active: true}, directory.ByIDs)
		if err != nil {
			return nil, err
		}
		for _, mb := range members {
			if mb.Role == "admin" {
				out = append(out, mb.ID)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
