package adhesions

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// Standing of the current entity towards a service, as the catalogue shows it.
const (
	standingAdhered = "adherida"
	standingPending = "en_curso"
	standingCan     = "puede"
	standingCannot  = "no_puede"
)

// card is a service as the catalogue shows it to one actor.
type card struct {
	Service
	Who        string
	Adhered    int
	Standing   string
	Reason     string
	Open       openAdhesion
	CanRequest bool
}

// category groups the catalogue's services.
type category struct {
	Name     string
	Services []card
}

// catalogueData is what /servicios shows.
type catalogueData struct {
	Categories []category
	Entity     auth.EntityRef
	ShowState  bool
}

// showsStanding reports whether the actor's current entity is one that adheres to services.
func showsStanding(a *auth.Actor) bool {
	return a.Entity.ID != "" && a.Entity.Kind != "diputacion"
}

// standings computes the current entity's standing for each service.
type standings struct {
	ent   directory.Entity
	open  map[string]openAdhesion
	rules map[string][]Rule
	can   bool
}

func (m *Module) loadStandings(ctx context.Context, a *auth.Actor, code string) (*standings, error) {
	if !showsStanding(a) {
		return nil, nil
	}
	ent, err := loadEntity(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return nil, err
	}
	open, err := openAdhesions(ctx, m.kit.DB, ent.ID)
	if err != nil {
		return nil, err
	}
	rules, err := rulesOf(ctx, m.kit.DB, code)
	if err != nil {
		return nil, err
	}
	can, err := m.kit.Access.Can(ctx, a, PermRequest, ent.ID)
	if err != nil {
		return nil, err
	}
	return &standings{ent: ent, open: open, rules: rules, can: can}, nil
}

func (st *standings) fill(c *card) {
	if st == nil {
		return
	}
	if o, ok := st.open[c.Code]; ok {
		c.Open = o
		c.Standing = standingPending
		if o.State == "activa" {
			c.Standing = standingAdhered
		}
		return
	}
	ok, reason := evaluate(st.ent, c.Service, st.rules[c.Code])
	if ok {
		c.Standing, c.CanRequest = standingCan, st.can
		return
	}
	c.Standing, c.Reason = standingCannot, reason
}

// catalogue lists the services by category with the actor's entity's standing.
func (m *Module) catalogue(ctx context.Context, a *auth.Actor) (catalogueData, error) {
	d := catalogueData{Entity: a.Entity, ShowState: showsStanding(a)}
	svcs, err := listServices(ctx, m.kit.DB)
	if err != nil {
		return d, err
	}
	rules, err := rulesOf(ctx, m.kit.DB, "")
	if err != nil {
		return d, err
	}
	counts, err := adheredCounts(ctx, m.kit.DB)
	if err != nil {
		return d, err
	}
	st, err := m.loadStandings(ctx, a, "")
	if err != nil {
		return d, err
	}
	withdrawn, err := m.kit.Access.Can(ctx, a, PermWithdrawn, a.Entity.ID)
	if err != nil {
		return d, err
	}
	index := map[string]int{}
	for _, s := range svcs {
		if !s.Active && !withdrawn {
			continue
		}
		c := card{Service: s, Who: DescribeRules(rules[s.Code]), Adhered: counts[s.Code]}
		st.fill(&c)
		i, ok := index[s.Category]
		if !ok {
			i = len(d.Categories)
			index[s.Category] = i
			d.Categories = append(d.Categories, category{Name: s.Category})
		}
		d.Categories[i].Services = append(d.Categories[i].Services, c)
	}
	return d, nil
}

// kindForm is one row of the eligibility form.
type kindForm struct{ Kind, Label string }

// serviceData is what /servicios/{code} shows.
type serviceData struct {
	Card      card
	Rules     []Rule
	Current   Conditions
	Older     []Conditions
	Roles     []Role
	ShowState bool
	Entity    auth.EntityRef
	IsAdmin   bool
	Kinds     []kindForm
}

var kindLabels = []kindForm{
	{"ayuntamiento", "Ayuntamientos"},
	{"elm", "Entidades locales menores"},
	{"mancomunidad", "Mancomunidades"},
	{"diputacion", "La Diputación"},
}

// serviceDetail loads one service with its conditions, roles and eligibility.
func (m *Module) serviceDetail(ctx context.Context, a *auth.Actor, code string) (serviceData, error) {
	d := serviceData{ShowState: showsStanding(a), Entity: a.Entity, Kinds: kindLabels}
	svc, err := loadService(ctx, m.kit.DB, code)
	if err != nil {
		return d, err
	}
	withdrawn, err := m.kit.Access.Can(ctx, a, PermWithdrawn, a.Entity.ID)
	if err != nil {
		return d, err
	}
	if !svc.Active && !withdrawn {
		return d, errs.ErrNotFound
	}
	if d.IsAdmin, err = m.kit.Access.Can(ctx, a, PermConfigure, a.Entity.ID); err != nil {
		return d, err
	}
	if d.Rules, err = loadRules(ctx, m.kit.DB, code); err != nil {
		return d, err
	}
	counts, err := adheredCounts(ctx, m.kit.DB)
	if err != nil {
		return d, err
	}
	d.Card = card{Service: svc, Who: DescribeRules(d.Rules), Adhered: counts[code]}
	st, err := m.loadStandings(ctx, a, code)
	if err != nil {
		return d, err
	}
	st.fill(&d.Card)
	conds, err := conditionsOf(ctx, m.kit.DB, code)
	if err != nil {
		return d, err
	}
	if len(conds) > 0 {
		d.Current, d.Older = conds[0], conds[1:]
	}
	d.Roles, err = rolesOf(ctx, m.kit.DB, code)
	return d, err
}

// maxConditions is the longest conditions text accepted, in characters.
const maxConditions = 200000

// publishConditions adds a new version of a service's conditions; old
// versions are never changed, so each adhesion keeps the text it accepted.
// The router has checked PermConfigure.
func (m *Module) publishConditions(ctx context.Context, a *auth.Actor, code, body string) (int, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if _, err := loadService(ctx, m.kit.DB, code); err != nil {
		return 0, err
	}
	var fe errs.Fields
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		fe.Add("texto", "Escriba el texto de las condiciones de acceso.")
	case n < 20:
		fe.Add("texto", "El texto de las condiciones es demasiado corto: escriba las condiciones completas.")
	case n > maxConditions:
		fe.Add("texto", fmt.Sprintf("El texto es demasiado largo: como máximo %s caracteres.", web.Thousands(maxConditions)))
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var version int
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := latestConditions(ctx, tx, code)
		if err != nil && !isNotFound(err) {
			return err
		}
		if err == nil && strings.TrimSpace(cur.Body) == body {
			fe.Add("texto", fmt.Sprintf("El texto es igual al de la versión vigente (%d); cámbielo para publicar una versión nueva.", cur.Version))
			return fe
		}
		c := Conditions{Version: cur.Version + 1, ValidFrom: time.Now().UTC().Truncate(time.Second), Body: body, CreatedBy: a.UserID}
		if err := insertConditions(ctx, tx, code, c); err != nil {
			return err
		}
		version = c.Version
		return m.kit.Audit(ctx, tx, a, kit.Change{Action: "servicio.condiciones", ObjectType: "service", ObjectID: code,
			Before: map[string]any{"version": cur.Version},
			After:  map[string]any{"version": c.Version, "valid_from": c.ValidFrom, "body": body}})
	})
	return version, err
}

// replaceEligibility sets who may adhere to a service (the router has
// checked PermConfigure).
func (m *Module) replaceEligibility(ctx context.Context, a *auth.Actor, code string, rules []Rule) error {
	if _, err := loadService(ctx, m.kit.DB, code); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := loadRules(ctx, tx, code)
		if err != nil {
			return err
		}
		if err := replaceRules(ctx, tx, code, rules); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{Action: "servicio.requisitos", ObjectType: "service", ObjectID: code,
			Before: rulesJSON(before), After: rulesJSON(rules)})
	})
}

func rulesJSON(rs []Rule) []map[string]any {
	out := make([]map[string]any, 0, len(rs))
	for _, r := range rs {
		out = append(out, map[string]any{"kind": r.Kind, "min": r.Min, "max": r.Max, "text": r.Describe()})
	}
	return out
}

// maxPopulation bounds the population limits an administrator may type.
const maxPopulation = 100000000

// parseRules reads the eligibility form: for each kind, admite_<kind>
// (checkbox), min_<kind> and max_<kind> (optional whole numbers).
func parseRules(field func(string) string) ([]Rule, error) {
	var fe errs.Fields
	var rules []Rule
	num := func(name, label string) *int64 {
		v := strings.ReplaceAll(strings.ReplaceAll(field(name), ".", ""), " ", "")
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > maxPopulation {
			fe.Add(name, fmt.Sprintf("La población %s debe ser un número entero de habitantes, sin decimales.", label))
			return nil
		}
		return &n
	}
	for _, k := range kindLabels {
		lo := num("min_"+k.Kind, "mínima de "+strings.ToLower(k.Label))
		hi := num("max_"+k.Kind, "máxima de "+strings.ToLower(k.Label))
		if field("admite_"+k.Kind) == "" {
			if lo != nil || hi != nil {
				fe.Add("admite_"+k.Kind, fmt.Sprintf("Ha escrito límites de población para %s: marque la casilla si pueden adherirse, o borre los límites.", strings.ToLower(k.Label)))
			}
			continue
		}
		if lo != nil && hi != nil && *lo > *hi {
			fe.Add("max_"+k.Kind, fmt.Sprintf("La población máxima de %s no puede ser menor que la mínima.", strings.ToLower(k.Label)))
		}
		rules = append(rules, Rule{Kind: k.Kind, Min: lo, Max: hi})
	}
	if len(rules) == 0 && len(fe) == 0 {
		fe.Add("admite_ayuntamiento", "Marque al menos un tipo de entidad que pueda adherirse al servicio.")
	}
	return rules, fe.Err()
}

// rulesForm returns the form values that show rules.
func rulesForm(rules []Rule) map[string]string {
	f := map[string]string{}
	for _, r := range rules {
		f["admite_"+r.Kind] = "1"
		if r.Min != nil {
			f["min_"+r.Kind] = strconv.FormatInt(*r.Min, 10)
		}
		if r.Max != nil {
			f["max_"+r.Kind] = strconv.FormatInt(*r.Max, 10)
		}
	}
	return f
}
