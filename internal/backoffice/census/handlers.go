package census

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

var homeCrumb = web.Crumb{Label: "Padrón", Href: "/padron"}

var stateOptions = []option{{"", "Inscripciones vigentes"}, {"baja", "De baja"}, {"todas", "Todas"}}
var sortOptions = []option{{"", "Apellidos"}, {"alta", "Alta más reciente"}, {"nacimiento", "Fecha de nacimiento"}}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// row is an inscription in a list, with its address.
type row struct {
	Inscription
	Address string
	Age     int
}

func (m *Module) rows(ctx context.Context, entityID string, list []Inscription) ([]row, error) {
	ids := make([]string, 0, len(list))
	for _, i := range list {
		ids = append(ids, i.DwellingID)
	}
	addrs, err := territory.DwellingAddresses(ctx, m.kit.DB, entityID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]row, len(list))
	t := today()
	for k, i := range list {
		out[k] = row{Inscription: i, Address: addrs[i.DwellingID].Line(), Age: i.AgeAt(t)}
	}
	return out, nil
}

// searchPage is the padrón's home: search by name, document or address.
func (m *Module) searchPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	can, err := m.abilitiesOf(r.Context(), a)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := Filter{Text: strings.TrimSpace(q.Get("q")), Document: strings.TrimSpace(q.Get("documento")),
		Surname1: strings.TrimSpace(q.Get("apellido1")), State: q.Get("estado"), Sort: q.Get("orden")}
	if len([]rune(f.Text)) > 100 || len(f.Document) > 30 || len([]rune(f.Surname1)) > 60 {
		return errs.New(errs.Invalid, "La búsqueda es demasiado larga.")
	}
	if !hasOption(stateOptions, f.State) {
		f.State = ""
	}
	if !hasOption(sortOptions, f.Sort) {
		f.Sort = ""
	}
	street := strings.TrimSpace(q.Get("domicilio"))
	if len([]rune(street)) > 100 {
		return errs.New(errs.Invalid, "La búsqueda es demasiado larga.")
	}
	page, _ := strconv.Atoi(q.Get("pagina"))
	page = max(1, min(page, 10000))
	searched := f.Text != "" || f.Document != "" || surnameKey(f.Surname1) != "" || street != ""
	data := map[string]any{"Filter": f, "Street": street, "States": stateOptions, "Sorts": sortOptions,
		"Searched": searched, "Can": can, "Entity": a.Entity, "MaxCount": MaxCount}
	if searched {
		if street != "" {
			ds, err := territory.FindDwellings(ctx, m.kit.DB, a.Entity.ID, territory.DwellingQuery{Text: street, Limit: 500})
			if err != nil {
				return err
			}
			f.DwellingIDs = []string{}
			for _, d := range ds {
				f.DwellingIDs = append(f.DwellingIDs, d.DwellingID)
			}
		}
		f.Limit, f.Offset = 50, (page-1)*50
		list, total, err := search(ctx, m.kit.DB, a.Entity.ID, f)
		if err != nil {
			return err
		}
		// the look-up's row commits while the page is built; the page
		// leaves only once it is committed (see accessLog)
		detail := web.Join(" · ", f.Text, f.Surname1, f.Document, street)
		logged := m.access.add(accessRow{EntityID: a.Entity.ID, Action: "busqueda",
			Detail: fmt.Sprintf("%s (%d resultados)", detail, total), UserID: a.UserID, UserName: a.Name, IP: a.IP})
		rows, err := m.rows(ctx, a.Entity.ID, list)
		if err != nil {
			return err
		}
		vals := map[string]string{"q": f.Text, "apellido1": f.Surname1, "documento": f.Document, "domicilio": street,
			"estado": f.State, "orden": f.Sort}
		data["Rows"], data["Total"] = rows, total
		data["Pagination"] = web.Paginate(page, min(total, MaxCount), 50, func(n int) string { return "/padron" + web.ListQuery(vals, n) })
		held := &heldResponse{w: w}
		if err := m.kit.Page(held, r, "census/search", &web.Page{Title: "Padrón de habitantes", Data: data}); err != nil {
			return err
		}
		return held.release(ctx, logged)
	}
	return m.kit.Page(w, r, "census/search", &web.Page{Title: "Padrón de habitantes", Data: data})
}

// showPage is a person's inscription with its history; reading it is logged.
func (m *Module) showPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/inscription", m.inscriptionPage)
}

// inscriptionPage builds the page of an inscription (also to re-render its
// forms with errors).
func (m *Module) inscriptionPage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	can, err := m.abilitiesOf(r.Context(), a)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	i, err := getInscription(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := m.logAccess(ctx, a.Entity.ID, i.ID, "consulta", "Ficha de la inscripción", a.UserID, a.Name, a.IP); err != nil {
		return nil, err
	}
	addr, _ := territory.DwellingAddress(ctx, m.kit.DB, a.Entity.ID, i.DwellingID)
	vars, err := variationsOf(ctx, m.kit.DB, a.Entity.ID, i.ID)
	if err != nil {
		return nil, err
	}
	res, err := residencesOf(ctx, m.kit.DB, a.Entity.ID, i.ID)
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, x := range res {
		ids = append(ids, x.DwellingID)
	}
	for _, v := range vars {
		ids = append(ids, v.DwellingID)
	}
	addrs, err := territory.DwellingAddresses(ctx, m.kit.DB, a.Entity.ID, ids)
	if err != nil {
		return nil, err
	}
	for k := range res {
		res[k].Address = addrs[res[k].DwellingID].Line()
	}
	var members []row
	if i.Active {
		hh, err := household(ctx, m.kit.DB, a.Entity.ID, i.DwellingID)
		if err != nil {
			return nil, err
		}
		if members, err = m.rows(ctx, a.Entity.ID, hh); err != nil {
			return nil, err
		}
	}
	certs, err := certificatesOf(ctx, m.kit.DB, a.Entity.ID, i.ID)
	if err != nil {
		return nil, err
	}
	log, err := accessOf(ctx, m.kit.DB, a.Entity.ID, i.ID, 20)
	if err != nil {
		return nil, err
	}
	t := today()
	data := map[string]any{"I": i, "Address": addr, "Age": i.AgeAt(t), "Variations": vars, "Residences": res,
		"Members": members, "Certificates": certs, "Access": log, "Can": can, "Addrs": addrs,
		"Expired": i.Encsarp() && !i.ExpiresOn().After(t), "Today": t}
	return &web.Page{Title: i.FullName(), Crumbs: []web.Crumb{homeCrumb}, Data: data}, nil
}

// householdPage is the hoja padronal of a dwelling: who lives there now and
// who lived there before.
func (m *Module) householdPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	can, err := m.abilitiesOf(r.Context(), a)
	if err != nil {
		return err
	}
	ctx := r.Context()
	addr, err := territory.DwellingAddress(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	hh, err := household(ctx, m.kit.DB, a.Entity.ID, addr.DwellingID)
	if err != nil {
		return err
	}
	members, err := m.rows(ctx, a.Entity.ID, hh)
	if err != nil {
		return err
	}
	former, err := formerResidents(ctx, m.kit.DB, a.Entity.ID, addr.DwellingID)
	if err != nil {
		return err
	}
	type formerRow struct {
		Residence
		Name string
	}
	var fr []formerRow
	for _, f := range former {
		i, err := getInscription(ctx, m.kit.DB, a.Entity.ID, f.InscriptionID)
		if err != nil {
			return err
		}
		fr = append(fr, formerRow{f, i.SortName()})
	}
	var sheet int64
	m.kit.DB.QueryRowContext(ctx, `SELECT number FROM census_sheets WHERE entity_id = $1 AND dwelling_id = $2`,
		a.Entity.ID, addr.DwellingID).Scan(&sheet)
	if err := m.logAccess(ctx, a.Entity.ID, "", "consulta", "Hoja padronal de "+addr.Line(), a.UserID, a.Name, a.IP); err != nil {
		return err
	}
	data := map[string]any{"Address": addr, "Members": members, "Former": fr, "Sheet": sheet, "Can": can}
	return m.kit.Page(w, r, "census/household", &web.Page{Title: "Hoja padronal: " + addr.Line(),
		Crumbs: []web.Crumb{homeCrumb}, Data: data})
}

// entityOf is the current entity of the actor (used in links and titles).
func entityOf(a *auth.Actor) auth.EntityRef { return a.Entity }

func qs(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
