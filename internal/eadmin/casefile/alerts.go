package casefile

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/mail"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/workcal"
)

// alertDays is how many días hábiles before the end of the plazo máximo
// the tramitador is warned.
const alertDays = 5

// alert is one line of a tramitador's digest.
type alert struct {
	entityID, assigneeID string
	number, subject      string
	due                  time.Time
	overdue              bool
}

// SendAlerts e-mails each tramitador with expedientes assigned to him whose
// plazo máximo ends within alertDays días hábiles, or has passed, one
// digest per person and entity with the days left on the municipality's
// calendar; it returns how many messages it sent. The app runs it daily.
func (m *Module) SendAlerts(ctx context.Context) (int, error) {
	now := m.kit.Now()
	// alertDays días hábiles are never more than three weeks of calendar.
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (a alert, err error) {
		var due sql.NullTime
		err = sc.Scan(&a.entityID, &a.assigneeID, &a.number, &a.subject, &due)
		a.due, a.overdue = due.Time, due.Time.Before(now)
		return a, err
	}, `SELECT entity_id, assignee_id, number, subject, due_at FROM casefile_files
		WHERE state IN ('iniciado', 'tramitacion', 'concluso') AND assignee_id <> '' AND due_at < $1 AND due_at > $2
		ORDER BY entity_id, assignee_id, due_at`, now.AddDate(0, 0, 21).UTC(), now.AddDate(0, 0, -90).UTC())
	if err != nil {
		return 0, fmt.Errorf("expedientes: leer los plazos que vencen: %w", err)
	}
	groups := map[[2]string][]alert{}
	var keys [][2]string
	cals := calendars{}
	for _, a := range rows {
		cal, err := cals.of(ctx, m.kit.DB, a.entityID)
		if err != nil {
			return 0, err
		}
		if !a.overdue && plazo.Remaining(cal, a.due, now) > alertDays {
			continue
		}
		k := [2]string{a.entityID, a.assigneeID}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], a)
	}
	sent := 0
	for _, k := range keys {
		msg, ok, err := m.digest(ctx, cals[k[0]], k[0], k[1], groups[k], now)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		if err := m.kit.Mail.Send(ctx, msg); err != nil {
			m.kit.Log.Warn("aviso de plazos no enviado", "a", msg.To, "error", err)
			continue
		}
		sent++
	}
	return sent, nil
}

// digest is the message for one person of one entity (ok false when he has
// no active account with an e-mail address).
func (m *Module) digest(ctx context.Context, cal *workcal.Calendar, entityID, userID string, list []alert, now time.Time) (mail.Message, bool, error) {
	p, err := directory.PersonByID(ctx, m.kit.DB, userID)
	if err != nil || !p.Active() || p.Email == "" {
		return mail.Message{}, false, nil
	}
	e, err := directory.EntityByID(ctx, m.kit.DB, entityID)
	if err != nil {
		return mail.Message{}, false, err
	}
	slices.SortStableFunc(list, func(a, b alert) int { return a.due.Compare(b.due) })
	var b strings.Builder
	fmt.Fprintf(&b, "%s,\n\nEstos expedientes %s que tiene asignados tienen el plazo máximo para resolver y notificar vencido o a punto de vencer:\n\n", p.ShortName(), e.Of())
	for _, a := range list {
		state := "vence el " + day(a.due) + " (" + strings.ToLower(plazo.RemainingLabel(plazo.Remaining(cal, a.due, now))) + ")"
		if a.overdue {
			state = "VENCIDO el " + day(a.due)
		}
		fmt.Fprintf(&b, "- %s, %s: %s\n", a.number, a.subject, state)
	}
	fmt.Fprintf(&b, "\nLos tiene en %s/expedientes?plazo=proximos\n", strings.TrimSuffix(m.kit.Config.Public(), "/"))
	subject := fmt.Sprintf("Plazos de expedientes: %d por vencer o vencidos", len(list))
	return mail.Message{To: p.Email, Subject: subject, Body: b.String()}, true, nil
}
