package portal

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// publicFuncs are the template helpers of the public site pages.
var publicFuncs = template.FuncMap{
	"md":    Markdown,
	"plain": PlainText,
	"coord": func(e6 int64) string { return fmt.Sprintf("%.6f", float64(e6)/1e6) },
	"euros": web.Euros,
	"pct": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a * 100 / b
	},
}

// newPublicRenderer returns the public site pages: each page of
// templates/public laid out by the portal's public layout.
func newPublicRenderer() (*web.Pages, error) {
	ps := web.NewPages(templatesFS, "templates/public/layout.html", publicFuncs)
	if err := ps.Add("", templatesFS, "templates/public"); err != nil {
		return nil, err
	}
	return ps, nil
}

// navLink is an entry of a site's menu.
type navLink struct {
	Label, Href string
	Current     bool
}

// shareLink is a plain link to share a page on a social network (no
// third-party script, no tracker).
type shareLink struct{ Label, Href string }

// view is what every public template receives.
type view struct {
	Site        *Site
	Title       string
	Description string
	Canonical   string
	Image       string
	Section     string
	Menu        []navLink
	Notices     []Notice
	Crumbs      []web.Crumb
	Share       []shareLink
	Feed        string
	Data        any
	Now         time.Time
	Year        int
	Errors      errs.Fields
	Form        map[string]string
	Status      int
}

// Value returns a submitted form value.
func (v *view) Value(name string) string { return v.Form[name] }

// Link is the site path p ("/noticias") for this request.
func (v *view) Link(p string) string { return v.Site.Base + p }

// builder builds a public page for a site; it returns the template name.
type builder func(r *http.Request, s *Site, v *view) (string, error)

// resolve returns the site of the request's {code}, with Base and URL set.
func (m *Module) resolve(r *http.Request) (*Site, error) {
	s, err := siteByCode(r.Context(), m.kit.DB, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	s.Base = "/e/" + s.Code
	if viaHost(r) {
		s.Base = ""
	}
	if s.Host != "" {
		s.URL = "https://" + s.Host
	} else {
		s.URL = strings.TrimRight(m.kit.Config.Public(), "/") + "/e/" + s.Code
	}
	return s, nil
}

// page serves a cached public HTML page built by b.
func (m *Module) page(section string, b builder) web.HandlerFunc {
	return m.cached(func(r *http.Request, s *Site) ([]byte, string, error) {
		v, name, err := m.buildView(r, s, section, b)
		if err != nil {
			return nil, "", err
		}
		body, err := m.public.Execute(name, v)
		return body, "text/html; charset=utf-8", err
	})
}

// cached serves what produce makes for the site, from the cache when fresh.
func (m *Module) cached(produce func(r *http.Request, s *Site) ([]byte, string, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return m.serveCached(w, r, func(now time.Time) (*cachedPage, error) {
			s, err := m.resolve(r)
			if err != nil {
				return nil, err
			}
			body, ctype, err := produce(r, s)
			if err != nil {
				return nil, err
			}
			return &cachedPage{entityID: s.EntityID, body: body, contentType: ctype, modified: now,
				expires: m.nextChange(r.Context(), s.EntityID, now)}, nil
		})
	}
}

// serveCached serves the request's fresh cached response, or the one build
// makes, which it keeps.
func (m *Module) serveCached(w http.ResponseWriter, r *http.Request, build func(now time.Time) (*cachedPage, error)) error {
	now := m.kit.Now()
	key := cacheKey(r.URL.Path, r.URL.RawQuery, viaHost(r))
	if p := m.cache.get(key, now); p != nil {
		p.serve(w, r)
		return nil
	}
	p, err := build(now)
	if err != nil {
		return err
	}
	m.cache.put(key, p)
	p.serve(w, r)
	return nil
}

func (m *Module) buildView(r *http.Request, s *Site, section string, b builder) (*view, string, error) {
	ctx := r.Context()
	now := m.kit.Now()
	v := &view{Site: s, Section: section, Now: now, Year: now.In(web.Madrid).Year(), Status: http.StatusOK}
	v.Canonical = s.URL + strings.TrimPrefix(r.URL.Path, "/e/"+s.Code)
	if s.HasCoat {
		v.Image = s.URL + "/escudo.png"
	}
	v.Feed = s.Base + "/noticias.rss"
	notices, err := activeNotices(ctx, m.kit.DB, now)
	if err != nil {
		return nil, "", err
	}
	v.Notices = notices
	pages, err := menuPages(ctx, m.kit.DB, s.EntityID, now)
	if err != nil {
		return nil, "", err
	}
	v.Menu = []navLink{{"Inicio", s.Base + "/", false}, {"Noticias", s.Base + "/noticias", false}, {"Agenda", s.Base + "/agenda", false},
		{"Tablón de anuncios", s.Base + "/tablon", false}, {"Transparencia", s.Base + "/transparencia", false},
		{"Perfil del contratante", s.Base + "/perfil", false}, {"Datos abiertos", s.Base + "/datos", false},
		{"Encuestas", s.Base + "/encuestas", false}, {"Lugares", s.Base + "/lugares", false}}
	for _, p := range pages {
		v.Menu = append(v.Menu, navLink{Label: p.Title, Href: s.Base + "/paginas/" + p.Slug})
	}
	name, err := b(r, s, v)
	if err != nil {
		return nil, "", err
	}
	for i := range v.Menu {
		v.Menu[i].Current = v.Menu[i].Label == section || v.Menu[i].Label == v.Title && section == ""
	}
	if v.Description == "" {
		v.Description = s.Tagline
		if v.Description == "" {
			v.Description = "Portal web " + s.Of()
		}
	}
	v.Share = shareLinks(v.Canonical, v.Title+" · "+s.Name)
	return v, name, nil
}

// direct renders a public page without the cache (forms, answers).
func (m *Module) direct(w http.ResponseWriter, r *http.Request, status int, section string, b builder) error {
	s, err := m.resolve(r)
	if err != nil {
		return err
	}
	v, name, err := m.buildView(r, s, section, b)
	if err != nil {
		return err
	}
	body, err := m.public.Execute(name, v)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return web.WriteHTML(w, status, body)
}

func shareLinks(u, title string) []shareLink {
	eu, et := url.QueryEscape(u), url.QueryEscape(title)
	return []shareLink{
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + eu},
		{"X (Twitter)", "https://twitter.com/intent/tweet?url=" + eu + "&text=" + et},
		{"WhatsApp", "https://wa.me/?text=" + url.QueryEscape(title+" "+u)},
		{"Telegram", "https://t.me/share/url?url=" + eu + "&text=" + et},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + eu},
		{"Correo electrónico", "mailto:?subject=" + url.PathEscape(title) + "&body=" + url.PathEscape(u)},
	}
}

// nextChange is when the public pages of entityID may change by the clock
// alone: the next scheduled publication, withdrawal, opening or closing
// (capped at cacheMaxAge).
func (m *Module) nextChange(ctx context.Context, entityID string, now time.Time) time.Time {
	next := now.Add(cacheMaxAge)
	queries := []string{
		`SELECT publish_at FROM portal_items WHERE entity_id = $1 AND state = 'publicado' AND publish_at > $2 ORDER BY publish_at LIMIT 1`,
		`SELECT event_at FROM portal_items WHERE entity_id = $1 AND kind = 'evento' AND event_at > $2 ORDER BY event_at LIMIT 1`,
		`SELECT publish_at FROM portal_edicts WHERE entity_id = $1 AND publish_at > $2 ORDER BY publish_at LIMIT 1`,
		`SELECT withdraw_at FROM portal_edicts WHERE entity_id = $1 AND withdraw_at > $2 ORDER BY withdraw_at LIMIT 1`,
		`SELECT opens_at FROM portal_surveys WHERE entity_id = $1 AND opens_at > $2 ORDER BY opens_at LIMIT 1`,
		`SELECT closes_at FROM portal_surveys WHERE entity_id = $1 AND closes_at > $2 ORDER BY closes_at LIMIT 1`,
		`SELECT starts_at FROM portal_notices WHERE $1 <> '' AND starts_at > $2 ORDER BY starts_at LIMIT 1`,
		`SELECT ends_at FROM portal_notices WHERE $1 <> '' AND ends_at > $2 ORDER BY ends_at LIMIT 1`,
		`SELECT deadline FROM portal_tenders WHERE entity_id = $1 AND deadline > $2 ORDER BY deadline LIMIT 1`,
	}
	for _, q := range queries {
		var t time.Time
		if err := m.kit.DB.QueryRowContext(ctx, q, entityID, now).Scan(&t); err == nil && t.Before(next) {
			next = t
		}
	}
	return next
}

// notFoundIf maps a missing record to 404.
func notFoundIf(err error) error { return db.NotFound(err) }
