package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/portal/placsp"
)

// Tender is a contract file of the perfil del contratante.
type Tender struct {
	EntityID, ID, FolderID, Title, ContractType, Procedure string
	Minor                                                  bool
	State                                                  string
	BudgetCents, AwardCents                                int64
	Awardee, CPV                                           string
	Deadline                                               time.Time
	Source, SourceID, SourceURL                            string
	PublishedAt, UpdatedAt                                 time.Time
}

// TenderEvent is one step of a tender's state history.
type TenderEvent struct {
	Seq         int
	State, Note string
	At          time.Time
	By          string
}

// StateLabel is the event's state in Spanish.
func (e TenderEvent) StateLabel() string { return TenderStateLabel(e.State) }

// TenderDoc is a document of a tender (pliegos, actas, resolutions).
type TenderDoc struct {
	Seq             int
	Kind, Name, URL string
}

// tenderStates are the states of a contract file, in order.
var tenderStates = []struct{ Value, Label string }{
	{"anuncio_previo", "Anuncio previo"},
	{"licitacion", "En licitación"},
	{"evaluacion", "Pendiente de adjudicación"},
	{"adjudicada", "Adjudicada"},
	{"formalizada", "Formalizada"},
	{"desierta", "Desierta"},
	{"anulada", "Anulada"},
}

// TenderStateLabel is the Spanish name of a tender state.
func TenderStateLabel(s string) string {
	for _, x := range tenderStates {
		if x.Value == s {
			return x.Label
		}
	}
	return s
}

// StateLabel is the tender's state in Spanish.
func (t Tender) StateLabel() string { return TenderStateLabel(t.State) }

func validTenderState(s string) bool { return TenderStateLabel(s) != s }

// Phase is the tender's situation at now as a bidder reads it: whether
// bids are still admitted and for how long, or how the tender ended.
func (t Tender) Phase(now time.Time) string {
	switch t.State {
	case "anuncio_previo":
		return "Anuncio previo: aún no se admiten ofertas"
	case "licitacion":
		switch {
		case t.Deadline.IsZero():
			return "En licitación"
		case now.Before(t.Deadline):
			return "Plazo abierto, " + timeLeft(now, t.Deadline)
		}
		return "Plazo cerrado — en evaluación"
	case "evaluacion":
		return "Plazo cerrado — en evaluación"
	case "adjudicada":
		return "Adjudicado"
	case "formalizada":
		return "Adjudicado y formalizado"
	case "desierta":
		return "Desierto"
	case "anulada":
		return "Anulado"
	}
	return t.StateLabel()
}

// Open reports whether bids are admitted at now.
func (t Tender) Open(now time.Time) bool {
	return t.State == "licitacion" && !t.Deadline.IsZero() && now.Before(t.Deadline)
}

// timeLeft says in calendar days of Madrid how long remains until end
// (after now): "quedan 5 días", "queda 1 día", "termina hoy a las 14:00".
func timeLeft(now, end time.Time) string {
	n, e := now.In(web.Madrid), end.In(web.Madrid)
	days := int(time.Date(e.Year(), e.Month(), e.Day(), 12, 0, 0, 0, time.UTC).Sub(
		time.Date(n.Year(), n.Month(), n.Day(), 12, 0, 0, 0, time.UTC)).Hours() / 24)
	switch days {
	case 0:
		return "termina hoy a las " + e.Format("15:04")
	case 1:
		return "queda 1 día"
	}
	return fmt.Sprintf("quedan %d días", days)
}

// fromPLACSP maps a PLACSP state code to a tender state.
func fromPLACSP(code string) string {
	switch code {
	case "PRE":
		return "anuncio_previo"
	case "PUB":
		return "licitacion"
	case "EV":
		return "evaluacion"
	case "ADJ":
		return "adjudicada"
	case "RES":
		return "formalizada"
	case "ANUL":
		return "anulada"
	}
	return "licitacion"
}

var contractTypes = []string{"Obras", "Servicios", "Suministros", "Concesión de servicios", "Concesión de obras", "Administrativo especial", "Privado"}
var procedures = []string{"Abierto", "Abierto simplificado", "Restringido", "Negociado sin publicidad", "Negociado con publicidad", "Contrato menor", "Derivado de acuerdo marco", "Otros"}

const tenderCols = `entity_id, id, folder_id, title, contract_type, procedure, minor, state, budget_cents, award_cents, awardee, cpv,
	deadline, source, source_id, source_url, published_at, updated_at`

func scanTender(sc db.Scanner) (Tender, error) {
	var t Tender
	var dl sql.NullTime
	err := sc.Scan(&t.EntityID, &t.ID, &t.FolderID, &t.Title, &t.ContractType, &t.Procedure, &t.Minor, &t.State,
		&t.BudgetCents, &t.AwardCents, &t.Awardee, &t.CPV, &dl, &t.Source, &t.SourceID, &t.SourceURL, &t.PublishedAt, &t.UpdatedAt)
	if dl.Valid {
		t.Deadline = dl.Time.UTC()
	}
	t.PublishedAt, t.UpdatedAt = t.PublishedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

func listTenders(ctx context.Context, q db.Queryer, entityID string, minor bool) ([]Tender, error) {
	order := `published_at DESC`
	if minor {
		order = `published_at DESC, awardee`
	}
	return db.Collect(ctx, q, scanTender, `SELECT `+tenderCols+` FROM portal_tenders WHERE entity_id = $1 AND minor = $2
		ORDER BY `+order+` LIMIT 1000`, entityID, minor)
}

func tenderByID(ctx context.Context, q db.Queryer, entityID, tenderID string) (Tender, error) {
	t, err := scanTender(q.QueryRowContext(ctx, `SELECT `+tenderCols+` FROM portal_tenders WHERE entity_id = $1 AND id = $2`,
		entityID, tenderID))
	return t, db.NotFound(err)
}

func tenderEvents(ctx context.Context, q db.Queryer, entityID, tenderID string) ([]TenderEvent, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (TenderEvent, error) {
		var e TenderEvent
		err := sc.Scan(&e.Seq, &e.State, &e.Note, &e.At, &e.By)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT seq, state, note, at, by_user FROM portal_tender_events WHERE entity_id = $1 AND tender_id = $2 ORDER BY seq`,
		entityID, tenderID)
}

func tenderDocs(ctx context.Context, q db.Queryer, entityID, tenderID string) ([]TenderDoc, error) {
	return db.Collect(ctx, q, func(sc db.Scanner) (TenderDoc, error) {
		var d TenderDoc
		err := sc.Scan(&d.Seq, &d.Kind, &d.Name, &d.URL)
		return d, err
	}, `SELECT seq, kind, name, url FROM portal_tender_docs WHERE entity_id = $1 AND tender_id = $2 ORDER BY seq`,
		entityID, tenderID)
}

func insertTender(ctx context.Context, tx *sql.Tx, t Tender) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_tenders (`+tenderCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, $17, $18)`, t.EntityID, t.ID, t.FolderID, t.Title, t.ContractType, t.Procedure, t.Minor,
		t.State, t.BudgetCents, t.AwardCents, t.Awardee, t.CPV, db.NullTime(t.Deadline), t.Source, t.SourceID, t.SourceURL,
		t.PublishedAt, t.UpdatedAt)
	return err
}

func addTenderEvent(ctx context.Context, tx *sql.Tx, entityID, tenderID, state, note, by string, at time.Time) error {
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM portal_tender_events WHERE entity_id = $1 AND tender_id = $2`,
		entityID, tenderID).Scan(&seq); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_tender_events (entity_id, tender_id, seq, state, at, note, by_user)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, entityID, tenderID, seq+1, state, at, note, by)
	return err
}

func addTenderDoc(ctx context.Context, tx *sql.Tx, entityID, tenderID string, d TenderDoc) error {
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM portal_tender_docs WHERE entity_id = $1 AND tender_id = $2`,
		entityID, tenderID).Scan(&seq); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_tender_docs (entity_id, tender_id, seq, kind, name, url) VALUES ($1, $2, $3, $4, $5, $6)`,
		entityID, tenderID, seq+1, d.Kind, d.Name, d.URL)
	return err
}

func (m *Module) createTender(ctx context.Context, a *auth.Actor, f TenderForm, fe errs.Fields) (string, error) {
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return "", errs.ErrForbidden
	}
	f.FolderID, f.Title = strings.TrimSpace(f.FolderID), strings.TrimSpace(f.Title)
	if f.FolderID == "" || len(f.FolderID) > 60 {
		fe.Add("expediente", "Escriba el número de expediente (hasta 60 caracteres).")
	}
	if f.Title == "" || len([]rune(f.Title)) > 400 {
		fe.Add("objeto", "Escriba el objeto del contrato (hasta 400 caracteres).")
	}
	if !contains(contractTypes, f.ContractType) {
		fe.Add("tipo", "Elija el tipo de contrato.")
	}
	if f.Minor {
		f.Procedure = "Contrato menor"
		if f.State == "" {
			f.State = "adjudicada"
		}
		if strings.TrimSpace(f.Awardee) == "" {
			fe.Add("adjudicatario", "Un contrato menor se publica con su adjudicatario.")
		}
	} else if !contains(procedures, f.Procedure) {
		fe.Add("procedimiento", "Elija el procedimiento.")
	}
	if !validTenderState(f.State) {
		fe.Add("estado", "Elija el estado.")
	}
	if f.State == "licitacion" && !f.Minor && f.Deadline.IsZero() && fe.For("plazo_fecha") == "" && fe.For("plazo_hora") == "" {
		fe.Add("plazo_fecha", "Indique la fecha límite de presentación de ofertas de una licitación abierta.")
	}
	if f.DocURL != "" && !safeURL(f.DocURL) {
		fe.Add("documento_url", "La dirección del documento tiene que empezar por https://.")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	now := m.kit.Now()
	t := Tender{EntityID: site.EntityID, ID: id.New(), FolderID: f.FolderID, Title: f.Title, ContractType: f.ContractType,
		Procedure: f.Procedure, Minor: f.Minor, State: f.State, BudgetCents: f.BudgetCents, AwardCents: f.AwardCents,
		Awardee: strings.TrimSpace(f.Awardee), CPV: strings.TrimSpace(f.CPV), Deadline: f.Deadline, Source: "manual",
		PublishedAt: now, UpdatedAt: now}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertTender(ctx, tx, t); err != nil {
			if db.IsUniqueViolation(err) {
				var fe errs.Fields
				fe.Add("expediente", "Ya hay un contrato con ese número de expediente.")
				return fe
			}
			return err
		}
		if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, t.State, "Alta en el perfil del contratante", a.UserID, now); err != nil {
			return err
		}
		if f.DocURL != "" {
			name := strings.TrimSpace(f.DocName)
			if name == "" {
				name = "Documento"
			}
			if err := addTenderDoc(ctx, tx, t.EntityID, t.ID, TenderDoc{Kind: "Pliego", Name: name, URL: f.DocURL}); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.EntityID, Action: "portal.contrato.crear", ObjectType: "portal_contrato",
			ObjectID: t.ID, After: t})
	})
	if err != nil {
		return "", err
	}
	m.changed(t.EntityID)
	return t.ID, nil
}

// advanceTender records a new state of a tender (with awardee and amount
// when awarded), keeping the history.
func (m *Module) advanceTender(ctx context.Context, a *auth.Actor, tenderID, state, note, awardee string, award int64, fe errs.Fields) error {
	t, err := tenderByID(ctx, m.kit.DB, a.Entity.ID, tenderID)
	if err != nil {
		return err
	}
	if err := m.kit.Access.RequireHere(ctx, a, PermOfficial); err != nil {
		return err
	}
	if !validTenderState(state) {
		fe.Add("estado", "Elija el nuevo estado.")
	}
	if (state == "adjudicada" || state == "formalizada") && strings.TrimSpace(awardee) == "" && t.Awardee == "" {
		fe.Add("adjudicatario", "Indique el adjudicatario.")
	}
	if len([]rune(note)) > 1000 {
		fe.Add("nota", "La nota no puede tener más de 1.000 caracteres.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	now := m.kit.Now()
	after := t
	after.State, after.UpdatedAt = state, now
	if strings.TrimSpace(awardee) != "" {
		after.Awardee = strings.TrimSpace(awardee)
	}
	if award > 0 {
		after.AwardCents = award
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE portal_tenders SET state = $3, awardee = $4, award_cents = $5, updated_at = $6
			WHERE entity_id = $1 AND id = $2`, t.EntityID, t.ID, after.State, after.Awardee, after.AwardCents, now); err != nil {
			return err
		}
		if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, state, strings.TrimSpace(note), a.UserID, now); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: t.EntityID, Action: "portal.contrato.estado", ObjectType: "portal_contrato",
			ObjectID: t.ID, Before: t, After: after})
	})
	if err == nil {
		m.changed(t.EntityID)
	}
	return err
}

// ImportResult says what an import of a PLACSP feed did.
type ImportResult struct{ Created, Updated, Unchanged, Skipped int }

// importPLACSP reads a PLACSP feed page and creates or updates the
// entity's tenders by expediente number; entries of another contracting
// body (a different DIR3) are skipped.
func (m *Module) importPLACSP(ctx context.Context, a *auth.Actor, r io.Reader) (ImportResult, error) {
	var res ImportResult
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return res, errs.ErrForbidden
	}
	feed, err := placsp.Parse(r)
	if err != nil {
		var fe errs.Fields
		fe.Add("fichero", "El fichero no es un canal Atom válido de la Plataforma de Contratación: descargue de nuevo el fichero .atom de su perfil del contratante en la Plataforma y súbalo sin cambiarlo.")
		return res, fe
	}
	now := m.kit.Now()
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, e := range feed.Entries {
			if e.FolderID == "" || (e.PartyDIR3 != "" && e.PartyDIR3 != site.DIR3) {
				res.Skipped++
				continue
			}
			state := fromPLACSP(e.Status)
			title := e.Name
			if title == "" {
				title = e.Title
			}
			old, err := scanTender(tx.QueryRowContext(ctx, `SELECT `+tenderCols+` FROM portal_tenders WHERE entity_id = $1 AND folder_id = $2`,
				site.EntityID, e.FolderID))
			if errors.Is(err, sql.ErrNoRows) {
				t := Tender{EntityID: site.EntityID, ID: id.New(), FolderID: truncate(e.FolderID, 60), Title: truncate(title, 400),
					ContractType: placsp.TypeLabel(e.TypeCode), Procedure: placsp.ProcedureLabel(e.ProcedureCode),
					Minor: e.ProcedureCode == "6", State: state, BudgetCents: e.BudgetCents, AwardCents: e.AwardCents,
					Awardee: e.Awardee, CPV: e.CPV, Deadline: e.Deadline, Source: "placsp", SourceID: e.ID, SourceURL: e.Link,
					PublishedAt: now, UpdatedAt: now}
				if !e.Updated.IsZero() {
					t.PublishedAt = e.Updated
				}
				if err := insertTender(ctx, tx, t); err != nil {
					return err
				}
				if err := addTenderEvent(ctx, tx, t.EntityID, t.ID, state, "Importado de la Plataforma de Contratación ("+
					placsp.StatusLabel(e.Status)+")", a.UserID, now); err != nil {
					return err
				}
				for _, d := range e.Documents {
					if safeURL(d.URI) {
						if err := addTenderDoc(ctx, tx, t.EntityID, t.ID, TenderDoc{Kind: d.Kind, Name: truncate(d.Name, 200), URL: d.URI}); err != nil {
							return err
						}
					}
				}
				res.Created++
				continue
			}
			if err != nil {
				return err
			}
			if old.State == state && old.Awardee == e.Awardee {
				res.Unchanged++
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE portal_tenders SET state = $3, awardee = $4, award_cents = $5, updated_at = $6
				WHERE entity_id = $1 AND id = $2`, old.EntityID, old.ID, state, e.Awardee, e.AwardCents, now); err != nil {
				return err
			}
			if err := addTenderEvent(ctx, tx, old.EntityID, old.ID, state, "Actualizado desde la Plataforma de Contratación ("+
				placsp.StatusLabel(e.Status)+")", a.UserID, now); err != nil {
				return err
			}
			res.Updated++
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: site.EntityID, Action: "portal.contrato.importar",
			ObjectType: "portal_perfil", ObjectID: site.EntityID, After: res})
	})
	if err != nil {
		return ImportResult{}, err
	}
	m.changed(site.EntityID)
	return res, nil
}

// --- handlers ---

func (m *Module) registerPublicTenders(pub func(string, web.HandlerFunc)) {
	pub("/perfil", m.page("Perfil del contratante", m.tendersView))
	pub("/perfil/{id}", m.page("Perfil del contratante", m.tenderView))
}

func (m *Module) tendersView(r *http.Request, s *Site, v *view) (string, error) {
	ts, err := listTenders(r.Context(), m.kit.DB, s.EntityID, false)
	if err != nil {
		return "", err
	}
	minors, err := listTenders(r.Context(), m.kit.DB, s.EntityID, true)
	if err != nil {
		return "", err
	}
	v.Title = "Perfil del contratante"
	v.Description = "Licitaciones y contratos menores " + s.Of() + "."
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: v.Title}}
	v.Data = map[string]any{"Tenders": ts, "Minor": quarters(minors)}
	return "tenders", nil
}

// quarterGroup is the minor contracts of one quarter, ordered by awardee.
type quarterGroup struct {
	Label   string
	Tenders []Tender
	Total   int64
}

func quarters(ts []Tender) []quarterGroup {
	var out []quarterGroup
	idx := map[string]int{}
	for _, t := range ts {
		d := t.PublishedAt.In(web.Madrid)
		label := fmt.Sprintf("%dº trimestre de %d", (int(d.Month())-1)/3+1, d.Year())
		i, ok := idx[label]
		if !ok {
			i = len(out)
			idx[label] = i
			out = append(out, quarterGroup{Label: label})
		}
		out[i].Tenders = append(out[i].Tenders, t)
		out[i].Total += t.AwardCents
	}
	for i := range out {
		g := out[i].Tenders
		for a := 1; a < len(g); a++ {
			for b := a; b > 0 && g[b].Awardee < g[b-1].Awardee; b-- {
				g[b], g[b-1] = g[b-1], g[b]
			}
		}
	}
	return out
}

func (m *Module) tenderView(r *http.Request, s *Site, v *view) (string, error) {
	t, err := tenderByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	evs, err := tenderEvents(r.Context(), m.kit.DB, s.EntityID, t.ID)
	if err != nil {
		return "", err
	}
	docs, err := tenderDocs(r.Context(), m.kit.DB, s.EntityID, t.ID)
	if err != nil {
		return "", err
	}
	v.Title = t.Title
	v.Description = "Expediente " + t.FolderID + " · " + t.StateLabel()
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Perfil del contratante", Href: s.Base + "/perfil"}, {Label: t.FolderID}}
	v.Data = map[string]any{"Tender": t, "Events": evs, "Docs": docs}
	return "tender", nil
}

func (m *Module) tendersData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	ts, err := listTenders(r.Context(), m.kit.DB, s.EntityID, false)
	if err != nil {
		return nil, err
	}
	minors, err := listTenders(r.Context(), m.kit.DB, s.EntityID, true)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Perfil del contratante", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Perfil del contratante"}},
		Data: map[string]any{"Site": s, "Tenders": append(ts, minors...), "Types": contractTypes, "Procedures": procedures, "Now": m.kit.Now(),
			"States": tenderStates, "CanPublish": m.may(r.Context(), kit.Actor(r), PermOfficial)}}, nil
}

func (m *Module) tenderCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var fe errs.Fields
	f := TenderForm{FolderID: web.Field(r, "expediente"), Title: web.Field(r, "objeto"), ContractType: web.Field(r, "tipo"),
		Procedure: web.Field(r, "procedimiento"), Minor: web.Field(r, "menor") == "1", Awardee: web.Field(r, "adjudicatario"),
		CPV: web.Field(r, "cpv"), DocName: web.Field(r, "documento_nombre"), DocURL: strings.TrimSpace(web.Field(r, "documento_url")),
		State: web.Field(r, "estado")}
	f.Deadline = formTime(r, "plazo", "límite", &fe)
	if web.Field(r, "plazo_fecha") != "" && strings.TrimSpace(web.Field(r, "plazo_hora")) == "" {
		fe.Add("plazo_hora", "Indique también la hora límite, por ejemplo 14:00.")
	}
	f.BudgetCents = formEuros(r, "presupuesto", &fe)
	f.AwardCents = formEuros(r, "importe", &fe)
	tid, err := m.createTender(r.Context(), kit.Actor(r), f, fe)
	return m.kit.AfterPost(w, r, err, "/portal/perfil/"+tid, "Contrato publicado en el perfil del contratante.", "portal/tenders", m.tendersData)
}

func (m *Module) tenderData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	t, err := tenderByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	evs, err := tenderEvents(r.Context(), m.kit.DB, s.EntityID, t.ID)
	if err != nil {
		return nil, err
	}
	docs, err := tenderDocs(r.Context(), m.kit.DB, s.EntityID, t.ID)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Expediente " + t.FolderID, Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"},
		{Label: "Perfil del contratante", Href: "/portal/perfil"}, {Label: t.FolderID}},
		Data: map[string]any{"Site": s, "Tender": t, "Events": evs, "Docs": docs, "States": tenderStates, "Now": m.kit.Now(),
			"CanPublish": m.may(r.Context(), kit.Actor(r), PermOfficial)}}, nil
}

func (m *Module) tenderStatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var fe errs.Fields
	award := formEuros(r, "importe", &fe)
	err := m.advanceTender(r.Context(), kit.Actor(r), r.PathValue("id"), web.Field(r, "estado"), web.Field(r, "nota"),
		web.Field(r, "adjudicatario"), award, fe)
	return m.kit.AfterPost(w, r, err, "/portal/perfil/"+r.PathValue("id"), "Estado del contrato actualizado.", "portal/tender", m.tenderData)
}

func (m *Module) tenderImportPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, placsp.MaxSize+64<<10); err != nil {
		return err
	}
	a := kit.Actor(r)
	f, _, ferr := r.FormFile("fichero")
	var res ImportResult
	var err error
	if ferr != nil {
		var fe errs.Fields
		fe.Add("fichero", "Elija el fichero Atom descargado de la Plataforma de Contratación.")
		err = fe
	} else {
		defer f.Close()
		res, err = m.importPLACSP(r.Context(), a, f)
	}
	return m.kit.AfterPost(w, r, err, "/portal/perfil", fmt.Sprintf("Importación terminada: %d nuevos, %d actualizados, %d sin cambios, %d de otros órganos.",
		res.Created, res.Updated, res.Unchanged, res.Skipped), "portal/tenders", m.tendersData)
}

// formEuros reads an optional amount in euros ("1.234,56") as cents.
func formEuros(r *http.Request, name string, fe *errs.Fields) int64 {
	s := web.Field(r, name)
	if strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€")) == "" {
		return 0
	}
	c, ok := web.ParseEuros(s)
	if !ok {
		fe.Add(name, "Escriba el importe en euros, por ejemplo 12.500,00.")
		return 0
	}
	return c
}
