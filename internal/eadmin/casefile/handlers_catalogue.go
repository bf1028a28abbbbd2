package casefile

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/plazo"
	"concejo/internal/platform/web"
)

var crumbCatalogue = web.Crumb{Label: "Procedimientos", Href: "/procedimientos"}

type catalogueData struct {
	Procedures []Procedure
	// Models are the Diputación's model procedures, with the entity's
	// procedure adopted from each ("" when not adopted).
	Models       []Definition
	Adopted      map[string]string
	CanConfigure bool
}

func (m *Module) cataloguePage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	procs, err := procedures(ctx, m.kit.DB, a.Entity.ID, false)
	if err != nil {
		return err
	}
	models, err := Models()
	if err != nil {
		return err
	}
	can, err := m.kit.Access.CanHere(ctx, a, PermConfigure)
	if err != nil {
		return err
	}
	d := &catalogueData{Procedures: procs, Models: models, Adopted: adoptedCodes(procs), CanConfigure: can}
	return m.kit.Page(w, r, "casefile/catalogue", &web.Page{Title: "Catálogo de procedimientos",
		Crumbs: []web.Crumb{crumbExpedientes}, Data: d})
}

func (m *Module) adoptPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<16); err != nil {
		return err
	}
	p, err := m.Adopt(r.Context(), kit.Actor(r), kit.Actor(r).Entity.ID, web.Field(r, "modelo"))
	if errs.KindOf(err) == errs.NotFound {
		return errs.New(errs.Invalid, "Elija un procedimiento del catálogo de la Diputación.")
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/procedimientos/"+p.ID, "Procedimiento «"+p.Name+"» incorporado al catálogo de la entidad. Adáptelo si hace falta.")
}

type procedureData struct {
	Procedure    Procedure
	Model        bool
	CanConfigure bool
	Units        []plazo.Unit
	Silences     []Silence
	Phases       []Phase
}

func (m *Module) procedurePage(w http.ResponseWriter, r *http.Request) error {
	return m.showProcedure(w, r, nil)
}

func (m *Module) showProcedure(w http.ResponseWriter, r *http.Request, err error) error {
	ctx, a := r.Context(), kit.Actor(r)
	p, perr := procedureByID(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if isNotFound(perr) {
		return errs.ErrNotFound
	}
	if perr != nil {
		return perr
	}
	can, cerr := m.kit.Access.CanHere(ctx, a, PermConfigure)
	if cerr != nil {
		return cerr
	}
	page := &web.Page{Title: p.Name, Crumbs: []web.Crumb{crumbExpedientes, crumbCatalogue}, Form: formOf(r),
		Data: &procedureData{Procedure: p, CanConfigure: can, Units: plazo.Units[:4], Silences: silences, Phases: Phases}}
	if err != nil {
		return m.kit.FormPage(w, r, "casefile/procedure", page, err)
	}
	return m.kit.Page(w, r, "casefile/procedure", page)
}

var silences = []Silence{SilenceGrant, SilenceDeny, SilenceExpires}

// modelPage shows a model procedure of the Diputación.
func (m *Module) modelPage(w http.ResponseWriter, r *http.Request) error {
	models, err := Models()
	if err != nil {
		return err
	}
	for _, d := range models {
		if d.Code == r.PathValue("code") {
			ctx, a := r.Context(), kit.Actor(r)
			crumbs, err := m.catalogueCrumbs(ctx, a)
			if err != nil {
				return err
			}
			can, err := m.kit.Access.CanHere(ctx, a, PermConfigure)
			if err != nil {
				return err
			}
			return m.kit.Page(w, r, "casefile/procedure", &web.Page{Title: d.Name, Crumbs: crumbs,
				Data: &procedureData{Procedure: Procedure{Definition: d, Active: true}, Model: true, CanConfigure: can}})
		}
	}
	return errs.ErrNotFound
}

// catalogueCrumbs lead a model procedure up to the expedientes and the
// entity's catalogue for who may open them; the Diputación, which reads the
// models from the province's figures, has no expedientes of its own.
func (m *Module) catalogueCrumbs(ctx context.Context, a *auth.Actor) ([]web.Crumb, error) {
	err := m.kit.Access.Gate(ctx, a, PermRead)
	switch {
	case errs.KindOf(err) == errs.Forbidden:
		return nil, nil
	case err != nil:
		return nil, err
	}
	return []web.Crumb{crumbExpedientes, crumbCatalogue}, nil
}

func (m *Module) adaptPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, 1<<20); err != nil {
		return err
	}
	ctx, a := r.Context(), kit.Actor(r)
	p, err := procedureByID(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if isNotFound(err) {
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	next := p.Definition
	next.Name, next.Summary, next.Area = web.Field(r, "nombre"), web.Field(r, "resumen"), web.Field(r, "area")
	next.Basis, next.Initiation = web.Field(r, "base"), Initiation(web.Field(r, "iniciacion"))
	next.Silence, next.Sede = Silence(web.Field(r, "silencio")), web.Field(r, "sede") == "si"
	next.MaxTerm = plazo.Term{N: atoi(web.Field(r, "plazo_n")), Unit: plazo.Unit(web.Field(r, "plazo_unidad"))}
	next.Requirements = strings.Split(r.PostFormValue("requisitos"), "\n")
	next.Steps = nil
	for _, s := range p.Steps {
		c := Step{Code: s.Code, Required: web.Field(r, "obligatorio_"+s.Code) == "si"}
		if n := atoi(web.Field(r, "plazo_n_"+s.Code)); n > 0 {
			c.Term = &plazo.Term{N: n, Unit: plazo.Unit(web.Field(r, "plazo_unidad_"+s.Code))}
		}
		next.Steps = append(next.Steps, c)
	}
	_, err = m.Adapt(ctx, a, a.Entity.ID, p.ID, next, web.Field(r, "activo") == "si")
	if _, ok := errs.AsFields(err); ok {
		return m.showProcedure(w, r, err)
	}
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/procedimientos/"+p.ID, "Procedimiento guardado. Los expedientes ya abiertos siguen con el diseño con que se abrieron.")
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
