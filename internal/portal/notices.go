package portal

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// Notice is a province-wide notice of the Diputación, shown on every site
// between StartsAt and EndsAt.
type Notice struct {
	ID, Title, Body  string
	StartsAt, EndsAt time.Time
	CreatedAt        time.Time
	CreatedBy        string
}

func scanNotice(sc db.Scanner) (Notice, error) {
	var n Notice
	err := sc.Scan(&n.ID, &n.Title, &n.Body, &n.StartsAt, &n.EndsAt, &n.CreatedAt, &n.CreatedBy)
	n.StartsAt, n.EndsAt, n.CreatedAt = n.StartsAt.UTC(), n.EndsAt.UTC(), n.CreatedAt.UTC()
	return n, err
}

const noticeCols = `id, title, body, starts_at, ends_at, created_at, created_by`

func activeNotices(ctx context.Context, q db.Queryer, now time.Time) ([]Notice, error) {
	return db.Collect(ctx, q, scanNotice, `SELECT `+noticeCols+` FROM portal_notices WHERE starts_at <= $1 AND ends_at > $1
		ORDER BY starts_at DESC LIMIT 3`, now)
}

func allNotices(ctx context.Context, q db.Queryer) ([]Notice, error) {
	return db.Collect(ctx, q, scanNotice, `SELECT `+noticeCols+` FROM portal_notices ORDER BY starts_at DESC LIMIT 200`)
}

// createNotice publishes a province-wide notice (who holds PermOversee:
// the route asks it).
func (m *Module) createNotice(ctx context.Context, a *auth.Actor, title, body string, starts, ends time.Time) error {
	var fe errs.Fields
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" {
		fe.Add("titulo", "Escriba el título del aviso.")
	} else if len([]rune(title)) > 200 {
		fe.Add("titulo", "El título no puede tener más de 200 caracteres.")
	}
	if len(body) > 2000 {
		fe.Add("texto", "El texto no puede tener más de 2.000 caracteres.")
	}
	if starts.IsZero() {
		fe.Add("desde_fecha", "Indique desde cuándo se muestra.")
	}
	if ends.IsZero() {
		fe.Add("hasta_fecha", "Indique hasta cuándo se muestra.")
	} else if !starts.IsZero() && !ends.After(starts) {
		fe.Add("hasta_fecha", "La fecha final tiene que ser posterior a la inicial.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	n := Notice{ID: id.New(), Title: title, Body: body, StartsAt: starts, EndsAt: ends, CreatedAt: m.kit.Now(), CreatedBy: a.UserID}
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_notices (`+noticeCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			n.ID, n.Title, n.Body, n.StartsAt, n.EndsAt, n.CreatedAt, n.CreatedBy); err != nil {
			return err
		}
		dip, err := directory.Diputacion(ctx, tx)
		if err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: dip.ID, Action: "portal.aviso.crear", ObjectType: "portal_aviso",
			ObjectID: n.ID, After: n})
	})
	if err == nil {
		m.changed("")
	}
	return err
}

func (m *Module) noticesData(r *http.Request) (*web.Page, error) {
	ns, err := allNotices(r.Context(), m.kit.DB)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Avisos provinciales", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Avisos provinciales", Href: ""}},
		Data: map[string]any{"Notices": ns, "Now": m.kit.Now()}}, nil
}

func (m *Module) noticeCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	var fe errs.Fields
	starts := formTime(r, "desde", "de inicio", &fe)
	ends := formTime(r, "hasta", "de fin", &fe)
	err := fe.Err()
	if err == nil {
		err = m.createNotice(r.Context(), a, web.Field(r, "titulo"), web.Field(r, "texto"), starts, ends)
	}
	return m.kit.AfterPost(w, r, err, "/portal/avisos", "Aviso provincial publicado en todos los portales.", "portal/notices", m.noticesData)
}
