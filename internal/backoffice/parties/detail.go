package parties

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// change is one row of a party's history.
type change struct {
	At        time.Time
	ActorName string
	Action    string
}

var actionLabels = map[string]string{
	actionCreate: "Alta", actionUpdate: "Cambio de datos", actionDomicile: "Cambio de domicilio",
	actionAccount: "Alta de una cuenta bancaria", actionUnaccount: "Baja de una cuenta bancaria",
	actionRep: "Alta de un representante", actionUnrep: "Baja de un representante", actionMerge: "Fusión de duplicados",
}

// Label describes the change for people.
func (c change) Label() string {
	if l, ok := actionLabels[c.Action]; ok {
		return l
	}
	return c.Action
}

type detailData struct {
	Acc         territory.Target
	Party       Party
	Address     string // the domicile in one line
	Country     string
	MergedInto  Party
	Accounts    []BankAccount
	Represented []Representative // who represents this party
	Represents  []Representative // whom this party represents
	Merges      []Merge
	Similar     []Party
	History     []change
	RepKinds    []option
	FormatIBAN  func(string) string
}

// pathParty returns the request's target entity, as resolve gives it
// (m.target to read, m.writable to change), and the party of the
// path ({id}).
func (m *Module) pathParty(r *http.Request, resolve func(context.Context, *auth.Actor, string) (territory.Target, error)) (territory.Target, Party, error) {
	acc, err := resolve(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return acc, Party{}, err
	}
	p, err := m.load(r.Context(), m.kit.DB, acc, r.PathValue("id"))
	return acc, p, err
}

func (m *Module) detailPage(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	acc, p, err := m.pathParty(r, m.target)
	if err != nil {
		return nil, err
	}
	d := detailData{Acc: acc, Party: p, RepKinds: repKindOptions, Country: CountryName(p.CountryCode)}
	q := m.kit.DB
	if p.DwellingID != "" {
		addr, err := territory.DwellingAddress(ctx, q, acc.EntityID, p.DwellingID)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, err
		}
		d.Address = addr.Full()
	}
	if p.Merged() {
		if d.MergedInto, err = getParty(ctx, q, acc.EntityID, p.MergedInto); err != nil {
			return nil, err
		}
	}
	if d.Accounts, err = accountsOf(ctx, q, acc.EntityID, p.ID); err != nil {
		return nil, err
	}
	if d.Represented, err = representativesOf(ctx, q, acc.EntityID, p.ID, false); err != nil {
		return nil, err
	}
	if d.Represents, err = representativesOf(ctx, q, acc.EntityID, p.ID, true); err != nil {
		return nil, err
	}
	if d.Merges, err = mergesOf(ctx, q, acc.EntityID, p.ID); err != nil {
		return nil, err
	}
	if !p.Merged() {
		if d.Similar, err = Similar(ctx, q, p); err != nil {
			return nil, err
		}
	}
	recs, err := audit.List(ctx, q, audit.Filter{EntityID: acc.EntityID, ObjectType: objectParty, ObjectID: p.ID, Limit: 50})
	if err != nil {
		return nil, fmt.Errorf("terceros: leer el historial del tercero %s: %w", p.ID, err)
	}
	for _, r := range recs {
		d.History = append(d.History, change{At: r.At, ActorName: r.ActorName, Action: r.Action})
	}
	return &web.Page{Title: p.FullName(), Crumbs: []web.Crumb{rootCrumb(acc), {Label: p.FullName()}}, Data: &d}, nil
}

func (m *Module) show(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "parties/party", m.detailPage)
}

func (m *Module) afterDetail(w http.ResponseWriter, r *http.Request, err error, flash string) error {
	return m.kit.AfterPost(w, r, err, linkOf(r, "/terceros/"+url.PathEscape(r.PathValue("id"))), flash, "parties/party", m.detailPage)
}

func (m *Module) accountPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	b, err := m.addAccount(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), web.Field(r, "iban"), web.Field(r, "titular"),
		web.Field(r, "principal") == "1")
	return m.afterDetail(w, r, err, "Cuenta "+validate.FormatIBAN(b.IBAN)+" añadida.")
}

func (m *Module) accountRemovePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	err := m.removeAccount(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), r.PathValue("cuenta"))
	return m.afterDetail(w, r, err, "Cuenta dada de baja; queda en el historial.")
}

func (m *Module) representativePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	rep, err := m.addRepresentative(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), web.Field(r, "documento_representante"),
		web.Field(r, "clase_representacion"), web.Field(r, "alcance"), web.Field(r, "desde_representacion"))
	return m.afterDetail(w, r, err, rep.Other.FullName()+" figura ahora como representante.")
}

func (m *Module) representativeRemovePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	err := m.removeRepresentative(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), r.PathValue("rep"))
	return m.afterDetail(w, r, err, "Representación dada de baja; queda en el historial.")
}

// ---- Domicile ----

type domicileData struct {
	Acc     territory.Target
	Party   Party
	Current string
	Query   string
	Found   []territory.Address
}

func (m *Module) domicilePage(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	acc, p, err := m.pathParty(r, m.writable)
	if err != nil {
		return nil, err
	}
	d := &domicileData{Acc: acc, Party: p, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if len([]rune(d.Query)) > 100 {
		d.Query = string([]rune(d.Query)[:100])
	}
	if p.DwellingID != "" {
		if addr, err := territory.DwellingAddress(ctx, m.kit.DB, acc.EntityID, p.DwellingID); err == nil {
			d.Current = addr.Full()
		}
	}
	if d.Query != "" {
		if d.Found, err = territory.FindDwellings(ctx, m.kit.DB, acc.EntityID, territory.DwellingQuery{Text: d.Query, ActiveOnly: true, Limit: 30}); err != nil {
			return nil, err
		}
	}
	return &web.Page{Title: "Domicilio de " + p.FullName(), Crumbs: partyCrumbs(acc, p, "Domicilio"), Data: d}, nil
}

func (m *Module) domicileForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "parties/domicile", m.domicilePage)
}

func (m *Module) domicilePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var err error
	msg := "Domicilio en el callejero guardado."
	if web.Field(r, "quitar") == "1" {
		_, err = m.clearDomicile(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"))
		msg = "El tercero ya no tiene domicilio en el callejero: escriba su dirección en «Cambiar los datos»."
	} else {
		_, err = m.setDomicile(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), web.Field(r, FieldDwelling))
	}
	return m.kit.AfterPost(w, r, err, linkOf(r, "/terceros/"+url.PathEscape(r.PathValue("id"))), msg, "parties/domicile", m.domicilePage)
}

// ---- Duplicates and merge ----

type duplicatesData struct {
	Acc    territory.Target
	Groups []DuplicateGroup
}

func (m *Module) duplicatesPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := m.target(r.Context(), kit.Actor(r), entityParam(r))
	if err != nil {
		return err
	}
	groups, err := duplicates(r.Context(), m.kit.DB, acc.EntityID, 100)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "parties/duplicates", &web.Page{Title: "Posibles duplicados",
		Crumbs: []web.Crumb{rootCrumb(acc), {Label: "Posibles duplicados"}}, Data: duplicatesData{Acc: acc, Groups: groups}})
}

type mergeData struct {
	Acc   territory.Target
	Kept  Party
	Other Party
	Found bool
}

func (m *Module) mergePage(r *http.Request) (*web.Page, error) {
	ctx := r.Context()
	acc, kept, err := m.pathParty(r, m.writable)
	if err != nil {
		return nil, err
	}
	d := &mergeData{Acc: acc, Kept: kept}
	other := r.URL.Query().Get("con")
	if r.Method == http.MethodPost {
		other = web.Field(r, "duplicado")
	}
	if other != "" {
		if o, err := m.load(ctx, m.kit.DB, acc, other); err == nil {
			d.Other, d.Found = o, true
		}
	}
	return &web.Page{Title: "Fusionar duplicados", Crumbs: partyCrumbs(acc, kept, "Fusionar"), Data: d}, nil
}

func (m *Module) mergeForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "parties/merge", m.mergePage)
}

func (m *Module) mergePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	kept, err := m.merge(r.Context(), kit.Actor(r), entityParam(r), r.PathValue("id"), web.Field(r, "duplicado"), web.Field(r, "motivo_fusion"))
	return m.kit.AfterPost(w, r, err, linkOf(r, "/terceros/"+url.PathEscape(r.PathValue("id"))),
		"Duplicado fusionado en "+kept.FullName()+"; el registro fusionado queda en el historial.", "parties/merge", m.mergePage)
}
