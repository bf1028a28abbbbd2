package eoffice

import (
	"net/http"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/web"
)

// VolanteProcedure is the code, in the catalogue, of the volante o
// certificado de empadronamiento: its page offers the identified citizen
// his volante at once (padron.go).
const VolanteProcedure = "PADRON-VOLANTE"

type procedureData struct {
	Site Site
	P    Procedure
	// Volante says the page offers the citizen's own volante at once.
	Volante bool
}

// procedure is the page of one procedure of the catalogue: what it is, who
// may ask for it and with which documents, what it costs, who resolves, in
// what plazo and with what silence, and how to start it.
func (m *Module) procedure(w http.ResponseWriter, r *http.Request) error {
	p, s, err := m.publicPage(r, "Procedimiento", "procedimientos")
	if err != nil {
		return err
	}
	code := r.PathValue("codigo")
	list, err := m.catalogue(r.Context(), s.E.ID, "")
	if err != nil {
		return err
	}
	for _, proc := range list {
		if proc.Code != code {
			continue
		}
		p.Title = proc.Name
		p.Crumbs = []web.Crumb{{Label: "Sede electrónica", Href: homeOf(r, s.E)},
			{Label: "Procedimientos", Href: rootOf(r, s.E) + "/procedimientos"}, {Label: proc.Name}}
		p.Data = procedureData{Site: s, P: proc, Volante: proc.Code == VolanteProcedure}
		return m.render(w, r, http.StatusOK, "procedure", p)
	}
	return errs.New(errs.NotFound, "El catálogo "+s.E.Of()+" no tiene ningún procedimiento con el código «"+trunc(code, 40)+"». Búsquelo en el catálogo de procedimientos.")
}
