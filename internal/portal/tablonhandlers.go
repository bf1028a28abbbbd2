package portal

import (
	"net/http"
	"strings"

	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

func (m *Module) registerPublicTablon(pub func(string, web.HandlerFunc)) {
	pub("/tablon", m.page("Tablón de anuncios", m.tablonView(false)))
	pub("/tablon/archivo", m.page("Tablón de anuncios", m.tablonView(true)))
	pub("/tablon/{id}", m.page("Tablón de anuncios", m.edictView))
	pub("/tablon/{id}/diligencia.pdf", m.edictCertificatePublic)
}

func (m *Module) tablonView(archive bool) builder {
	return func(r *http.Request, s *Site, v *view) (string, error) {
		var list []Edict
		var err error
		if archive {
			list, err = endedEdicts(r.Context(), m.kit.DB, s.EntityID, v.Now)
			v.Title = "Archivo del tablón de anuncios"
		} else {
			list, err = exposedEdicts(r.Context(), m.kit.DB, s.EntityID, v.Now)
			v.Title = "Tablón de anuncios"
		}
		if err != nil {
			return "", err
		}
		v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Tablón de anuncios", Href: s.Base + "/tablon"}}
		if !archive {
			v.Crumbs = v.Crumbs[:1]
			v.Crumbs = append(v.Crumbs, web.Crumb{Label: "Tablón de anuncios"})
		} else {
			v.Crumbs = append(v.Crumbs, web.Crumb{Label: "Archivo"})
		}
		v.Description = "Edictos y anuncios " + s.Of() + " en exposición pública."
		v.Data = map[string]any{"Edicts": list, "Archive": archive}
		return "tablon", nil
	}
}

// edictView shows an edict published by now (exposed or archived).
func (m *Module) edictView(r *http.Request, s *Site, v *view) (string, error) {
	e, err := edictByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if e.StateAt(v.Now) == EdictScheduled {
		return "", errs.ErrNotFound
	}
	v.Title = e.Title
	v.Description = e.Kind + " " + e.Number + " " + s.Of()
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Tablón de anuncios", Href: s.Base + "/tablon"}, {Label: e.Number, Href: ""}}
	v.Data = e
	return "edict", nil
}

func (m *Module) edictCertificatePublic(w http.ResponseWriter, r *http.Request) error {
	s, err := m.resolve(r)
	if err != nil {
		return err
	}
	e, err := edictByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if e.CertCSV == "" {
		return errs.ErrNotFound
	}
	return m.serveDocument(w, r, e.CertCSV)
}

func (m *Module) serveDocument(w http.ResponseWriter, r *http.Request, code string) error {
	d, err := csvdoc.Lookup(r.Context(), m.kit.DB, code)
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: d.Filename, ContentType: d.ContentType, Content: d.Content, Inline: true})
}

// --- editors ---

func (m *Module) edictsData(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	site, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	list, err := allEdicts(r.Context(), m.kit.DB, site.EntityID)
	if err != nil {
		return nil, err
	}
	p := &web.Page{Title: "Tablón de anuncios", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Tablón de anuncios", Href: ""}},
		Data: map[string]any{"Site": site, "Edicts": list, "Now": m.kit.Now(), "Kinds": edictKinds, "CanPublish": m.may(r.Context(), a, PermOfficial)}}
	if r.Method == http.MethodGet {
		p.Form = map[string]string{"plazo": "20", "unidad": UnitWorkingDays}
	}
	return p, nil
}

func (m *Module) edictCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 256<<10); err != nil {
		return err
	}
	var fe errs.Fields
	f := EdictForm{Kind: web.Field(r, "tipo"), Title: web.Field(r, "titulo"), Body: web.Field(r, "texto"),
		Unit: web.Field(r, "unidad"), Corrects: web.Field(r, "corrige")}
	f.PublishAt = formTime(r, "publicacion", "de publicación", &fe)
	f.Period = formInt(r, "plazo", &fe)
	e, err := m.createEdict(r.Context(), kit.Actor(r), f, fe)
	return m.kit.AfterPost(w, r, err, "/portal/tablon/"+e.ID, "Anuncio "+e.Number+" fijado: se publicará y retirará solo en las fechas indicadas.",
		"portal/edicts", m.edictsData)
}

func (m *Module) edictPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	site, err := m.editorSite(r)
	if err != nil {
		return err
	}
	e, err := edictByID(r.Context(), m.kit.DB, site.EntityID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "portal/edict", &web.Page{Title: "Anuncio " + e.Number,
		Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Tablón de anuncios", Href: "/portal/tablon"}, {Label: e.Number, Href: ""}},
		Data: map[string]any{"Site": site, "Edict": e, "Now": m.kit.Now(), "CanPublish": m.may(r.Context(), a, PermOfficial),
			"Paragraphs": paragraphs(e.Body)}})
}

func (m *Module) edictCertificate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	code, err := m.issueCertificate(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/portal/tablon/"+r.PathValue("id"), "Diligencia expedida con el código seguro de verificación "+code+".")
}

func (m *Module) edictCertificateDownload(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	e, err := edictByID(r.Context(), m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if e.CertCSV == "" {
		return errs.ErrNotFound
	}
	return m.serveDocument(w, r, e.CertCSV)
}

// paragraphs splits a text on blank lines.
func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
