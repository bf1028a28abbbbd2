package census

import (
	"fmt"
	"net/http"
	"strings"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// candidate is a dwelling offered as the new domicile, with where it is
// and who already lives there.
type candidate struct {
	territory.Address
	Singular  string
	Residents []row
}

// moveFields are the single-valued fields of the cambio de domicilio form.
var moveFields = []string{"fecha", "buscar_vivienda", "vivienda", "justificante", "observaciones"}

// movePage builds the cambio de domicilio form from the page of one person:
// the people of his hoja padronal (all marked unless the form says
// otherwise), the date (today unless given), and the dwellings found by
// ?buscar_vivienda= (the search button submits the form by GET, so it works
// without JavaScript), each with its núcleo and its residents.
func (m *Module) movePage(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	ctx := r.Context()
	i, err := getInscription(ctx, m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !i.Active {
		return nil, errs.New(errs.Conflict, "La inscripción está de baja desde el "+web.Date(i.LeftOn)+
			": para volver a inscribir a la persona dé un alta nueva.")
	}
	src := r.URL.Query()
	if r.Method == http.MethodPost {
		src = r.PostForm
	}
	form := map[string]string{}
	for _, n := range moveFields {
		form[n] = strings.TrimSpace(src.Get(n))
	}
	if !src.Has("fecha") {
		form["fecha"] = web.DayValue(today())
	}
	if len([]rune(form["buscar_vivienda"])) > 100 {
		return nil, errs.New(errs.Invalid, "La búsqueda es demasiado larga.")
	}
	origin, err := territory.DwellingAddress(ctx, m.kit.DB, a.Entity.ID, i.DwellingID)
	if err != nil {
		return nil, err
	}
	hh, err := household(ctx, m.kit.DB, a.Entity.ID, i.DwellingID)
	if err != nil {
		return nil, err
	}
	members, err := m.rows(ctx, a.Entity.ID, hh)
	if err != nil {
		return nil, err
	}
	marked := map[string]bool{}
	for _, p := range hh {
		marked[p.ID] = true
	}
	if src.Has("personas") || src.Has("buscar_vivienda") {
		marked = map[string]bool{}
		for _, id := range src["personas"] {
			marked[id] = true
		}
	}
	cands, err := m.candidates(r, i.DwellingID, form["buscar_vivienda"], form["vivienda"])
	if err != nil {
		return nil, err
	}
	var sheet int64
	m.kit.DB.QueryRowContext(ctx, `SELECT number FROM census_sheets WHERE entity_id = $1 AND dwelling_id = $2`,
		a.Entity.ID, i.DwellingID).Scan(&sheet)
	data := map[string]any{"I": i, "Origin": origin, "Sheet": sheet, "Members": members, "Marked": marked,
		"Candidates": cands, "Searched": form["buscar_vivienda"] != "", "Proofs": proofKinds, "ProofField": fieldProof,
		"Action": "/padron/habitantes/" + i.ID + "/domicilio"}
	return &web.Page{Title: "Cambio de domicilio: " + i.FullName(), Data: data, Form: form,
		Crumbs: []web.Crumb{homeCrumb, {Label: i.FullName(), Href: "/padron/habitantes/" + i.ID}}}, nil
}

// candidates are the active dwellings matching q (the chosen one first
// when the search does not list it), leaving out the origin, each with its
// entidad singular and its residents. Showing residents is a look-up of
// personal data: it is logged.
func (m *Module) candidates(r *http.Request, origin, q, chosen string) ([]candidate, error) {
	a := kit.Actor(r)
	ctx := r.Context()
	var found []territory.Address
	if q != "" {
		var err error
		if found, err = territory.FindDwellings(ctx, m.kit.DB, a.Entity.ID, territory.DwellingQuery{Text: q, ActiveOnly: true, Limit: 30}); err != nil {
			return nil, err
		}
	}
	if chosen != "" && chosen != origin && !hasDwelling(found, chosen) {
		if c, err := territory.DwellingAddress(ctx, m.kit.DB, a.Entity.ID, chosen); err == nil && c.Active {
			found = append([]territory.Address{c}, found...)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(found))
	for _, f := range found {
		ids = append(ids, f.DwellingID)
	}
	living, err := residentsIn(ctx, m.kit.DB, a.Entity.ID, ids)
	if err != nil {
		return nil, err
	}
	nuclei, err := territory.Nuclei(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return nil, err
	}
	singular := map[string]string{}
	for _, n := range nuclei {
		singular[n.ID] = n.SingularName
	}
	t := today()
	var out []candidate
	for _, f := range found {
		if f.DwellingID == origin {
			continue
		}
		c := candidate{Address: f, Singular: singular[f.NucleusID]}
		for _, p := range living[f.DwellingID] {
			c.Residents = append(c.Residents, row{Inscription: p, Age: p.AgeAt(t)})
		}
		out = append(out, c)
	}
	detail := fmt.Sprintf("Viviendas para un cambio de domicilio: %s (%d)", q, len(out))
	return out, m.logAccess(ctx, a.Entity.ID, "", "busqueda", detail, a.UserID, a.Name, a.IP)
}

func hasDwelling(list []territory.Address, dwellingID string) bool {
	for _, a := range list {
		if a.DwellingID == dwellingID {
			return true
		}
	}
	return false
}

func (m *Module) moveForm(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/move", m.movePage)
}

// maxMoveForm bounds the cambio de domicilio form: a justificante a little
// over MaxProof still gets its own message rather than a bare 413.
const maxMoveForm = 2*MaxProof + web.MaxForm

func (m *Module) movePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, maxMoveForm); err != nil {
		return err
	}
	a := kit.Actor(r)
	from, err := getInscription(r.Context(), m.kit.DB, a.Entity.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	proof, err := readProof(r)
	if err != nil {
		return err
	}
	in := MoveInput{InscriptionIDs: r.PostForm["personas"], FromDwellingID: from.DwellingID, DwellingID: web.Field(r, "vivienda"),
		ProofKind: web.Field(r, "justificante"), Proof: proof, Notes: web.Field(r, "observaciones")}
	if t, err := parseDate(web.Field(r, "fecha")); err == nil {
		in.EffectiveOn = t
	}
	moved, err := m.Move(r.Context(), a, in)
	if err != nil {
		return m.kit.FormRetry(w, r, "census/move", m.movePage, err)
	}
	addr, err := territory.DwellingAddress(r.Context(), m.kit.DB, a.Entity.ID, in.DwellingID)
	if err != nil {
		return err
	}
	target := "/padron/viviendas/" + in.DwellingID
	for _, i := range moved {
		if i.ID == r.PathValue("id") {
			target = "/padron/habitantes/" + i.ID
		}
	}
	who := "una persona"
	if len(moved) > 1 {
		who = fmt.Sprintf("%d personas", len(moved))
	}
	return m.kit.Redirect(w, r, target, fmt.Sprintf("Cambio de domicilio registrado para %s: desde el %s, en %s.",
		who, web.Date(in.EffectiveOn), addr.Full()))
}
