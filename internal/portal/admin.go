package portal

import (
	"database/sql"
	"net"
	"net/http"
	"net/url"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// registerAdmin adds the editors' pages (always on the actor's current
// entity) and the Diputación's.
func (m *Module) registerAdmin(rt *web.Router) {
	rt.Handle("GET", "/portal", PermRead, m.dashboard)
	rt.Handle("GET", "/portal/sitio", PermDraft, m.show("portal/settings", m.settingsData))
	rt.Handle("POST", "/portal/sitio", PermEdit, m.settingsPost)
	rt.Handle("POST", "/portal/sitio/escudo", PermEdit, m.coatPost)
	rt.Handle("GET", "/portal/contenidos", PermDraft, m.itemsPage)
	rt.Handle("GET", "/portal/contenidos/nuevo", PermDraft, m.show("portal/item", m.itemData))
	rt.Handle("POST", "/portal/contenidos", PermDraft, m.itemCreate)
	rt.Handle("GET", "/portal/contenidos/{id}", PermDraft, m.show("portal/item", m.itemData))
	rt.Handle("POST", "/portal/contenidos/{id}", PermDraft, m.itemUpdate)
	rt.Handle("POST", "/portal/contenidos/{id}/retirar", PermDraft, m.itemWithdraw)
	rt.Handle("GET", "/portal/tablon", PermDraft, m.show("portal/edicts", m.edictsData))
	rt.Handle("POST", "/portal/tablon", PermOfficial, m.edictCreate)
	rt.Handle("GET", "/portal/tablon/{id}", PermDraft, m.edictPage)
	rt.Handle("POST", "/portal/tablon/{id}/diligencia", PermDraft, m.edictCertificate)
	rt.Handle("GET", "/portal/tablon/{id}/diligencia.pdf", PermDraft, m.edictCertificateDownload)
	rt.Handle("GET", "/portal/avisos", PermOversee, m.show("portal/notices", m.noticesData))
	rt.Handle("POST", "/portal/avisos", PermOversee, m.noticeCreate)
	rt.Handle("GET", "/portal/sitios", PermOversee, m.show("portal/sites", m.sitesData))
	rt.Handle("POST", "/portal/sitios/{entity}/dominios", PermOversee, m.hostsPost)
	m.registerAdminMore(rt)
}

// editorSite returns the site of the actor's current entity (where his
// route's permission, a portal role, holds), or 403 when the entity has
// no portal.
func (m *Module) editorSite(r *http.Request) (*Site, error) {
	s, err := siteOf(r.Context(), m.kit.DB, kit.Actor(r).Entity.ID)
	if err != nil {
		return nil, errs.New(errs.Forbidden, "Su entidad no tiene el servicio de portal web activo.")
	}
	s.Base = "/e/" + s.Code
	return s, nil
}

// show returns the handler of an editors' page that just renders template
// name with the page that data builds.
func (m *Module) show(name string, data kit.PageFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { return m.kit.Show(w, r, name, data) }
}

// editorPost parses a posted form of at most limit bytes and returns the
// editor's site (as editorSite) and the actor.
func (m *Module) editorPost(w http.ResponseWriter, r *http.Request, limit int64) (*Site, *auth.Actor, error) {
	if err := web.ParseForm(w, r, limit); err != nil {
		return nil, nil, err
	}
	s, err := m.editorSite(r)
	return s, kit.Actor(r), err
}

func (m *Module) dashboard(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	data := map[string]any{"Dip": m.may(r.Context(), a, PermOversee)}
	if m.may(r.Context(), a, PermDraft) {
		s, err := m.editorSite(r)
		if err != nil {
			return err
		}
		data["Site"] = s
	}
	return m.kit.Page(w, r, "portal/dashboard", &web.Page{Title: "Portal web", Data: data})
}

func (m *Module) settingsData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	p := &web.Page{Title: "Datos del sitio", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Datos del sitio", Href: ""}},
		Data: map[string]any{"Site": s, "Edit": m.may(r.Context(), kit.Actor(r), PermEdit)}}
	if r.Method == http.MethodGet {
		p.Form = map[string]string{"lema": s.Tagline, "presentacion": s.About, "correo": s.Email, "telefono": s.Phone,
			"direccion": s.Address, "horario": s.Hours, "color": palette(s.Colour).Main}
		if s.HasPos {
			p.Form["latitud"], p.Form["longitud"] = publicFuncs["coord"].(func(int64) string)(s.Lat), publicFuncs["coord"].(func(int64) string)(s.Lon)
		}
	}
	return p, nil
}

func (m *Module) settingsPost(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, web.MaxForm)
	if err != nil {
		return err
	}
	var fe errs.Fields
	set := SiteSettings{Tagline: strings.TrimSpace(web.Field(r, "lema")), About: web.Field(r, "presentacion"),
		Email: strings.TrimSpace(web.Field(r, "correo")), Phone: strings.TrimSpace(web.Field(r, "telefono")),
		Address: strings.TrimSpace(web.Field(r, "direccion")), Hours: strings.TrimSpace(web.Field(r, "horario"))}
	colour, problem := checkColour(web.Field(r, "color"))
	if problem != "" {
		fe.Add("color", problem)
	}
	set.Colour = colour
	lat, okLat := formCoord(r, "latitud", 90, &fe)
	lon, okLon := formCoord(r, "longitud", 180, &fe)
	if okLat != okLon && fe.For("latitud") == "" && fe.For("longitud") == "" {
		fe.Add("latitud", "Escriba la latitud y la longitud, o ninguna.")
	}
	set.Lat, set.Lon, set.HasPos = lat, lon, okLat && okLon
	if len([]rune(set.Tagline)) > 200 {
		fe.Add("lema", "El lema no puede tener más de 200 caracteres.")
	}
	if len(set.About) > 20000 {
		fe.Add("presentacion", "La presentación no puede tener más de 20.000 caracteres.")
	}
	if set.Email != "" && !strings.Contains(set.Email, "@") {
		fe.Add("correo", "Escriba un correo electrónico válido, como informacion@ayuntamiento.es.")
	}
	for _, f := range []struct{ name, v string }{{"telefono", set.Phone}, {"direccion", set.Address}, {"horario", set.Hours}} {
		if len([]rune(f.v)) > 300 {
			fe.Add(f.name, "El texto no puede tener más de 300 caracteres.")
		}
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/settings", m.settingsData, err)
	}
	now := m.kit.Now()
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := saveSettings(r.Context(), tx, s, set, a.UserID, now); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.sitio.modificar",
			ObjectType: "portal_sitio", ObjectID: s.EntityID, After: set})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/sitio", "Datos del sitio guardados.")
}

func (m *Module) coatPost(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, maxImage+64<<10)
	if err != nil {
		return err
	}
	var fe errs.Fields
	var png []byte
	f, hdr, ferr := r.FormFile("escudo")
	if ferr != nil {
		fe.Add("escudo", "Elija la imagen del escudo (PNG, JPEG o GIF).")
	} else {
		defer f.Close()
		if hdr.Size > maxImage {
			fe.Add("escudo", "La imagen no puede ocupar más de 5 MB.")
		} else if png, err = resizeImage(f, coatHeight); err != nil {
			fe.Add("escudo", err.Error())
		}
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/settings", m.settingsData, err)
	}
	now := m.kit.Now()
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := ensureSite(r.Context(), tx, s, a.UserID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(r.Context(), `UPDATE portal_sites SET coat = $2, coat_type = 'image/png', updated_at = $3,
			updated_by = $4 WHERE entity_id = $1`, s.EntityID, png, now, a.UserID); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.sitio.escudo",
			ObjectType: "portal_sitio", ObjectID: s.EntityID, After: map[string]any{"bytes": len(png)}})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/sitio", "Escudo actualizado.")
}

// --- contents ---

func (m *Module) itemsPage(w http.ResponseWriter, r *http.Request) error {
	s, err := m.editorSite(r)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("tipo")
	if kindLabel(kind) == kind {
		kind = ""
	}
	items, err := listItems(r.Context(), m.kit.DB, s.EntityID, kind)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "portal/items", &web.Page{Title: "Contenidos",
		Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Contenidos", Href: ""}},
		Data:   map[string]any{"Site": s, "Items": items, "Kind": kind, "Kinds": itemKinds, "Now": m.kit.Now()}})
}

func (m *Module) itemData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	a := kit.Actor(r)
	data := map[string]any{"Site": s, "Kinds": itemKinds, "CanPublish": m.may(r.Context(), a, PermEdit), "Now": m.kit.Now()}
	p := &web.Page{Title: "Nuevo contenido", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Contenidos", Href: "/portal/contenidos"},
		{Label: "Nuevo", Href: ""}}, Data: data}
	if itemID := r.PathValue("id"); itemID != "" {
		it, err := itemByID(r.Context(), m.kit.DB, s.EntityID, itemID)
		if err != nil {
			return nil, err
		}
		revs, err := revisions(r.Context(), m.kit.DB, s.EntityID, itemID)
		if err != nil {
			return nil, err
		}
		data["Item"], data["Revisions"] = it, revs
		p.Title = it.Title
		p.Crumbs[2].Label = it.Title
		if r.Method == http.MethodGet {
			p.Form = map[string]string{"tipo": it.Kind, "titulo": it.Title, "resumen": it.Summary, "cuerpo": it.Body,
				"lugar": it.Place, "evento_fecha": madridDate(it.EventAt), "evento_hora": madridClock(it.EventAt),
				"publicacion_fecha": madridDate(it.PublishAt), "publicacion_hora": madridClock(it.PublishAt),
				"orden": "", "menu": ""}
			if it.InMenu {
				p.Form["menu"] = "1"
			}
			if it.State == "publicado" {
				p.Form["publicar"] = "1"
			}
		}
	} else if r.Method == http.MethodGet {
		p.Form = map[string]string{"tipo": r.URL.Query().Get("tipo")}
	}
	return p, nil
}

func itemForm(r *http.Request) (ItemForm, errs.Fields) {
	var fe errs.Fields
	f := ItemForm{Kind: web.Field(r, "tipo"), Title: web.Field(r, "titulo"), Summary: web.Field(r, "resumen"),
		Body: web.Field(r, "cuerpo"), Place: web.Field(r, "lugar"), Publish: web.Field(r, "publicar") == "1",
		InMenu: web.Field(r, "menu") == "1"}
	f.PublishAt = formTime(r, "publicacion", "de publicación", &fe)
	f.EventAt = formTime(r, "evento", "del evento", &fe)
	f.MenuOrder = formInt(r, "orden", &fe)
	return f, fe
}

func (m *Module) itemCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 256<<10); err != nil {
		return err
	}
	f, fe := itemForm(r)
	var itemID string
	err := fe.Err()
	if err == nil {
		itemID, err = m.saveItem(r.Context(), kit.Actor(r), "", f)
	}
	return m.kit.AfterPost(w, r, err, "/portal/contenidos/"+itemID, "Contenido guardado.", "portal/item", m.itemData)
}

func (m *Module) itemUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 256<<10); err != nil {
		return err
	}
	f, fe := itemForm(r)
	a := kit.Actor(r)
	itemID := r.PathValue("id")
	err := fe.Err()
	if err == nil {
		_, err = m.saveItem(r.Context(), a, itemID, f)
	} else if _, nerr := itemByID(r.Context(), m.kit.DB, a.Entity.ID, itemID); nerr != nil {
		err = nerr
	}
	return m.kit.AfterPost(w, r, err, "/portal/contenidos/"+itemID, "Cambios guardados (nueva versión).", "portal/item", m.itemData)
}

func (m *Module) itemWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	if err := m.withdrawItem(r.Context(), kit.Actor(r), r.PathValue("id")); err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/portal/contenidos/"+r.PathValue("id"), "Contenido retirado del portal.")
}

// --- Diputación: sites and host names ---

func (m *Module) sitesData(r *http.Request) (*web.Page, error) {
	sites, err := allSites(r.Context(), m.kit.DB)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Portales de las entidades", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Portales", Href: ""}},
		Data: map[string]any{"Sites": sites, "DipAdmin": m.may(r.Context(), kit.Actor(r), PermHosts)}}, nil
}

// hostsPost sets the host names of an entity's portal and sede (Diputación
// administrators: they run the DNS and the certificates).
func (m *Module) hostsPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	s, err := siteOf(r.Context(), m.kit.DB, r.PathValue("entity"))
	if err != nil {
		return err
	}
	if err := m.kit.Access.Require(r.Context(), a, PermHosts, s.EntityID); err != nil {
		return err
	}
	host, sede := normalizeHost(web.Field(r, "dominio")), normalizeHost(web.Field(r, "dominio_sede"))
	var fe errs.Fields
	if msg := m.hostProblem(r, host, "www.aldeanuevadelcamino.es"); msg != "" {
		fe.Add("dominio", msg)
	}
	if msg := m.hostProblem(r, sede, "sede.aldeanuevadelcamino.es"); msg != "" {
		fe.Add("dominio_sede", msg)
	} else if sede != "" && sede == host {
		fe.Add("dominio_sede", "Escriba un nombre de dominio distinto del portal, como sede.aldeanuevadelcamino.es.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/sites", m.sitesData, err)
	}
	now := m.kit.Now()
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := ensureSite(r.Context(), tx, s, a.UserID, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(r.Context(), `UPDATE portal_sites SET host = $2, sede_host = $3, updated_at = $4, updated_by = $5
			WHERE entity_id = $1`, s.EntityID, db.NullString(host), db.NullString(sede), now, a.UserID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "Ese dominio ya está asignado a otra entidad.")
		}
		if err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.sitio.dominios",
			ObjectType: "portal_sitio", ObjectID: s.EntityID, Before: map[string]string{"host": s.Host, "sede": s.SedeHost},
			After: map[string]string{"host": host, "sede": sede}})
	})
	if err != nil {
		return err
	}
	m.hosts.forget()
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/sitios", "Dominios "+s.Of()+" guardados.")
}

// hostProblem says, in Spanish, why h ("" = none) cannot be an entity's
// own host name, or "". A name the platform itself answers to would send
// every request, the sign-in page included, to that entity's site and lock
// everyone out: the host of CONCEJO_BASE_URL, the host this administrator
// is using, localhost and IP addresses (loopback or not) are refused, and
// so is anything that is not a DNS host name.
func (m *Module) hostProblem(r *http.Request, h, example string) string {
	if h == "" {
		return ""
	}
	if ip := strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"); net.ParseIP(ip) != nil || h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return "Escriba un nombre de dominio, no una dirección IP ni «localhost», como " + example + "."
	}
	if !validHost(h) {
		return "Escriba un nombre de dominio válido, como " + example + "."
	}
	if h == normalizeHost(r.Host) || h == platformHost(m.kit.Config.Public()) {
		return "«" + h + "» es el dominio de la propia plataforma: asignado a una entidad, nadie podría entrar en la plataforma. " +
			"Escriba el dominio de la entidad, como " + example + "."
	}
	return ""
}

// platformHost is the host name of the platform's public address.
func platformHost(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return normalizeHost(u.Host)
}

// validHost accepts a lower-case DNS host name with at least one dot whose
// last label is not all digits (an IPv4 address in any notation is not a
// host name).
func validHost(h string) bool {
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	labels := strings.Split(h, ".")
	for _, label := range labels {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}
