package auditlog

import (
	"net/http"
	"strconv"

	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var logCrumb = web.Crumb{Label: "Auditoría", Href: "/auditoria"}

func (m *Module) listPage(w http.ResponseWriter, r *http.Request) error {
	q := parseQuery(r.URL.Query())
	d, err := m.browse(r.Context(), kit.Actor(r), q)
	p := &web.Page{Title: "Registro de auditoría", Crumbs: []web.Crumb{{Label: "Auditoría"}}, Data: d, Form: q.form()}
	if err != nil {
		if d == nil {
			return err
		}
		return m.kit.FormPage(w, r, "auditlog/list", p, err)
	}
	return m.kit.Page(w, r, "auditlog/list", p)
}

func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	d, err := m.record(r.Context(), kit.Actor(r), r.PathValue("seq"))
	if err != nil {
		return err
	}
	label := "Cambio nº " + strconv.FormatInt(d.R.Seq, 10)
	return m.kit.Page(w, r, "auditlog/record", &web.Page{Title: label, Crumbs: []web.Crumb{logCrumb, {Label: label}}, Data: d})
}

func (m *Module) verifyPage(w http.ResponseWriter, r *http.Request) error {
	d, err := m.verify(r.Context())
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "auditlog/verify", &web.Page{Title: "Verificar el registro de auditoría",
		Crumbs: []web.Crumb{logCrumb, {Label: "Verificar la cadena"}}, Data: d})
}
