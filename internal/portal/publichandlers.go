package portal

import (
	"context"
	"encoding/xml"
	"html/template"
	"net/http"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// registerPublic adds the public site routes (no sign-in).
func (m *Module) registerPublic(rt *web.Router) {
	pub := func(p string, h web.HandlerFunc) { rt.Handle("GET", "/e/{code}"+p, access.Public, h) }
	pub("/{$}", m.page("Inicio", m.homeView))
	rt.Handle("GET", "/e/{code}", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return nil
	})
	pub("/noticias", m.page("Noticias", m.itemsView("noticia")))
	pub("/noticias/{slug}", m.page("Noticias", m.itemView("noticia")))
	pub("/agenda", m.page("Agenda", m.itemsView("evento")))
	pub("/agenda/{slug}", m.page("Agenda", m.itemView("evento")))
	pub("/paginas/{slug}", m.page("", m.itemView("pagina")))
	pub("/noticias.rss", m.cached(m.rss))
	pub("/noticias.atom", m.cached(m.atom))
	pub("/sitemap.xml", m.cached(m.sitemap))
	pub("/escudo.png", m.coat)
	pub("/identidad.css", m.cached(m.identityCSS))
	m.registerPublicTablon(pub)
	m.registerPublicTransparency(pub)
	m.registerPublicTenders(pub)
	m.registerPublicData(rt, pub)
	m.registerPublicSurveys(rt, pub)
	m.registerPublicPlaces(pub)
}

type homeData struct {
	News, Events []Item
	Edicts       int
	// Map is the SVG map of the town among its neighbours, or of the
	// province on the Diputación's site ("" when there is none).
	Map template.HTML
	// Towns are the towns the map shows by name: the neighbours of a town,
	// or the province's towns with a portal on the Diputación's site.
	Towns  []mapTown
	Places []Place
	Credit string
}

func (m *Module) homeView(r *http.Request, s *Site, v *view) (string, error) {
	ctx := r.Context()
	news, err := publicItems(ctx, m.kit.DB, s.EntityID, "noticia", v.Now, 4)
	if err != nil {
		return "", err
	}
	events, err := publicItems(ctx, m.kit.DB, s.EntityID, "evento", v.Now, 4)
	if err != nil {
		return "", err
	}
	n, err := countExposed(ctx, m.kit.DB, s.EntityID, v.Now)
	if err != nil {
		return "", err
	}
	d := homeData{News: news, Events: events, Edicts: n, Credit: refdata.BoundariesCredit}
	if err := m.homeMap(ctx, s, &d); err != nil {
		return "", err
	}
	v.Title = s.Name
	v.Data = d
	return "home", nil
}

// homeMap puts on the home page of s its map: the province with a link to
// every town's portal on the Diputación's site, the municipality among its
// neighbours on a town's.
func (m *Module) homeMap(ctx context.Context, s *Site, d *homeData) error {
	sites, err := allSites(ctx, m.kit.DB)
	if err != nil {
		return err
	}
	links := map[string]string{}
	for _, o := range sites {
		if o.Kind == refdata.KindAyuntamiento && o.INE != "" {
			links[o.INE] = portalHref(o)
		}
	}
	if s.IsProvince() {
		if d.Map, err = provinceMap(links); err != nil {
			return err
		}
		for _, o := range sites {
			if name := townName(o.INE); links[o.INE] != "" && name != "" {
				d.Towns = append(d.Towns, mapTown{INE: o.INE, Name: name, Href: links[o.INE]})
			}
		}
		sortTowns(d.Towns)
		return nil
	}
	if s.Kind != refdata.KindAyuntamiento || s.INE == "" {
		return nil
	}
	if d.Places, err = listPlaces(ctx, m.kit.DB, s.EntityID); err != nil {
		return err
	}
	svg, neighbours, ok, err := townMap(s.INE, d.Places)
	if err != nil || !ok {
		return err
	}
	for i := range neighbours {
		neighbours[i].Href = links[neighbours[i].INE]
	}
	d.Map, d.Towns = svg, neighbours
	return nil
}

// portalHref is the address of a site's home from another site.
func portalHref(s *Site) string {
	if s.Host != "" {
		return "https://" + s.Host + "/"
	}
	return "/e/" + s.Code + "/"
}

func (m *Module) itemsView(kind string) builder {
	return func(r *http.Request, s *Site, v *view) (string, error) {
		items, err := publicItems(r.Context(), m.kit.DB, s.EntityID, kind, v.Now, 200)
		if err != nil {
			return "", err
		}
		v.Title = "Noticias"
		if kind == "evento" {
			v.Title = "Agenda"
		}
		v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: v.Title, Href: ""}}
		v.Data = map[string]any{"Items": items, "Kind": kind, "Path": kindPath(kind)}
		return "items", nil
	}
}

func (m *Module) itemView(kind string) builder {
	return func(r *http.Request, s *Site, v *view) (string, error) {
		it, err := publicItem(r.Context(), m.kit.DB, s.EntityID, kind, r.PathValue("slug"), v.Now)
		if err != nil {
			return "", err
		}
		v.Title = it.Title
		v.Description = it.Summary
		if v.Description == "" {
			v.Description = truncate(PlainText(it.Body), 200)
		}
		v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}}
		if kind != "pagina" {
			label := "Noticias"
			if kind == "evento" {
				label = "Agenda"
			}
			v.Crumbs = append(v.Crumbs, web.Crumb{Label: label, Href: s.Base + "/" + kindPath(kind)})
		}
		v.Crumbs = append(v.Crumbs, web.Crumb{Label: it.Title})
		v.Data = it
		return "item", nil
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// coat serves the site's coat of arms (resized PNG).
func (m *Module) coat(w http.ResponseWriter, r *http.Request) error {
	s, err := m.resolve(r)
	if err != nil {
		return err
	}
	b, ct, at, err := coatOf(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return err
	}
	p := &cachedPage{body: b, contentType: ct, modified: at, etag: etagOf(b)}
	p.serve(w, r)
	return nil
}

// --- feeds and sitemap ---

type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Self        rssLink   `xml:"atom:link"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Description string `xml:"description"`
}

func (m *Module) rss(r *http.Request, s *Site) ([]byte, string, error) {
	items, err := publicItems(r.Context(), m.kit.DB, s.EntityID, "noticia", m.kit.Now(), 30)
	if err != nil {
		return nil, "", err
	}
	f := rssFeed{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{Title: "Noticias · " + s.Name,
		Link: s.URL + "/", Description: "Noticias " + s.Of(), Language: "es-ES",
		Self: rssLink{Href: s.URL + "/noticias.rss", Rel: "self", Type: "application/rss+xml"}}}
	for _, it := range items {
		u := s.URL + "/noticias/" + it.Slug
		f.Channel.Items = append(f.Channel.Items, rssItem{Title: it.Title, Link: u, GUID: u,
			PubDate: it.PublishAt.Format(time.RFC1123Z), Description: summaryOf(it)})
	}
	return marshalXML(f, "application/rss+xml; charset=utf-8")
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary string   `xml:"summary"`
}

func (m *Module) atom(r *http.Request, s *Site) ([]byte, string, error) {
	items, err := publicItems(r.Context(), m.kit.DB, s.EntityID, "noticia", m.kit.Now(), 30)
	if err != nil {
		return nil, "", err
	}
	updated := s.UpdatedAt
	for _, it := range items {
		if it.UpdatedAt.After(updated) {
			updated = it.UpdatedAt
		}
	}
	if updated.IsZero() {
		updated = m.kit.Now()
	}
	f := atomFeed{Title: "Noticias · " + s.Name, ID: s.URL + "/noticias", Updated: updated.Format(time.RFC3339),
		Links:  []atomLink{{Href: s.URL + "/noticias.atom", Rel: "self"}, {Href: s.URL + "/noticias", Rel: "alternate"}},
		Author: atomAuthor{Name: s.Name}}
	for _, it := range items {
		u := s.URL + "/noticias/" + it.Slug
		f.Entries = append(f.Entries, atomEntry{Title: it.Title, ID: u, Link: atomLink{Href: u},
			Updated: it.UpdatedAt.Format(time.RFC3339), Summary: summaryOf(it)})
	}
	return marshalXML(f, "application/atom+xml; charset=utf-8")
}

func summaryOf(it Item) string {
	if it.Summary != "" {
		return it.Summary
	}
	return truncate(PlainText(it.Body), 300)
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []smURL  `xml:"url"`
}

type smURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func (m *Module) sitemap(r *http.Request, s *Site) ([]byte, string, error) {
	now := m.kit.Now()
	set := urlset{}
	for _, p := range []string{"/", "/noticias", "/agenda", "/tablon", "/tablon/archivo", "/transparencia", "/perfil",
		"/datos", "/encuestas", "/lugares"} {
		set.URLs = append(set.URLs, smURL{Loc: s.URL + p})
	}
	for _, kind := range []string{"noticia", "evento", "pagina"} {
		items, err := publicItems(r.Context(), m.kit.DB, s.EntityID, kind, now, 1000)
		if err != nil {
			return nil, "", err
		}
		for _, it := range items {
			set.URLs = append(set.URLs, smURL{Loc: s.URL + "/" + kindPath(kind) + "/" + it.Slug,
				LastMod: it.UpdatedAt.Format("2006-01-02")})
		}
	}
	return marshalXML(set, "application/xml; charset=utf-8")
}

func marshalXML(v any, ctype string) ([]byte, string, error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, "", err
	}
	return append([]byte(xml.Header), b...), ctype, nil
}
