package portal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// Item is a page, a news item or an event of a site.
type Item struct {
	EntityID, ID, Kind, Slug, Title, Summary, Body, State string
	PublishAt, EventAt                                    time.Time
	Place                                                 string
	InMenu                                                bool
	MenuOrder, Version                                    int
	CreatedAt, UpdatedAt                                  time.Time
	CreatedBy, UpdatedBy                                  string
}

// Kinds of content.
var itemKinds = []struct{ Value, Label, Plural, Path string }{
	{"noticia", "Noticia", "Noticias", "noticias"},
	{"evento", "Evento", "Agenda", "agenda"},
	{"pagina", "Página", "Páginas", "paginas"},
}

func kindLabel(k string) string {
	for _, x := range itemKinds {
		if x.Value == k {
			return x.Label
		}
	}
	return k
}

func kindPath(k string) string {
	for _, x := range itemKinds {
		if x.Value == k {
			return x.Path
		}
	}
	return k
}

// Public reports whether the item is on the public site at now.
func (it Item) Public(now time.Time) bool {
	return it.State == "publicado" && !it.PublishAt.IsZero() && !it.PublishAt.After(now)
}

// Scheduled reports whether the item is published but due later.
func (it Item) Scheduled(now time.Time) bool {
	return it.State == "publicado" && it.PublishAt.After(now)
}

// StateLabel is the Spanish state shown to editors at now.
func (it Item) StateLabel(now time.Time) string {
	switch {
	case it.Scheduled(now):
		return "Programado"
	case it.State == "publicado":
		return "Publicado"
	case it.State == "retirado":
		return "Retirado"
	}
	return "Borrador"
}

const itemCols = `entity_id, id, kind, slug, title, summary, body, state, publish_at, event_at, place, in_menu, menu_order,
	version, created_at, created_by, updated_at, updated_by`

func scanItem(sc db.Scanner) (Item, error) {
	var it Item
	var pub, ev sql.NullTime
	err := sc.Scan(&it.EntityID, &it.ID, &it.Kind, &it.Slug, &it.Title, &it.Summary, &it.Body, &it.State, &pub, &ev,
		&it.Place, &it.InMenu, &it.MenuOrder, &it.Version, &it.CreatedAt, &it.CreatedBy, &it.UpdatedAt, &it.UpdatedBy)
	if pub.Valid {
		it.PublishAt = pub.Time.UTC()
	}
	if ev.Valid {
		it.EventAt = ev.Time.UTC()
	}
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	return it, err
}

// publicItems lists the public items of a kind at now, newest first (events
// from now on, soonest first), at most limit.
func publicItems(ctx context.Context, q db.Queryer, entityID, kind string, now time.Time, limit int) ([]Item, error) {
	order := `publish_at DESC`
	extra := ""
	args := []any{entityID, kind, now}
	if kind == "evento" {
		order = `event_at`
		extra = ` AND event_at >= $4`
		args = append(args, now.Add(-12*time.Hour))
	}
	if kind == "pagina" {
		order = `menu_order, title`
	}
	return db.Collect(ctx, q, scanItem, `SELECT `+itemCols+` FROM portal_items WHERE entity_id = $1 AND kind = $2
		AND state = 'publicado' AND publish_at <= $3`+extra+` ORDER BY `+order+fmt.Sprintf(` LIMIT %d`, limit), args...)
}

// menuPages lists the public pages shown in the site's menu.
func menuPages(ctx context.Context, q db.Queryer, entityID string, now time.Time) ([]Item, error) {
	return db.Collect(ctx, q, scanItem, `SELECT `+itemCols+` FROM portal_items WHERE entity_id = $1 AND kind = 'pagina'
		AND state = 'publicado' AND publish_at <= $2 AND in_menu ORDER BY menu_order, title LIMIT 8`, entityID, now)
}

func publicItem(ctx context.Context, q db.Queryer, entityID, kind, slug string, now time.Time) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM portal_items WHERE entity_id = $1 AND kind = $2
		AND slug = $3 AND state = 'publicado' AND publish_at <= $4`, entityID, kind, slug, now))
	return it, db.NotFound(err)
}

func itemByID(ctx context.Context, q db.Queryer, entityID, itemID string) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM portal_items WHERE entity_id = $1 AND id = $2`,
		entityID, itemID))
	return it, db.NotFound(err)
}

func listItems(ctx context.Context, q db.Queryer, entityID, kind string) ([]Item, error) {
	w := db.Where{}
	w.Add(`entity_id = ` + w.Arg(entityID))
	if kind != "" {
		w.Add(`kind = ` + w.Arg(kind))
	}
	return db.Collect(ctx, q, scanItem, `SELECT `+itemCols+` FROM portal_items`+w.SQL()+
		` ORDER BY updated_at DESC LIMIT 500`, w.Args...)
}

// Revision is one saved version of an item.
type Revision struct {
	Version               int
	Title, State, SavedBy string
	SavedAt               time.Time
}

func revisions(ctx context.Context, q db.Queryer, entityID, itemID string) ([]Revision, error) {
	revs, err := db.Collect(ctx, q, func(sc db.Scanner) (Revision, error) {
		var r Revision
		err := sc.Scan(&r.Version, &r.Title, &r.State, &r.SavedAt, &r.SavedBy)
		return r, err
	}, `SELECT r.version, r.title, r.state, r.saved_at, r.saved_by FROM portal_item_revisions r
		WHERE r.entity_id = $1 AND r.item_id = $2 ORDER BY r.version DESC`, entityID, itemID)
	if err != nil {
		return nil, fmt.Errorf("portal: leer las versiones del contenido %s: %w", itemID, err)
	}
	ids := make([]string, len(revs))
	for i, r := range revs {
		ids[i] = r.SavedBy
	}
	people, err := directory.PeopleByIDs(ctx, q, ids)
	if err != nil {
		return nil, fmt.Errorf("portal: leer quién guardó las versiones del contenido %s: %w", itemID, err)
	}
	for i, r := range revs {
		if p, ok := people[r.SavedBy]; ok {
			revs[i].SavedBy = p.Given
		}
	}
	return revs, nil
}

func writeRevision(ctx context.Context, tx *sql.Tx, it Item, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_item_revisions (entity_id, item_id, version, title, summary, body,
		state, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		it.EntityID, it.ID, it.Version, it.Title, it.Summary, it.Body, it.State, at, it.UpdatedBy)
	return err
}

func insertItem(ctx context.Context, tx *sql.Tx, it Item) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_items (`+itemCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, $17, $18)`, it.EntityID, it.ID, it.Kind, it.Slug, it.Title, it.Summary, it.Body, it.State,
		db.NullTime(it.PublishAt), db.NullTime(it.EventAt), it.Place, it.InMenu, it.MenuOrder, it.Version, it.CreatedAt, it.CreatedBy,
		it.UpdatedAt, it.UpdatedBy)
	if err != nil {
		return err
	}
	return writeRevision(ctx, tx, it, it.UpdatedAt)
}

func updateItem(ctx context.Context, tx *sql.Tx, it Item) error {
	_, err := tx.ExecContext(ctx, `UPDATE portal_items SET title = $3, summary = $4, body = $5, state = $6, publish_at = $7,
		event_at = $8, place = $9, in_menu = $10, menu_order = $11, version = $12, updated_at = $13, updated_by = $14
		WHERE entity_id = $1 AND id = $2`, it.EntityID, it.ID, it.Title, it.Summary, it.Body, it.State,
		db.NullTime(it.PublishAt), db.NullTime(it.EventAt), it.Place, it.InMenu, it.MenuOrder, it.Version, it.UpdatedAt, it.UpdatedBy)
	if err != nil {
		return err
	}
	return writeRevision(ctx, tx, it, it.UpdatedAt)
}

// slugify makes a URL segment of a title: folded, words joined by dashes.
func slugify(s string) string {
	if h := refdata.Hyphenated(s); h != "" {
		return h
	}
	return "contenido"
}

// freeSlug returns base or base-N, unused by another item of kind.
func freeSlug(ctx context.Context, tx *sql.Tx, entityID, kind, base string) (string, error) {
	slug := base
	for n := 2; ; n++ {
		var c int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_items WHERE entity_id = $1 AND kind = $2 AND slug = $3`,
			entityID, kind, slug).Scan(&c); err != nil {
			return "", err
		}
		if c == 0 {
			return slug, nil
		}
		slug = fmt.Sprintf("%s-%d", base, n)
	}
}

// ItemForm is what an editor submits for an item.
type ItemForm struct {
	Kind, Title, Summary, Body, Place string
	// Publish asks to publish (at PublishAt, or now when zero); otherwise a draft.
	Publish   bool
	PublishAt time.Time
	EventAt   time.Time
	InMenu    bool
	MenuOrder int
}

func (f ItemForm) validate(fe *errs.Fields) {
	if strings.TrimSpace(f.Title) == "" {
		fe.Add("titulo", "Escriba el título.")
	} else if len([]rune(f.Title)) > 200 {
		fe.Add("titulo", "El título no puede tener más de 200 caracteres.")
	}
	if len([]rune(f.Summary)) > 400 {
		fe.Add("resumen", "El resumen no puede tener más de 400 caracteres.")
	}
	if len(f.Body) > 100_000 {
		fe.Add("cuerpo", "El texto no puede tener más de 100.000 caracteres.")
	}
	if f.Kind == "evento" && f.EventAt.IsZero() {
		fe.Add("evento_fecha", "Indique la fecha del evento.")
	}
}

// saveItem creates (itemID "") or changes an item of the actor's entity and
// returns its id (the route asks PermDraft). Contributors only save
// drafts; publishing, or changing what is published, needs PermEdit.
func (m *Module) saveItem(ctx context.Context, a *auth.Actor, itemID string, f ItemForm) (string, error) {
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return "", errs.ErrForbidden
	}
	now := m.kit.Now()
	var fe errs.Fields
	var old Item
	if itemID != "" {
		if old, err = itemByID(ctx, m.kit.DB, site.EntityID, itemID); err != nil {
			return "", err
		}
		f.Kind = old.Kind
		if old.State == "publicado" {
			if err := m.kit.Access.RequireHere(ctx, a, PermEdit); err != nil {
				return "", err
			}
		}
	} else if kindLabel(f.Kind) == f.Kind {
		fe.Add("tipo", "Elija el tipo de contenido.")
	}
	f.validate(&fe)
	if f.Publish {
		if err := m.kit.Access.RequireHere(ctx, a, PermEdit); err != nil {
			return "", err
		}
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	it := old
	it.EntityID, it.Kind = site.EntityID, f.Kind
	it.Title, it.Summary, it.Body, it.Place = strings.TrimSpace(f.Title), strings.TrimSpace(f.Summary), f.Body, strings.TrimSpace(f.Place)
	it.EventAt, it.InMenu, it.MenuOrder = f.EventAt, f.InMenu && f.Kind == "pagina", f.MenuOrder
	it.State = "borrador"
	it.PublishAt = time.Time{}
	if f.Publish {
		it.State = "publicado"
		it.PublishAt = f.PublishAt
		if it.PublishAt.IsZero() {
			it.PublishAt = now
		}
	}
	it.UpdatedAt, it.UpdatedBy = now, a.UserID
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := ensureSite(ctx, tx, site, a.UserID, now); err != nil {
			return err
		}
		if itemID == "" {
			it.ID, it.Version, it.CreatedAt, it.CreatedBy = id.New(), 1, now, a.UserID
			slug, err := freeSlug(ctx, tx, it.EntityID, it.Kind, slugify(it.Title))
			if err != nil {
				return err
			}
			it.Slug = slug
			if err := insertItem(ctx, tx, it); err != nil {
				return err
			}
			return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: it.EntityID, Action: "portal.contenido.crear",
				ObjectType: "portal_contenido", ObjectID: it.ID, After: it})
		}
		it.Version = old.Version + 1
		if err := updateItem(ctx, tx, it); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: it.EntityID, Action: "portal.contenido.modificar",
			ObjectType: "portal_contenido", ObjectID: it.ID, Before: old, After: it})
	})
	if err != nil {
		return "", err
	}
	m.changed(it.EntityID)
	return it.ID, nil
}

// withdrawItem takes a published item off the site (PermEdit, asked once
// the item is found: another site's item is not found).
func (m *Module) withdrawItem(ctx context.Context, a *auth.Actor, itemID string) error {
	old, err := itemByID(ctx, m.kit.DB, a.Entity.ID, itemID)
	if err != nil {
		return err
	}
	if err := m.kit.Access.RequireHere(ctx, a, PermEdit); err != nil {
		return err
	}
	if old.State != "publicado" {
		return errs.New(errs.Conflict, "El contenido no está publicado.")
	}
	it := old
	it.State, it.Version, it.UpdatedAt, it.UpdatedBy = "retirado", old.Version+1, m.kit.Now(), a.UserID
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := updateItem(ctx, tx, it); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: it.EntityID, Action: "portal.contenido.retirar",
			ObjectType: "portal_contenido", ObjectID: it.ID, Before: old.State, After: it.State})
	})
	if err == nil {
		m.changed(it.EntityID)
	}
	return err
}
