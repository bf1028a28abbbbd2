package census

import (
	"database/sql"
	"fmt"
	"net/http"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

func scanFile(s db.Scanner) (INEFile, error) {
	var f INEFile
	err := s.Scan(&f.ID, &f.Direction, &f.Period, &f.Filename, &f.Records, &f.Errors, &f.Applied, &f.Summary, &f.CreatedAt, &f.CreatedBy)
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

const fileCols = `id, direction, period, filename, records, errors, applied, summary, created_at, created_by`

// inePage lists the files exchanged with INE and what is pending.
func (m *Module) inePage(w http.ResponseWriter, r *http.Request) error {
	return m.kit.Show(w, r, "census/ine", m.inePageData)
}

func (m *Module) inePageData(r *http.Request) (*web.Page, error) {
	a := kit.Actor(r)
	ctx := r.Context()
	files, err := db.Collect(ctx, m.kit.DB, scanFile, `SELECT `+fileCols+` FROM census_ine_files WHERE entity_id = $1
		ORDER BY created_at DESC, id DESC LIMIT 60`, a.Entity.ID)
	if err != nil {
		return nil, err
	}
	var pending int
	if err := m.kit.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM census_variations WHERE entity_id = $1 AND ine_state = ''`,
		a.Entity.ID).Scan(&pending); err != nil {
		return nil, err
	}
	var months []option
	t := today()
	for k := 1; k <= 12; k++ {
		mo := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -k+1, 0)
		months = append(months, option{mo.Format("2006-01"), monthName(mo)})
	}
	form := map[string]string{"periodo": months[min(1, len(months)-1)].Value}
	if r.Method == http.MethodPost {
		form["periodo"] = web.Field(r, "periodo")
	}
	return &web.Page{Title: "Intercambio con el INE", Crumbs: []web.Crumb{homeCrumb}, Form: form,
		Data: map[string]any{"Files": files, "Pending": pending, "Months": months}}, nil
}

var monthNames = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

func monthName(t time.Time) string { return fmt.Sprintf("%s de %d", monthNames[t.Month()-1], t.Year()) }

func (m *Module) ineSendPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, web.MaxForm); err != nil {
		return err
	}
	f, err := m.SendMonth(r.Context(), kit.Actor(r), web.Field(r, "periodo"))
	return m.kit.AfterPost(w, r, err, "/padron/ine/ficheros/"+f.ID,
		fmt.Sprintf("Fichero %s generado con %d variaciones.", f.Filename, f.Records), "census/ine", m.inePageData)
}

func (m *Module) ineReturnPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r, MaxINEFile+(64<<10)); err != nil {
		return err
	}
	upload, err := web.FormFile(r, "fichero", MaxINEFile)
	if err != nil {
		return err
	}
	f, err := m.ApplyReturn(r.Context(), kit.Actor(r), upload.Name, upload.Content)
	return m.kit.AfterPost(w, r, err, "/padron/ine/ficheros/"+f.ID, "Devolución leída: "+f.Summary+".", "census/ine", m.inePageData)
}

// Incident is an incidencia of a return file.
type Incident struct {
	Line                         int
	InscriptionID, Code, Message string
	ResolvedAt                   sql.NullTime
}

func (m *Module) ineFilePage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	ctx := r.Context()
	f, err := scanFile(m.kit.DB.QueryRowContext(ctx, `SELECT `+fileCols+` FROM census_ine_files WHERE entity_id = $1 AND id = $2`,
		a.Entity.ID, r.PathValue("id")))
	if err != nil {
		return db.NotFound(err)
	}
	incidents, err := db.Collect(ctx, m.kit.DB, func(s db.Scanner) (Incident, error) {
		var i Incident
		err := s.Scan(&i.Line, &i.InscriptionID, &i.Code, &i.Message, &i.ResolvedAt)
		return i, err
	}, `SELECT line, inscription_id, code, message, resolved_at FROM census_ine_incidents WHERE entity_id = $1 AND file_id = $2
		ORDER BY line`, a.Entity.ID, f.ID)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "census/inefile", &web.Page{Title: "Fichero " + f.Filename,
		Crumbs: []web.Crumb{homeCrumb, {Label: "Intercambio con el INE", Href: "/padron/ine"}},
		Data:   map[string]any{"F": f, "Incidents": incidents}})
}

func (m *Module) ineFileDownload(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	var name string
	var content []byte
	err := m.kit.DB.QueryRowContext(r.Context(), `SELECT filename, content FROM census_ine_files WHERE entity_id = $1 AND id = $2`,
		a.Entity.ID, r.PathValue("id")).Scan(&name, &content)
	if err != nil {
		return db.NotFound(err)
	}
	if err := m.logAccess(r.Context(), a.Entity.ID, "", "descarga", "Fichero INE "+name, a.UserID, a.Name, a.IP); err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: name, ContentType: "text/plain; charset=iso-8859-1", Content: content})
}
