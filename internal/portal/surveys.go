package portal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// Survey is a consultation to the public, open between OpensAt and ClosesAt.
// A restricted survey only takes answers from people inscribed in the
// entity's padrón, checked with the padrón's verification service.
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
var ErrNoCensus = web.NewError(http.StatusConflict, "No se puede abrir una encuesta restringida a personas empadronadas: "+
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

func (m *Module) createSurvey(ctx context.Context, a *auth.Actor, f SurveyForm, fe web.FormErrors) (string, error) {
	if !may(a, actEdit) {
		return "", web.ErrForbidden
	}
	site, err := siteOf(ctx, m.kit.DB, a.Entity.ID)
	if err != nil {
		return "", web.ErrForbidden
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
	now := Now()
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

// respondentKey is the keyed digest of a document number for one survey:
// it makes one answer per person possible without storing who answered.
func respondentKey(surveyID, document string) string {
	mac := hmac.New(sha256.New, []byte("concejo-portal-encuesta:"+surveyID))
	mac.Write([]byte(normalizeDoc(document)))
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

// answer records one person's answers to an open survey.
func (m *Module) answer(ctx context.Context, s Survey, document string, values map[int][]string, now time.Time, fe web.FormErrors) error {
	if s.StateAt(now) != "abierta" {
		return web.Conflict("La encuesta no está abierta.")
	}
	if s.Restricted && m.Census == nil {
		return ErrNoCensus
	}
	doc := normalizeDoc(document)
	if len(doc) < 5 || len(doc) > 20 {
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
		if res, err = m.Census(ctx, s.EntityID, doc, now); err != nil {
			return err
		}
		if !res.Registered {
			var fe web.FormErrors
			fe.Add("documento", "Ese documento no figura en el padrón municipal: esta encuesta es solo para personas empadronadas.")
			return fe
		}
	}
	body, _ := json.Marshal(ans)
	_, err := m.kit.DB.ExecContext(ctx, `INSERT INTO portal_answers (entity_id, survey_id, respondent, answers, district, age_band, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.EntityID, s.ID, respondentKey(s.ID, doc), string(body), res.District, res.AgeBand, now)
	if db.IsUniqueViolation(err) {
		return web.Conflict("Ya hay una respuesta con ese documento: solo se admite una por persona.")
	}
	if err == nil {
		m.changed(s.EntityID)
	}
	return err
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
	pub("/encuestas/{id}", m.page("Encuestas", m.surveyView(nil)))
	pub("/encuestas/{id}/resultados", m.page("Encuestas", m.surveyResultsView))
	rt.Handle("POST", "/e/{code}/encuestas/{id}", web.Public, m.surveyAnswer)
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
	v.Description = "Encuestas y consultas de " + s.Name + "."
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
		return sv, web.ErrNotFound
	}
	return sv, nil
}

func (m *Module) surveyView(errs web.FormErrors) builder {
	return func(r *http.Request, s *Site, v *view) (string, error) {
		sv, err := m.publicSurvey(r, s, v.Now)
		if err != nil {
			return "", err
		}
		v.Title = sv.Title
		v.Description = truncate(PlainText(sv.Description), 200)
		v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Encuestas", Href: s.Base + "/encuestas"}, {Label: sv.Title}}
		v.Errors = errs
		if r.Method == http.MethodPost {
			v.Form = map[string]string{"documento": ""}
			for k, vals := range r.PostForm {
				if k != "documento" && len(vals) > 0 {
					v.Form[k] = strings.Join(vals, "\x00")
				}
			}
		}
		blocked := ""
		if sv.Restricted && m.Census == nil {
			blocked = ErrNoCensus.Error()
		}
		v.Data = map[string]any{"Survey": sv, "State": sv.StateAt(v.Now), "Blocked": blocked}
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

var answerThrottle = auth.NewThrottle(30, time.Minute)

func (m *Module) surveyAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	s, err := m.resolve(r)
	if err != nil {
		return err
	}
	now := Now()
	sv, err := m.publicSurvey(r, s, now)
	if err != nil {
		return err
	}
	if !answerThrottle.Allow(auth.ClientIP(r), time.Now()) {
		return web.NewError(http.StatusTooManyRequests, "Demasiadas respuestas desde esta conexión. Espere un minuto.")
	}
	values := map[int][]string{}
	for _, q := range sv.Questions {
		values[q.Pos] = r.PostForm[fmt.Sprintf("p%d", q.Pos)]
	}
	err = m.answer(r.Context(), sv, web.Field(r, "documento"), values, now, nil)
	if fe, ok := web.AsFormErrors(err); ok {
		return m.direct(w, r, http.StatusUnprocessableEntity, "Encuestas", m.surveyView(fe))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.Base+"/encuestas/"+sv.ID+"/resultados?gracias=1", http.StatusSeeOther)
	return nil
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
		Data: map[string]any{"Site": s, "Surveys": list, "Now": Now(), "CanEdit": may(kit.Actor(r), actEdit),
			"HasCensus": m.Census != nil, "Slots": []int{1, 2, 3, 4, 5}}}, nil
}

func (m *Module) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	var fe web.FormErrors
	f := SurveyForm{Title: web.Field(r, "titulo"), Description: web.Field(r, "descripcion"), Restricted: web.Field(r, "restringida") == "1"}
	f.OpensAt = formTime(r, "apertura", &fe, false)
	f.ClosesAt = formTime(r, "cierre", &fe, false)
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
		Data: map[string]any{"Site": s, "Survey": sv, "Results": res, "Now": Now(), "Formats": sheet.Formats}})
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
