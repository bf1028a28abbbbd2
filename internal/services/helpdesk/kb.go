package helpdesk

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// Solution is an article of the knowledge base.
type Solution struct {
	ID, ServiceCode, ServiceName, Title, Body string
	Published                                 bool
	Views                                     int64
	UpdatedAt                                 time.Time
}

// Paragraphs splits the body at blank lines, for display.
func (s Solution) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Excerpt is the start of the body.
func (s Solution) Excerpt() string {
	r := []rune(strings.Join(strings.Fields(s.Body), " "))
	if len(r) > 220 {
		return string(r[:220]) + "…"
	}
	return string(r)
}

const solutionSelect = `SELECT k.id, k.service_code, k.title, k.body, k.published, k.views, k.updated_at
	FROM helpdesk_solutions k`

func scanSolution(sc db.Scanner) (Solution, error) {
	var s Solution
	err := sc.Scan(&s.ID, &s.ServiceCode, &s.Title, &s.Body, &s.Published, &s.Views, &s.UpdatedAt)
	return s, err
}

// stopwords are Spanish words too common to search by.
var stopwords = map[string]bool{"para": true, "como": true, "pero": true, "esta": true, "este": true, "esto": true,
	"estan": true, "tiene": true, "desde": true, "cuando": true, "donde": true, "porque": true, "sobre": true, "tengo": true,
	"puedo": true, "hace": true, "hola": true, "buenos": true, "dias": true, "gracias": true, "saludos": true, "nuestro": true,
	"nuestra": true, "muy": true, "hay": true, "que": true, "los": true, "las": true, "del": true, "una": true, "uno": true,
	"con": true, "por": true, "sin": true, "mas": true, "ayuntamiento": true, "favor": true, "buenas": true, "tardes": true}

// terms folds text into up to max distinct searchable words.
func terms(text string, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(refdata.Fold(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == 'ñ')
	}) {
		if len(w) < 3 || stopwords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == max {
			break
		}
	}
	return out
}

// searchSolutions returns the published solutions that best match text
// (accent-insensitive), ranked by how many of its words they contain (the
// title counts double), preferring those of service.
func searchSolutions(ctx context.Context, q db.Queryer, text, service string, limit int) ([]Solution, error) {
	words := terms(text, 10)
	if len(words) == 0 {
		return nil, nil
	}
	w := &db.Where{}
	var score []string
	for _, word := range words {
		score = append(score, "CASE WHEN "+w.Contains("k.search_text", word)+" THEN 1 ELSE 0 END")
	}
	svc := w.Arg(service)
	query := `SELECT id, service_code, title, body, published, views, updated_at FROM (
		SELECT k.id, k.service_code, k.title, k.body, k.published, k.views, k.updated_at,
		(` + strings.Join(score, " + ") + `) AS score, CASE WHEN k.service_code = ` + svc + ` THEN 1 ELSE 0 END AS same
		FROM helpdesk_solutions k WHERE k.published = TRUE) r
		WHERE score > 0 ORDER BY score + same DESC, title LIMIT ` + strconv.Itoa(limit)
	return namedSolutions(ctx, q, query, w.Args...)
}

// listSolutions lists solutions matching every word of query (all of them
// when empty), published only unless all.
func listSolutions(ctx context.Context, q db.Queryer, query, service string, all bool) ([]Solution, error) {
	w := &db.Where{}
	if !all {
		w.Add("k.published = TRUE")
	}
	if service != "" {
		w.Add("k.service_code = ?", service)
	}
	for _, word := range terms(query, 8) {
		w.Add(w.Contains("k.search_text", word))
	}
	return namedSolutions(ctx, q, solutionSelect+w.SQL()+` ORDER BY k.views DESC, k.title LIMIT 200`, w.Args...)
}

// namedSolutions runs a query of solutions and names their services.
func namedSolutions(ctx context.Context, q db.Queryer, query string, args ...any) ([]Solution, error) {
	out, err := db.Collect(ctx, q, scanSolution, query, args...)
	if err != nil {
		return nil, fmt.Errorf("soporte: leer las soluciones: %w", err)
	}
	return out, nameSolutionServices(ctx, q, out)
}

func solutionByID(ctx context.Context, q db.Queryer, sid string) (Solution, error) {
	s, err := scanSolution(q.QueryRowContext(ctx, solutionSelect+` WHERE k.id = $1`, sid))
	if err := db.NotFound(err); err != nil {
		return s, err
	}
	one := []Solution{s}
	err = nameSolutionServices(ctx, q, one)
	return one[0], err
}

func saveSolution(ctx context.Context, q db.Queryer, s *Solution, by string, now time.Time, insert bool) error {
	st := refdata.Fold(s.Title + " " + s.Body)
	if insert {
		_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_solutions (id, service_code, title, body, search_text, published,
			views, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $7, $8)`,
			s.ID, s.ServiceCode, s.Title, s.Body, st, s.Published, now.UTC(), by)
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE helpdesk_solutions SET service_code = $2, title = $3, body = $4, search_text = $5,
		published = $6, updated_at = $7, updated_by = $8 WHERE id = $1`, s.ID, s.ServiceCode, s.Title, s.Body, st, s.Published, now.UTC(), by)
	return err
}

// writesSolutions reports whether the request's actor writes the knowledge
// base (and so reads its unpublished solutions too).
func (m *Module) writesSolutions(r *http.Request) (bool, error) {
	a := kit.Actor(r)
	return m.kit.Access.Can(r.Context(), a, PermSecondLevel, a.Entity.ID)
}

type solutionsData struct {
	Q, Service string
	Rows       []Solution
	Services   []directory.Service
	CanWrite   bool
}

func (m *Module) solutionsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := solutionsData{Q: strings.TrimSpace(r.URL.Query().Get("q")), Service: r.URL.Query().Get("servicio")}
	var err error
	if d.CanWrite, err = m.writesSolutions(r); err != nil {
		return err
	}
	if len(d.Q) > 200 {
		d.Q = d.Q[:200]
	}
	if d.Rows, err = listSolutions(ctx, m.kit.DB, d.Q, d.Service, d.CanWrite); err != nil {
		return err
	}
	if len(d.Rows) == 0 && d.Q != "" {
		if d.Rows, err = searchSolutions(ctx, m.kit.DB, d.Q, d.Service, 20); err != nil {
			return err
		}
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return err
	}
	return m.kit.Page(w, r, "helpdesk/solutions", &web.Page{Title: "Base de conocimiento",
		Crumbs: []web.Crumb{crumbSupport, {Label: "Base de conocimiento"}}, Data: d})
}

func (m *Module) solutionPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	canWrite, err := m.writesSolutions(r)
	if err != nil {
		return err
	}
	s, err := solutionByID(ctx, m.kit.DB, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !s.Published && !canWrite {
		return errs.ErrNotFound
	}
	if _, err := m.kit.DB.ExecContext(ctx, `UPDATE helpdesk_solutions SET views = views + 1 WHERE id = $1`, s.ID); err != nil {
		return err
	}
	return m.kit.Page(w, r, "helpdesk/solution", &web.Page{Title: s.Title, Crumbs: []web.Crumb{crumbSupport,
		{Label: "Base de conocimiento", Href: "/soporte/soluciones"}, {Label: s.Title}},
		Data: map[string]any{"S": s, "CanWrite": canWrite}})
}

type solutionForm struct {
	S        Solution
	Services []directory.Service
	New      bool
}

func (m *Module) solutionFormPage(r *http.Request, isNew bool) (*web.Page, error) {
	ctx := r.Context()
	d := &solutionForm{New: isNew, S: Solution{Published: true}}
	var err error
	if !isNew {
		if d.S, err = solutionByID(ctx, m.kit.DB, r.PathValue("id")); err != nil {
			return nil, err
		}
	}
	if d.Services, err = listServices(ctx, m.kit.DB); err != nil {
		return nil, err
	}
	title := "Nueva solución"
	crumbs := []web.Crumb{crumbSupport, {Label: "Base de conocimiento", Href: "/soporte/soluciones"}}
	if !isNew {
		title = "Editar: " + d.S.Title
		crumbs = append(crumbs, web.Crumb{Label: d.S.Title, Href: "/soporte/soluciones/" + d.S.ID})
	}
	p := &web.Page{Title: title, Crumbs: append(crumbs, web.Crumb{Label: title}), Data: d}
	if r.Method == http.MethodGet {
		p.Form = map[string]string{"titulo": d.S.Title, "texto": d.S.Body, "servicio": d.S.ServiceCode}
		if d.S.Published {
			p.Form["publicada"] = "1"
		}
	}
	return p, nil
}

func (m *Module) solutionNewPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/solution_form", func(r *http.Request) (*web.Page, error) { return m.solutionFormPage(r, true) })
}

func (m *Module) solutionEditPage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "helpdesk/solution_form", func(r *http.Request) (*web.Page, error) { return m.solutionFormPage(r, false) })
}

func (m *Module) solutionCreatePost(w http.ResponseWriter, r *http.Request) error {
	return m.solutionSave(w, r, true)
}

func (m *Module) solutionEditPost(w http.ResponseWriter, r *http.Request) error {
	return m.solutionSave(w, r, false)
}

func (m *Module) solutionSave(w http.ResponseWriter, r *http.Request, isNew bool) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	ctx := r.Context()
	a := kit.Actor(r)
	s := Solution{ID: id.New()}
	var err error
	if !isNew {
		if s, err = solutionByID(ctx, m.kit.DB, r.PathValue("id")); err != nil {
			return err
		}
	}
	before := s
	s.Title, s.Body = strings.TrimSpace(web.Field(r, "titulo")), strings.TrimSpace(web.Field(r, "texto"))
	s.ServiceCode, s.Published = web.Field(r, "servicio"), web.Field(r, "publicada") == "1"
	var fe errs.Fields
	if s.Title == "" || tooLong(s.Title, 200) {
		fe.Add("titulo", "Escriba el título (hasta 200 caracteres): el problema tal como lo describiría quien lo sufre.")
	}
	if s.Body == "" || tooLong(s.Body, 50000) {
		fe.Add("texto", "Escriba la solución paso a paso (hasta 50.000 caracteres).")
	}
	if err := checkService(ctx, m.kit.DB, &fe, s.ServiceCode); err != nil {
		return err
	}
	page := func(r *http.Request) (*web.Page, error) { return m.solutionFormPage(r, isNew) }
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "helpdesk/solution_form", page, err)
	}
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := saveSolution(ctx, tx, &s, a.UserID, m.now(), isNew); err != nil {
			return err
		}
		action := "solucion.editar"
		var b any = map[string]any{"titulo": before.Title, "servicio": before.ServiceCode, "publicada": before.Published}
		if isNew {
			action, b = "solucion.crear", nil
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: a.Entity.ID, Action: action, ObjectType: "solucion", ObjectID: s.ID,
			Before: b, After: map[string]any{"titulo": s.Title, "servicio": s.ServiceCode, "publicada": s.Published}})
	})
	if err != nil {
		return err
	}
	return m.kit.Redirect(w, r, "/soporte/soluciones/"+s.ID, "Solución guardada.")
}
