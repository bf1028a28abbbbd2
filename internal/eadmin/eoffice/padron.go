package eoffice

import (
	"errors"
	"net/http"

	"concejo/internal/backoffice/census"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// The identified citizen's own data in the padrón of the sede's entity and
// his volante de empadronamiento, issued at once as the office issues it
// (sealed PDF with CSV). The person is always the one of the citizen
// session, bound to this sede: no request names a document, so nobody gets
// anybody else's data, and another town's sede never shows this town's.

type censusData struct {
	Site       Site
	Record     census.OwnRecord
	Registered bool
}

// myCensus shows the citizen what the padrón holds of him, or that he is
// not inscribed in this municipality (a 404 page that says so).
func (m *Module) myCensus(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	p.Title, p.Section = "Mis datos en el padrón", "padron"
	p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)}, {Label: p.Title}}
	rec, err := census.OwnInscription(r.Context(), m.kit.DB, s.E.ID, p.Citizen.NIF)
	status := http.StatusOK
	switch {
	case errors.Is(err, db.ErrNotFound):
		status = http.StatusNotFound
	case err != nil:
		return err
	}
	p.Data = censusData{Site: s, Record: rec, Registered: err == nil}
	return m.render(w, r, status, "padron", p)
}

// myVolante issues the citizen's volante de empadronamiento and sends it.
func (m *Module) myVolante(w http.ResponseWriter, r *http.Request) error {
	p, s, ok, err := m.requireCitizen(w, r)
	if !ok || err != nil {
		return err
	}
	if m.Padron == nil {
		return errs.ErrNotFound
	}
	_, pdf, err := m.Padron.IssueOwnVolante(r.Context(), s.E.ID, s.E.Name, p.Citizen.NIF)
	if errors.Is(err, db.ErrNotFound) {
		return errs.New(errs.NotFound, "No figura inscrito en el Padrón municipal de habitantes "+s.E.Of()+
			" con el NIF "+p.Citizen.NIF+", así que no podemos expedirle un volante. Si vive en el municipio, pida el alta en el padrón.")
	}
	if err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: "volante-empadronamiento.pdf", ContentType: "application/pdf", Content: pdf})
}
