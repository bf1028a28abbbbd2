package registry

import (
	"net/http"
	"slices"

	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

type pendingData struct {
	Rows    []pendingRow
	MyUnits int
	Admin   bool
}

// pendingRow is an asiento waiting at a unit.
type pendingRow struct {
	listRow
	StepUnitID, StepUnit string
}

// pendingPage is the pending work of the actor's units (every unit for
// the registry's administrator).
func (m *Module) pendingPage(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), kit.Actor(r)
	wh, units, anyUnit, err := m.pendingWhere(ctx, a)
	if err != nil {
		return err
	}
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (p pendingRow, err error) {
		p.entryRow, err = scanEntryWith(sc, &p.StepUnitID, &p.StepUnit)
		return p, err
	}, `SELECT `+entryColumnsE+`, d.unit_id, u.name FROM registry_distributions d
		JOIN registry_entries e ON e.entity_id = d.entity_id AND e.id = d.entry_id
		JOIN registry_units u ON u.entity_id = d.entity_id AND u.id = d.unit_id`+wh.SQL()+`
		ORDER BY d.sent_at LIMIT 500`, wh.Args...)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "registry/pending", &web.Page{Title: "Asientos pendientes de mis unidades",
		Crumbs: []web.Crumb{crumbRegistro}, Data: &pendingData{Rows: rows, MyUnits: units, Admin: anyUnit}})
}

// bookYear is a book's figures for one year.
type bookYear struct {
	Book       string
	Year, Last int64
	Entries    int64
}

func (m *Module) booksPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (b bookYear, err error) {
		err = sc.Scan(&b.Book, &b.Year, &b.Last, &b.Entries)
		return b, err
	}, `SELECT c.book, c.year, c.last, (SELECT COUNT(*) FROM registry_entries e WHERE e.entity_id = c.entity_id
		AND e.book = c.book AND e.year = c.year) FROM registry_counters c WHERE c.entity_id = $1 AND c.book IN ('E', 'S')
		ORDER BY c.year DESC, c.book`, kit.Actor(r).Entity.ID)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "registry/books", &web.Page{Title: "Libros de registro", Crumbs: []web.Crumb{crumbRegistro},
		Data: rows})
}

type unitsData struct {
	Units     []unit
	CanConfig bool
}

func (m *Module) unitsPageData(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	units, err := unitsOf(ctx, m.kit.DB, a.Entity.ID, false)
	if err != nil {
		return nil, err
	}
	canConfig, err := m.kit.Access.CanHere(ctx, a, PermConfigure)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Unidades de tramitación", Crumbs: []web.Crumb{crumbRegistro},
		Data: &unitsData{Units: units, CanConfig: canConfig}, Form: map[string]string{}}, nil
}

func (m *Module) unitsPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/units", m.unitsPageData)
}

func (m *Module) unitCreatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	uid, err := m.createUnit(r.Context(), kit.Actor(r), web.Field(r, "nombre"), web.Field(r, "dir3"))
	return m.kit.AfterPost(w, r, err, "/registro/unidades/"+uid, "Unidad creada. Añada ahora a sus miembros.",
		"registry/units", func(r *http.Request) (*web.Page, error) {
			p, err := m.unitsPageData(r)
			if err == nil {
				p.Form["nombre"], p.Form["dir3"] = web.Field(r, "nombre"), web.Field(r, "dir3")
			}
			return p, err
		})
}

type unitData struct {
	U         unit
	Members   []member
	Pending   []pendingRow
	CanConfig bool
}

func (m *Module) unitPageData(r *http.Request) (*web.Page, error) {
	ctx, a := r.Context(), kit.Actor(r)
	x, err := m.reachOf(ctx, a)
	if err != nil {
		return nil, err
	}
	u, err := unitByID(ctx, m.kit.DB, x.entityID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	members, err := entityMembers(ctx, m.kit.DB, x.entityID, u.ID)
	if err != nil {
		return nil, err
	}
	d := &unitData{U: u, Members: members}
	if d.CanConfig, err = m.kit.Access.CanHere(ctx, a, PermConfigure); err != nil {
		return nil, err
	}
	if x.whole || slices.Contains(x.units, u.ID) {
		d.Pending, err = db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (p pendingRow, err error) {
			p.entryRow, err = scanEntryWith(sc)
			return p, err
		}, `SELECT `+entryColumnsE+` FROM registry_distributions d
			JOIN registry_entries e ON e.entity_id = d.entity_id AND e.id = d.entry_id
			WHERE d.entity_id = $1 AND d.unit_id = $2 AND d.state = 'pendiente' ORDER BY d.sent_at LIMIT 500`, x.entityID, u.ID)
		if err != nil {
			return nil, err
		}
	}
	return &web.Page{Title: u.Name, Crumbs: []web.Crumb{crumbRegistro, {Label: "Unidades", Href: "/registro/unidades"}},
		Data: d, Form: map[string]string{}}, nil
}

func (m *Module) unitPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "registry/unit", m.unitPageData)
}

// unitPost handles a form posted to the unit of the path: change, then
// back to the unit's page with flash (or that page again with the error).
func (m *Module) unitPost(flash string, change func(r *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := web.ParseForm(w, r, web.MaxForm); err != nil {
			return err
		}
		return m.kit.AfterPost(w, r, change(r), "/registro/unidades/"+r.PathValue("id"), flash, "registry/unit", m.unitPageData)
	}
}

func (m *Module) unitMemberPost(add bool) func(http.ResponseWriter, *http.Request) error {
	flash := "Persona añadida a la unidad."
	if !add {
		flash = "Persona quitada de la unidad."
	}
	return m.unitPost(flash, func(r *http.Request) error {
		return m.setUnitMember(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "usuario"), add)
	})
}

func (m *Module) unitActivePost(active bool) func(http.ResponseWriter, *http.Request) error {
	flash := "Unidad dada de alta de nuevo."
	if !active {
		flash = "Unidad dada de baja: ya no recibe asientos."
	}
	return m.unitPost(flash, func(r *http.Request) error {
		return m.setUnitActive(r.Context(), kit.Actor(r), r.PathValue("id"), active)
	})
}
