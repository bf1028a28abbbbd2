package portal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// Survey is a consultation to the public, open between OpensAt and ClosesAt.
// A restricted survey only takes answers from people inscribed in the
// entity's padrón: the person identifies at the entity's sede electrónica
// (certificate or Cl@ve) and his NIF is checked with the padrón's
// verification service. Nobody else learns whether a document is in the
// padrón: no form takes a document number for it.
type Survey struct {
	EntityID, ID, Title, Description string
	Restricted                       bool
	OpensAt, ClosesAt                time.Time
	Questions                        []Question
	Answers                          int
}

// Question is one question: "una" (one option), "varias" (several), "texto".
type Question struct {
	Pos        int
	Kind, Text string
	Options    []string
}

// StateAt is "programada", "abierta" or "cerrada" at now.
func (s Survey) StateAt(now time.Time) string {
	switch {
	case now.Before(s.OpensAt):
		return "programada"
	case now.Before(s.ClosesAt):
		return "abierta"
	}
	return "cerrada"
}

// ErrNoCensus is the answer when a restricted survey would need the padrón
// and the platform has none: the survey cannot open (never skipped silently).
var ErrNoCensus = errs.New(errs.Conflict, "No se puede abrir una encuesta restringida a personas empadronadas: "+
	"el servicio de verificación del padrón no está disponible en esta plataforma.")

const surveyCols = `s.entity_id, s.id, s.title, s.description, s.restricted, s.opens_at, s.closes_at,
	(SELECT COUNT(*) FROM portal_answers a WHERE a.entity_id = s.entity_id AND a.survey_id = s.id)`

func scanSurvey(sc db.Scanner) (Survey, error) {
	var s Survey
	err := sc.Scan(&s.EntityID, &s.ID, &s.Title, &s.Description, &s.Restricted, &s.OpensAt, &s.ClosesAt, &s.Answers)
	s.OpensAt, s.ClosesAt = s.OpensAt.UTC(), s.ClosesAt.UTC()
	return s, err
}

func listSurveys(ctx context.Context, q db.Queryer, entityID string) ([]Survey, error) {
	return db.Collect(ctx, q, scanSurvey, `SELECT `+surveyCols+` FROM portal_surveys s WHERE s.entity_id = $1
		ORDER BY s.opens_at DESC LIMIT 200`, entityID)
}

func surveyByID(ctx context.Context, q db.Queryer, entityID, surveyID string) (Survey, error) {
	s, err := scanSurvey(q.QueryRowContext(ctx, `SELECT `+surveyCols+` FROM portal_surveys s WHERE s.entity_id = $1 AND s.id = $2`,
		entityID, surveyID))
	if err != nil {
		return s, db.NotFound(err)
	}
	s.Questions, err = db.Collect(ctx, q, func(sc db.Scanner) (Question, error) {
		var qq Question
		var opts string
		err := sc.Scan(&qq.Pos, &qq.Kind, &qq.Text, &opts)
		if opts != "" {
			qq.Options = strings.Split(opts, "\n")
		}
		return qq, err
	}, `SELECT pos, kind, text, options FROM portal_questions WHERE entity_id = $1 AND survey_id = $2 ORDER BY pos`, entityID, surveyID)
	return s, err
}

// SurveyForm is a new survey as an editor enters it.
type SurveyForm struct {
	Title, Description string
	Restricted         bool
	OpensAt, ClosesAt  time.Time
	Questions          []Question
}

const maxQuestions = 5

func (m *Module) createSurvey(ctx context.Context, a *auth.Actor, f SurveyForm, fe errs.Fields) (string, error) {
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return "", errs.ErrForbidden
	}
	f.Title = strings.TrimSpace(f.Title)
	if f.Title == "" || len([]rune(f.Title)) > 200 {
		fe.Add("titulo", "Escriba el título de la encuesta (hasta 200 caracteres).")
	}
	if len(f.Description) > 5000 {
		fe.Add("descripcion", "La descripción no puede pasar de 5.000 caracteres.")
	}
	if f.Restricted && m.Census == nil {
		fe.Add("restringida", ErrNoCensus.Error())
	}
	if f.OpensAt.IsZero() {
		fe.Add("apertura_fecha", "Indique cuándo se abre la encuesta.")
	}
	if f.ClosesAt.IsZero() {
		fe.Add("cierre_fecha", "Indique cuándo se cierra la encuesta.")
	} else if !f.OpensAt.IsZero() && !f.ClosesAt.After(f.OpensAt) {
		fe.Add("cierre_fecha", "El cierre tiene que ser posterior a la apertura.")
	}
	if len(f.Questions) == 0 && fe.For("pregunta1") == "" {
		fe.Add("pregunta1", "Escriba al menos una pregunta.")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	now := m.kit.Now()
	s := Survey{EntityID: site.EntityID, ID: id.New(), Title: f.Title, Description: strings.TrimSpace(f.Description),
		Restricted: f.Restricted, OpensAt: f.OpensAt, ClosesAt: f.ClosesAt, Questions: f.Questions}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_surveys (entity_id, id, title, description, restricted, opens_at, closes_at,
			created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, s.EntityID, s.ID, s.Title, s.Description, s.Restricted,
			s.OpensAt, s.ClosesAt, now, a.UserID); err != nil {
			return err
		}
		for i, q := range s.Questions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO portal_questions (entity_id, survey_id, pos, kind, text, options)
				VALUES ($1, $2, $3, $4, $5, $6)`, s.EntityID, s.ID, i+1, q.Kind, q.Text, strings.Join(q.Options, "\n")); err != nil {
				return err
			}
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.encuesta.crear", ObjectType: "portal_encuesta",
			ObjectID: s.ID, After: s})
	})
	if err != nil {
		return "", err
	}
	m.changed(s.EntityID)
	return s.ID, nil
}

// ErrNoIdentification is the answer when a restricted survey would need the
// respondent identified and the sede offers no identification method: it
// never falls back to a typed document number.
var ErrNoIdentification = errs.New(errs.Conflict, "Para responder a esta encuesta hay que identificarse con certificado "+
	"electrónico o Cl@ve, y la sede electrónica todavía no ofrece la identificación electrónica.")

// errNotIdentified refuses an answer to a restricted survey without an
// identified respondent.
var errNotIdentified = errs.New(errs.Forbidden, "Para responder a esta encuesta identifíquese en la sede electrónica "+
	"con certificado electrónico o Cl@ve.")

// errNotInhabitant is told only to the identified person himself: whether he
// is in the padrón is his own data.
var errNotInhabitant = errs.New(errs.Forbidden, "Esta encuesta es solo para personas empadronadas en el municipio, "+
	"y usted no figura en su padrón. Si cree que es un error, diríjase al ayuntamiento.")

// errAnswered is told to an identified person who answered already.
var errAnswered = errs.New(errs.Conflict, "Ya ha respondido a esta encuesta: solo se admite una respuesta por persona.")

// respondent is who answers a survey: the NIF that the sede's
// identification proved (identified), or, in an open survey only, the
// document number the person typed.
type respondent struct {
	doc        string
	identified bool
}

// respondentKey is the digest of a document number for one survey, keyed
// with a server secret: it makes one answer per person possible without
// storing who answered.
func respondentKey(secret []byte, surveyID, document string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(surveyID + "\x00" + normalizeDoc(document)))
	return hex.EncodeToString(mac.Sum(nil))
}

func normalizeDoc(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// answer records one person's answers to an open survey. A restricted
// survey takes them only from an identified respondent inscribed in the
// padrón.
func (m *Module) answer(ctx context.Context, s Survey, who respondent, values map[int][]string, now time.Time, fe errs.Fields) error {
	if s.StateAt(now) != "abierta" {
		return errs.New(errs.Conflict, "La encuesta no está abierta.")
	}
	if s.Restricted && m.Census == nil {
		return ErrNoCensus
	}
	if s.Restricted && !who.identified {
		return errNotIdentified
	}
	doc := normalizeDoc(who.doc)
	if len(doc) < 5 || len(doc) > 20 {
		if who.identified {
			return errNotIdentified
		}
		fe.Add("documento", "Escriba su DNI, NIE o pasaporte.")
	}
	ans := map[string][]string{}
	for _, q := range s.Questions {
		v := values[q.Pos]
		field := fmt.Sprintf("p%d", q.Pos)
		switch q.Kind {
		case "texto":
			if len(v) > 0 && len([]rune(v[0])) > 2000 {
				fe.Add(field, "La respuesta no puede pasar de 2.000 caracteres.")
			}
		case "una":
			if len(v) != 1 || !contains(q.Options, v[0]) {
				fe.Add(field, "Elija una opción en «"+q.Text+"».")
			}
		case "varias":
			for _, x := range v {
				if !contains(q.Options, x) {
					fe.Add(field, "Elija entre las opciones de «"+q.Text+"».")
					break
				}
			}
		}
		ans[fmt.Sprint(q.Pos)] = v
	}
	if err := fe.Err(); err != nil {
		return err
	}
	var res Resident
	if s.Restricted {
		var err error
		if res, err = m.inhabitant(ctx, s, doc, now); err != nil {
			return err
		}
	}
	key, err := m.surveySecret(ctx)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(ans)
	_, err = m.kit.DB.ExecContext(ctx, `INSERT INTO portal_answers (entity_id, survey_id, respondent, answers, district, age_band, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.EntityID, s.ID, respondentKey(key, s.ID, doc), string(body), res.District, res.AgeBand, now)
	switch {
	case db.IsUniqueViolation(err) && who.identified:
		return errAnswered
	case db.IsUniqueViolation(err):
		return errs.New(errs.Conflict, "Ya hay una respuesta con ese documento: solo se admite una por persona.")
	case err != nil:
		return fmt.Errorf("portal: guardar la respuesta a la encuesta %s: %w", s.ID, err)
	}
	m.changed(s.EntityID)
	return nil
}

// inhabitant checks that the identified person nif may answer the
// restricted survey s: inscribed in its entity's padrón at now, and not
// answered yet. Only that person is told the outcome.
func (m *Module) inhabitant(ctx context.Context, s Survey, nif string, now time.Time) (Resident, error) {
	res, err := m.Census(ctx, s.EntityID, nif, now)
	if err != nil {
		return res, fmt.Errorf("portal: comprobar el padrón para la encuesta %s: %w", s.ID, err)
	}
	if !res.Registered {
		return res, errNotInhabitant
	}
	key, err := m.surveySecret(ctx)
	if err != nil {
		return res, err
	}
	var n int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM portal_answers WHERE entity_id = $1 AND survey_id = $2 AND respondent = $3`,
		s.EntityID, s.ID, respondentKey(key, s.ID, nif)).Scan(&n); err != nil {
		return res, fmt.Errorf("portal: buscar la respuesta a la encuesta %s: %w", s.ID, err)
	}
	if n > 0 {
		return res, errAnswered
	}
	return res, nil
}

// OptionCount is how many chose an option.
type OptionCount struct {
	Option string
	Count  int
	Pct    int
}

// QuestionResult is the tally of one question.
type QuestionResult struct {
	Question
	Counts []OptionCount
	Texts  []string
	Chart  template.HTML
}

func (m *Module) results(ctx context.Context, s Survey) ([]QuestionResult, [][]string, error) {
	rows, err := db.Collect(ctx, m.kit.DB, func(sc db.Scanner) (string, error) {
		var a string
		err := sc.Scan(&a)
		return a, err
	}, `SELECT answers FROM portal_answers WHERE entity_id = $1 AND survey_id = $2 ORDER BY created_at`, s.EntityID, s.ID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]QuestionResult, len(s.Questions))
	var raw [][]string
	for i, q := range s.Questions {
		out[i].Question = q
		for _, o := range q.Options {
			out[i].Counts = append(out[i].Counts, OptionCount{Option: o})
		}
	}
	for _, r := range rows {
		var ans map[string][]string
		if json.Unmarshal([]byte(r), &ans) != nil {
			continue
		}
		line := make([]string, len(s.Questions))
		for i, q := range s.Questions {
			v := ans[fmt.Sprint(q.Pos)]
			line[i] = strings.Join(v, "; ")
			if q.Kind == "texto" {
				if len(v) > 0 && strings.TrimSpace(v[0]) != "" {
					out[i].Texts = append(out[i].Texts, v[0])
				}
				continue
			}
			for _, x := range v {
				for j := range out[i].Counts {
					if out[i].Counts[j].Option == x {
						out[i].Counts[j].Count++
					}
				}
			}
		}
		raw = append(raw, line)
	}
	for i := range out {
		for j := range out[i].Counts {
			if len(rows) > 0 {
				out[i].Counts[j].Pct = out[i].Counts[j].Count * 100 / len(rows)
			}
		}
		if out[i].Kind != "texto" {
			out[i].Chart = barChart(fmt.Sprintf("grafico-%d", out[i].Pos), out[i].Text, out[i].Counts)
		}
	}
	return out, raw, nil
}

// barChart draws an accessible horizontal bar chart (the table next to it
// carries the same figures).
func barChart(idAttr, title string, counts []OptionCount) template.HTML {
	const w, row, labelW = 560.0, 34.0, 200.0
	h := row*float64(len(counts)) + 10
	maxC := 1
	for _, c := range counts {
		maxC = max(maxC, c.Count)
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="barras" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg"><title id="%s-t">%s</title>`,
		w, h, idAttr, idAttr, esc("Gráfico de barras: "+title))
	for i, c := range counts {
		y := float64(i)*row + 5
		bw := (w - labelW - 70) * float64(c.Count) / float64(maxC)
		fmt.Fprintf(&b, `<text x="0" y="%.0f" font-size="14" fill="#1b1b1b">%s</text>`, y+20, esc(truncate(c.Option, 26)))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.1f" height="24" fill="#12395f"/>`, labelW, y+4, bw)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="14" fill="#1b1b1b">%d (%d %%)</text>`, labelW+bw+6, y+20, c.Count, c.Pct)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// --- public handlers ---

func (m *Module) registerPublicSurveys(rt *web.Router, pub func(string, web.HandlerFunc)) {
	pub("/encuestas", m.page("Encuestas", m.surveysView))
	pub("/encuestas/{id}", m.page("Encuestas", m.surveyView(nil, nil)))
	pub("/encuestas/{id}/responder", m.surveyRespond)
	pub("/encuestas/{id}/resultados", m.page("Encuestas", m.surveyResultsView))
	rt.Handle("POST", "/e/{code}/encuestas/{id}", access.Public, m.surveyAnswer)
}

func (m *Module) surveysView(r *http.Request, s *Site, v *view) (string, error) {
	list, err := listSurveys(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return "", err
	}
	var visible []Survey
	for _, x := range list {
		if x.StateAt(v.Now) != "programada" {
			visible = append(visible, x)
		}
	}
	v.Title = "Encuestas"
	v.Description = "Encuestas y consultas " + s.Of() + "."
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Encuestas"}}
	v.Data = map[string]any{"Surveys": visible}
	return "surveys", nil
}

func (m *Module) publicSurvey(r *http.Request, s *Site, now time.Time) (Survey, error) {
	sv, err := surveyByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	if err != nil {
		return sv, err
	}
	if sv.StateAt(now) == "programada" {
		return sv, errs.ErrNotFound
	}
	return sv, nil
}

// surveyOfPath resolves the site of the request and its survey of the path
// at the platform's clock (for the uncached survey pages).
func (m *Module) surveyOfPath(r *http.Request) (*Site, Survey, time.Time, error) {
	s, err := m.resolve(r)
	if err != nil {
		return nil, Survey{}, time.Time{}, err
	}
	now := m.kit.Now()
	sv, err := m.publicSurvey(r, s, now)
	return s, sv, now, err
}

// answerer is what the uncached pages of a restricted survey know of their
// visitor: his name as the sede identified him, or why he cannot answer.
type answerer struct {
	Name, Refused string
}

// surveyView builds a survey's page. With who nil it is the page every
// visitor sees (cached): a restricted survey shows there how to identify,
// not the form.
func (m *Module) surveyView(fe errs.Fields, who *answerer) builder {
	return func(r *http.Request, s *Site, v *view) (string, error) {
		sv, err := m.publicSurvey(r, s, v.Now)
		if err != nil {
			return "", err
		}
		v.Title = sv.Title
		v.Description = truncate(PlainText(sv.Description), 200)
		v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Encuestas", Href: s.Base + "/encuestas"}, {Label: sv.Title}}
		v.Errors = fe
		if r.Method == http.MethodPost {
			v.Form = map[string]string{"documento": ""}
			for k, vals := range r.PostForm {
				if k != "documento" && len(vals) > 0 {
					v.Form[k] = strings.Join(vals, "\x00")
				}
			}
		}
		blocked, name := "", ""
		switch {
		case sv.Restricted && m.Census == nil:
			blocked = ErrNoCensus.Error()
		case sv.Restricted && !m.identificationOffered():
			blocked = ErrNoIdentification.Error()
		case who != nil:
			blocked, name = who.Refused, who.Name
		}
		v.Data = map[string]any{"Survey": sv, "State": sv.StateAt(v.Now), "Blocked": blocked, "Identified": name}
		return "survey", nil
	}
}

// Checked reports whether option was submitted for the question field.
func (v *view) Checked(field, option string) bool {
	for _, x := range strings.Split(v.Form[field], "\x00") {
		if x == option {
			return true
		}
	}
	return false
}

// identificationOffered reports whether restricted surveys can identify
// their respondents.
func (m *Module) identificationOffered() bool {
	return m.Citizens != nil && m.Citizens.IdentificationOffered()
}

// identified returns the NIF and name of the visitor as the site's sede
// identified him. When nobody is identified there it sends him to identify
// (coming back to the survey's answer page) and nif is "".
func (m *Module) identified(w http.ResponseWriter, r *http.Request, s *Site, sv Survey) (nif, name string, err error) {
	nif, name, err = m.Citizens.IdentifiedCitizen(r, s.EntityID)
	if err == nil && nif == "" {
		back := "/e/" + s.Code + "/encuestas/" + sv.ID + "/responder"
		http.Redirect(w, r, m.Citizens.SignInPath(s.Code, back), http.StatusSeeOther)
	}
	return nif, name, err
}

// surveyRespond is the answer page of an open restricted survey: the
// visitor identifies at the sede and comes back here, to the form or to
// the reason he cannot answer (his own data: the page is never cached).
func (m *Module) surveyRespond(w http.ResponseWriter, r *http.Request) error {
	s, sv, now, err := m.surveyOfPath(r)
	if err != nil {
		return err
	}
	if !sv.Restricted || sv.StateAt(now) != "abierta" || m.Census == nil || !m.identificationOffered() {
		http.Redirect(w, r, s.Base+"/encuestas/"+sv.ID, http.StatusSeeOther)
		return nil
	}
	nif, name, err := m.identified(w, r, s, sv)
	if err != nil || nif == "" {
		return err
	}
	who, status := &answerer{Name: name}, http.StatusOK
	if _, err := m.inhabitant(r.Context(), sv, nif, now); err != nil {
		var we *errs.Error
		if !errors.As(err, &we) {
			return err
		}
		status, who.Refused = web.StatusOf(we)
	}
	return m.direct(w, r, status, "Encuestas", m.surveyView(nil, who))
}

// surveyAnswer records an answer. The respondent of a restricted survey is
// the person the sede identified; a document number in the form is ignored.
func (m *Module) surveyAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	s, sv, now, err := m.surveyOfPath(r)
	if err != nil {
		return err
	}
	if !m.answers.Allow(auth.ClientIP(r), time.Now()) {
		return errs.New(errs.TooManyRequests, "Demasiadas respuestas desde esta conexión. Espere un minuto.")
	}
	who := respondent{doc: web.Field(r, "documento")}
	var page *answerer
	if sv.Restricted && m.Census != nil && sv.StateAt(now) == "abierta" {
		if !m.identificationOffered() {
			return ErrNoIdentification
		}
		nif, name, err := m.identified(w, r, s, sv)
		if err != nil || nif == "" {
			return err
		}
		who, page = respondent{doc: nif, identified: true}, &answerer{Name: name}
	}
	values := map[int][]string{}
	for _, q := range sv.Questions {
		values[q.Pos] = r.PostForm[fmt.Sprintf("p%d", q.Pos)]
	}
	err = m.answer(r.Context(), sv, who, values, now, nil)
	var we *errs.Error
	switch {
	case err == nil:
		http.Redirect(w, r, s.Base+"/encuestas/"+sv.ID+"/resultados?gracias=1", http.StatusSeeOther)
		return nil
	case page != nil && errors.As(err, &we):
		status, msg := web.StatusOf(we)
		page.Refused = msg
		return m.direct(w, r, status, "Encuestas", m.surveyView(nil, page))
	}
	if fe, ok := errs.AsFields(err); ok {
		return m.direct(w, r, http.StatusUnprocessableEntity, "Encuestas", m.surveyView(fe, page))
	}
	return err
}

func (m *Module) surveyResultsView(r *http.Request, s *Site, v *view) (string, error) {
	sv, err := m.publicSurvey(r, s, v.Now)
	if err != nil {
		return "", err
	}
	res, _, err := m.results(r.Context(), sv)
	if err != nil {
		return "", err
	}
	v.Title = "Resultados: " + sv.Title
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Encuestas", Href: s.Base + "/encuestas"}, {Label: sv.Title, Href: s.Base + "/encuestas/" + sv.ID}, {Label: "Resultados"}}
	v.Data = map[string]any{"Survey": sv, "Results": res, "Thanks": r.URL.Query().Get("gracias") == "1", "State": sv.StateAt(v.Now)}
	return "results", nil
}

// --- editors ---

func (m *Module) surveysData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	list, err := listSurveys(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Encuestas", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Encuestas"}},
		Data: map[string]any{"Site": s, "Surveys": list, "Now": m.kit.Now(), "CanEdit": m.may(r.Context(), kit.Actor(r), PermEdit),
			"HasCensus": m.Census != nil, "HasIdentification": m.identificationOffered(), "Slots": []int{1, 2, 3, 4, 5}}}, nil
}

func (m *Module) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var fe errs.Fields
	f := SurveyForm{Title: web.Field(r, "titulo"), Description: web.Field(r, "descripcion"), Restricted: web.Field(r, "restringida") == "1"}
	f.OpensAt = formTime(r, "apertura", "de apertura", &fe)
	f.ClosesAt = formTime(r, "cierre", "de cierre", &fe)
	for i := 1; i <= maxQuestions; i++ {
		text := strings.TrimSpace(web.Field(r, fmt.Sprintf("pregunta%d", i)))
		if text == "" {
			continue
		}
		q := Question{Kind: web.Field(r, fmt.Sprintf("tipo%d", i)), Text: truncate(text, 300)}
		for _, o := range strings.Split(web.Field(r, fmt.Sprintf("opciones%d", i)), "\n") {
			if o = strings.TrimSpace(o); o != "" && len(q.Options) < 20 {
				q.Options = append(q.Options, truncate(o, 120))
			}
		}
		switch {
		case q.Kind != "una" && q.Kind != "varias" && q.Kind != "texto":
			fe.Add(fmt.Sprintf("tipo%d", i), fmt.Sprintf("Elija el tipo de la pregunta %d.", i))
		case q.Kind != "texto" && len(q.Options) < 2:
			fe.Add(fmt.Sprintf("opciones%d", i), fmt.Sprintf("Escriba al menos dos opciones para la pregunta %d, una por línea.", i))
		case q.Kind == "texto":
			q.Options = nil
		}
		f.Questions = append(f.Questions, q)
	}
	sid, err := m.createSurvey(r.Context(), kit.Actor(r), f, fe)
	return m.kit.AfterPost(w, r, err, "/portal/encuestas/"+sid, "Encuesta creada.", "portal/surveys", m.surveysData)
}

// editorSurvey returns the editor's site and its survey named in the path.
func (m *Module) editorSurvey(r *http.Request) (*Site, Survey, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, Survey{}, err
	}
	sv, err := surveyByID(r.Context(), m.kit.DB, s.EntityID, r.PathValue("id"))
	return s, sv, err
}

func (m *Module) surveyPage(w http.ResponseWriter, r *http.Request) error {
	s, sv, err := m.editorSurvey(r)
	if err != nil {
		return err
	}
	res, _, err := m.results(r.Context(), sv)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "portal/survey", &web.Page{Title: sv.Title, Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"},
		{Label: "Encuestas", Href: "/portal/encuestas"}, {Label: sv.Title}},
		Data: map[string]any{"Site": s, "Survey": sv, "Results": res, "Now": m.kit.Now(), "Formats": sheet.Formats}})
}

func (m *Module) surveyExport(w http.ResponseWriter, r *http.Request) error {
	_, sv, err := m.editorSurvey(r)
	if err != nil {
		return err
	}
	_, raw, err := m.results(r.Context(), sv)
	if err != nil {
		return err
	}
	t := sheet.Table{Name: "Respuestas"}
	for _, q := range sv.Questions {
		t.Header = append(t.Header, q.Text)
	}
	for _, line := range raw {
		row := make([]any, len(line))
		for i, c := range line {
			row[i] = c
		}
		t.Rows = append(t.Rows, row)
	}
	format := r.URL.Query().Get("formato")
	if format == "" {
		format = "csv"
	}
	return sheet.Write(w, format, "encuesta-"+slugify(sv.Title), t)
}
