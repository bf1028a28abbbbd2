package dir3

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

const (
	pageSize = 25
	// listed caps the dependent units and offices a page lists.
	listed = 100
	// MaxFile is the largest file an import takes (the ZIP of the whole
	// state's units is some tens of megabytes).
	MaxFile = 200 << 20
)

var crumbDir3 = web.Crumb{Label: "Directorio DIR3", Href: "/dir3"}

// option is a value and its label for selects.
type option struct{ Value, Label string }

type searchData struct {
	Rows       []Unit
	Total      int
	Filter     map[string]string
	Levels     []option
	Pagination web.Pagination
	Searched   bool
	Empty      bool
	CanImport  bool
	// Latest is the last import that finished, shown before a search.
	Latest *Import
	// Office is the office whose code was searched.
	Office *Office
}

// searchFrom reads the search of a request (unknown values are dropped).
func searchFrom(r *http.Request) (string, SearchOptions, int, map[string]string) {
	q := r.URL.Query()
	v := map[string]string{"q": strings.TrimSpace(q.Get("q")), "nivel": q.Get("nivel"), "todas": q.Get("todas")}
	if len([]rune(v["q"])) > 200 {
		v["q"] = string([]rune(v["q"])[:200])
	}
	var opts SearchOptions
	if n, err := strconv.Atoi(v["nivel"]); err == nil && AdminLevel(n).known() {
		opts.AdminLevel = AdminLevel(n)
	} else {
		v["nivel"] = ""
	}
	if v["todas"] == "1" {
		opts.All = true
	} else {
		v["todas"] = ""
	}
	page, _ := strconv.Atoi(q.Get("pagina"))
	if page < 1 || page > 10000 {
		page = 1
	}
	opts.Limit, opts.Offset = pageSize, (page-1)*pageSize
	return v["q"], opts, page, v
}

func levelOptions() []option {
	out := []option{{"", "Todas las administraciones"}}
	for _, l := range AdminLevels {
		out = append(out, option{strconv.Itoa(int(l)), l.Label()})
	}
	return out
}

func (m *Module) searchPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	text, opts, page, v := searchFrom(r)
	d := searchData{Filter: v, Levels: levelOptions(), Searched: text != "" || v["nivel"] != "" || v["todas"] != ""}
	var err error
	if d.Searched {
		if d.Rows, d.Total, err = searchUnits(ctx, m.kit.DB, m.kit.DB.Engine, text, opts); err != nil {
			return err
		}
		if code := normCode(text); codeRe.MatchString(code) {
			o, err := officeByCode(ctx, m.kit.DB, code)
			switch {
			case err == nil:
				d.Office = &o
			case !errors.Is(err, errs.NotFound):
				return err
			}
		}
		d.Pagination = web.Paginate(page, d.Total, pageSize, func(p int) string { return "/dir3" + web.ListQuery(v, p) })
	}
	if d.Total == 0 {
		has, err := hasData(ctx, m.kit.DB)
		if err != nil {
			return err
		}
		d.Empty = !has
	}
	if !d.Searched && !d.Empty {
		if d.Latest, err = latestImport(ctx, m.kit.DB); err != nil {
			return err
		}
	}
	if d.CanImport, err = m.kit.Access.CanHere(ctx, kit.Actor(r), PermImport); err != nil {
		return err
	}
	return m.kit.Page(w, r, "dir3/search", &web.Page{Title: "Directorio Común de unidades y oficinas (DIR3)", Data: d})
}

type unitData struct {
	Unit       Unit
	Superiors  []Unit
	Children   []Unit
	ChildCount int
	SIR        []Office
	Org        []Office
	// Inherited is the SIR office of a superior unit when the unit has none of its own.
	Inherited *Office
}

func (m *Module) unitPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := unitByCode(ctx, m.kit.DB, normCode(r.PathValue("code")))
	if err != nil {
		return err
	}
	d := unitData{Unit: u}
	if d.Superiors, err = m.superiors(r, u); err != nil {
		return err
	}
	if d.Children, d.ChildCount, err = children(ctx, m.kit.DB, u.Code, listed); err != nil {
		return err
	}
	if d.SIR, err = linkedOffices(ctx, m.kit.DB, linkSIR, u.Code); err != nil {
		return err
	}
	if d.Org, err = linkedOffices(ctx, m.kit.DB, linkOrg, u.Code); err != nil {
		return err
	}
	if len(d.SIR) == 0 && u.SuperiorCode != "" && u.SuperiorCode != u.Code {
		o, err := m.SIROffice(ctx, u.SuperiorCode)
		switch {
		case err == nil:
			d.Inherited = &o
		case !errors.Is(err, errs.NotFound):
			return err
		}
	}
	crumbs := []web.Crumb{crumbDir3}
	for _, s := range d.Superiors {
		crumbs = append(crumbs, web.Crumb{Label: s.Name, Href: "/dir3/unidades/" + s.Code})
	}
	return m.kit.Page(w, r, "dir3/unit", &web.Page{Title: u.Name, Crumbs: crumbs, Data: d})
}

// superiors returns the units above u, from its root down to its superior.
func (m *Module) superiors(r *http.Request, u Unit) ([]Unit, error) {
	var chain []Unit
	seen := map[string]bool{u.Code: true}
	for code := u.SuperiorCode; code != "" && !seen[code] && len(chain) < 20; {
		seen[code] = true
		s, err := unitByCode(r.Context(), m.kit.DB, code)
		if errors.Is(err, errs.NotFound) {
			break // a superior the directory does not hold (a partial file)
		}
		if err != nil {
			return nil, err
		}
		chain = append([]Unit{s}, chain...)
		code = s.SuperiorCode
	}
	return chain, nil
}

type officeData struct {
	Office             Office
	Unit               *Unit
	SIR, Org           []Unit
	SIRCount, OrgCount int
}

func (m *Module) officePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := officeByCode(ctx, m.kit.DB, normCode(r.PathValue("code")))
	if err != nil {
		return err
	}
	d := officeData{Office: o}
	if o.UnitCode != "" {
		us, err := unitsByCodes(ctx, m.kit.DB, []string{o.UnitCode})
		if err != nil {
			return err
		}
		if len(us) == 1 {
			d.Unit = &us[0]
		}
	}
	if d.SIR, d.SIRCount, err = linkedUnits(ctx, m.kit.DB, linkSIR, o.Code, listed); err != nil {
		return err
	}
	if d.Org, d.OrgCount, err = linkedUnits(ctx, m.kit.DB, linkOrg, o.Code, listed); err != nil {
		return err
	}
	return m.kit.Page(w, r, "dir3/office", &web.Page{Title: o.Name, Crumbs: []web.Crumb{crumbDir3}, Data: d})
}

var crumbImports = web.Crumb{Label: "Importaciones", Href: "/dir3/importaciones"}

func (m *Module) importsData(r *http.Request) (*web.Page, error) {
	list, err := m.Imports(r.Context(), kit.Actor(r))
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Importaciones del DIR3", Crumbs: []web.Crumb{crumbDir3}, Data: list}, nil
}

func (m *Module) importsPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "dir3/imports", m.importsData)
}

func (m *Module) importPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxFile+(64<<10)); err != nil {
		return err
	}
	upload, err := web.FormFile(r, "fichero", MaxFile)
	if err != nil {
		return err
	}
	name, content := upload.Name, upload.Content
	var id string
	switch {
	case len(content) == 0:
		err = fileError("Elija el fichero del DIR3 que quiere importar.")
	case len(content) > MaxFile:
		err = errs.New(errs.TooLarge, "El fichero pasa de 200 MB.")
	default:
		id, err = m.StartImport(r.Context(), kit.Actor(r), name, content, web.Field(r, "completo") == "1")
		if errs.KindOf(err) == errs.Invalid {
			if _, ok := errs.AsFields(err); !ok {
				err = fileError(err.Error())
			}
		}
	}
	return m.kit.AfterPost(w, r, err, "/dir3/importaciones/"+id,
		"El fichero es válido y se está importando: esta página muestra el resultado cuando termine.", "dir3/imports", m.importsData)
}

func fileError(msg string) error {
	var f errs.Fields
	f.Add("fichero", msg)
	return f.Err()
}

type importData struct {
	Import   Import
	Warnings []Warning
}

func (m *Module) importPage(w http.ResponseWriter, r *http.Request) error {
	im, warnings, err := m.ImportResult(r.Context(), kit.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "dir3/import", &web.Page{Title: "Importación de " + im.FileName,
		Crumbs: []web.Crumb{crumbDir3, crumbImports}, Data: importData{im, warnings}})
}
