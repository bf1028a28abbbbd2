package portal

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"concejo/internal/backoffice/census"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// transparencyItem is one obligation of publicidad activa (Ley 19/2013).
type transparencyItem struct {
	Code, Article, Group, Label string
	// Auto items are filled from the platform's own data.
	Auto bool
}

// transparencyItems is the checklist of Ley 19/2013 arts. 6–8 for a local
// entity (see shared/standards/transparencia.md; letters unverified).
var transparencyItems = []transparencyItem{
	{"funciones", "Art. 6.1", "Información institucional, organizativa y de planificación", "Funciones de la entidad y de sus órganos", false},
	{"normativa", "Art. 6.1", "Información institucional, organizativa y de planificación", "Normativa aplicable (ordenanzas y reglamentos)", false},
	{"organigrama", "Art. 6.1", "Información institucional, organizativa y de planificación", "Estructura organizativa: organigrama y responsables con su perfil y trayectoria", false},
	{"planes", "Art. 6.2", "Información institucional, organizativa y de planificación", "Planes y programas anuales y plurianuales, con su grado de cumplimiento", false},
	{"tratamientos", "Art. 6 bis", "Información institucional, organizativa y de planificación", "Registro de actividades de tratamiento de datos personales", false},
	{"directrices", "Art. 7.a", "Información de relevancia jurídica", "Directrices, instrucciones, acuerdos y circulares con efectos jurídicos", false},
	{"proyectos_normativos", "Art. 7.c", "Información de relevancia jurídica", "Proyectos de ordenanzas y reglamentos sometidos a información pública", false},
	{"memorias", "Art. 7.d", "Información de relevancia jurídica", "Memorias e informes de los expedientes normativos", false},
	{"informacion_publica", "Art. 7.e", "Información de relevancia jurídica", "Documentos sometidos a información pública (tablón de anuncios)", true},
	{"contratos", "Art. 8.1.a", "Información económica, presupuestaria y estadística", "Contratos: objeto, importes, procedimiento, licitadores y adjudicatario", true},
	{"contratos_menores", "Art. 8.1.a", "Información económica, presupuestaria y estadística", "Contratos menores (al menos trimestralmente)", true},
	{"convenios", "Art. 8.1.b", "Información económica, presupuestaria y estadística", "Convenios suscritos y encomiendas de gestión", false},
	{"subvenciones", "Art. 8.1.c", "Información económica, presupuestaria y estadística", "Subvenciones y ayudas públicas concedidas", false},
	{"presupuestos", "Art. 8.1.d", "Información económica, presupuestaria y estadística", "Presupuestos, su ejecución y la estabilidad presupuestaria", false},
	{"cuentas", "Art. 8.1.e", "Información económica, presupuestaria y estadística", "Cuentas anuales e informes de auditoría y fiscalización", false},
	{"retribuciones", "Art. 8.1.f", "Información económica, presupuestaria y estadística", "Retribuciones de los cargos electos y del personal directivo", false},
	{"compatibilidades", "Art. 8.1.h", "Información económica, presupuestaria y estadística", "Resoluciones de compatibilidad de los empleados públicos", false},
	{"bienes_cargos", "Art. 8.1.h", "Información económica, presupuestaria y estadística", "Declaraciones de bienes y actividades de los representantes locales", false},
	{"estadistica", "Art. 8.1.i", "Información económica, presupuestaria y estadística", "Información estadística: población y calidad de los servicios", true},
	{"inmuebles", "Art. 8.3", "Información económica, presupuestaria y estadística", "Relación de bienes inmuebles de la entidad", false},
	{"datos_abiertos", "Art. 5.4", "Información económica, presupuestaria y estadística", "Información en formatos reutilizables (datos abiertos)", true},
}

// TransparencyRow is an item of the checklist with what the entity has.
type TransparencyRow struct {
	transparencyItem
	Published bool
	URL, Note string
	UpdatedAt time.Time
}

// TransparencyGroup is one article group of the checklist.
type TransparencyGroup struct {
	Name string
	Rows []TransparencyRow
}

// Transparency is an entity's checklist with its score (0–100).
type Transparency struct {
	Groups           []TransparencyGroup
	Published, Total int
	Score            int
	Missing          []string
}

// transparencyOf builds the checklist of the site: manual items from what
// editors entered, the rest from the portal's and the padrón's data.
func (m *Module) transparencyOf(ctx context.Context, s *Site, now time.Time) (*Transparency, error) {
	manual := map[string]TransparencyRow{}
	rows, err := m.kit.DB.QueryContext(ctx, `SELECT item, url, note, updated_at FROM portal_transparency WHERE entity_id = $1`, s.EntityID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r TransparencyRow
		var code string
		if err := rows.Scan(&code, &r.URL, &r.Note, &r.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		manual[code] = r
	}
	rows.Close()
	count := func(q string, args ...any) int {
		var n int
		if err := m.kit.DB.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return 0
		}
		return n
	}
	t := &Transparency{}
	for _, it := range transparencyItems {
		r := TransparencyRow{transparencyItem: it}
		if mr, ok := manual[it.Code]; ok && !it.Auto {
			r.URL, r.Note, r.UpdatedAt = mr.URL, mr.Note, mr.UpdatedAt
			r.Published = mr.URL != "" || mr.Note != ""
		}
		switch it.Code {
		case "informacion_publica":
			n := count(`SELECT COUNT(*) FROM portal_edicts WHERE entity_id = $1 AND publish_at <= $2`, s.EntityID, now)
			r.Published, r.URL, r.Note = n > 0, s.Base+"/tablon", fmt.Sprintf("%d anuncios publicados en el tablón.", n)
		case "contratos":
			n := count(`SELECT COUNT(*) FROM portal_tenders WHERE entity_id = $1 AND NOT minor`, s.EntityID)
			r.Published, r.URL, r.Note = n > 0, s.Base+"/perfil", fmt.Sprintf("%d expedientes en el perfil del contratante.", n)
		case "contratos_menores":
			n := count(`SELECT COUNT(*) FROM portal_tenders WHERE entity_id = $1 AND minor`, s.EntityID)
			r.Published, r.URL, r.Note = n > 0, s.Base+"/perfil#menores", fmt.Sprintf("%d contratos menores.", n)
		case "datos_abiertos":
			n := count(`SELECT COUNT(*) FROM portal_datasets WHERE entity_id = $1`, s.EntityID)
			r.Published, r.URL, r.Note = true, s.Base+"/datos", fmt.Sprintf("%d conjuntos publicados por la entidad, más los generados por la plataforma.", n)
		case "estadistica":
			pop, src := population(ctx, m.kit.DB, s)
			r.Published, r.URL = pop > 0, s.Base+"/datos/poblacion"
			r.Note = "Población: " + web.Thousands(pop) + " habitantes (" + src + ")."
		}
		if r.Published {
			t.Published++
		} else {
			t.Missing = append(t.Missing, it.Label)
		}
		t.Total++
		if n := len(t.Groups); n == 0 || t.Groups[n-1].Name != it.Group {
			t.Groups = append(t.Groups, TransparencyGroup{Name: it.Group})
		}
		t.Groups[len(t.Groups)-1].Rows = append(t.Groups[len(t.Groups)-1].Rows, r)
	}
	t.Score = t.Published * 100 / t.Total
	return t, nil
}

// population is the entity's population: the active inscriptions of the
// padrón when the platform keeps it, else the official INE figure.
func population(ctx context.Context, q db.Queryer, s *Site) (int64, string) {
	if n, err := census.ActivePopulation(ctx, q, s.EntityID); err == nil && n > 0 {
		return n, "padrón municipal, inscripciones vigentes"
	}
	return s.Population, fmt.Sprintf("cifra oficial del INE a 1 de enero de %d", s.PopulationYear)
}

func (m *Module) registerPublicTransparency(pub func(string, web.HandlerFunc)) {
	pub("/transparencia", m.page("Transparencia", m.transparencyView))
}

func (m *Module) transparencyView(r *http.Request, s *Site, v *view) (string, error) {
	t, err := m.transparencyOf(r.Context(), s, v.Now)
	if err != nil {
		return "", err
	}
	v.Title = "Portal de transparencia"
	v.Description = "Información que publica " + s.The() + " por la Ley 19/2013 de transparencia y la Ley 4/2013 de Gobierno Abierto de Extremadura."
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Transparencia"}}
	v.Data = t.published()
	return "transparency", nil
}

// published is what the public page shows of the checklist: the groups with
// the information published, without what is missing (the editors see the
// whole checklist in the staff pages).
func (t *Transparency) published() []TransparencyGroup {
	var out []TransparencyGroup
	for _, g := range t.Groups {
		pg := TransparencyGroup{Name: g.Name}
		for _, r := range g.Rows {
			if r.Published {
				pg.Rows = append(pg.Rows, r)
			}
		}
		if len(pg.Rows) > 0 {
			out = append(out, pg)
		}
	}
	return out
}

func (m *Module) transparencyData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	t, err := m.transparencyOf(r.Context(), s, m.kit.Now())
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Transparencia", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Transparencia"}},
		Data: map[string]any{"Site": s, "T": t, "CanPublish": m.may(r.Context(), kit.Actor(r), PermOfficial)}}, nil
}

// transparencyPost records where a manual item is published (publisher).
func (m *Module) transparencyPost(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, web.MaxForm)
	if err != nil {
		return err
	}
	code := r.PathValue("item")
	var item *transparencyItem
	for i := range transparencyItems {
		if transparencyItems[i].Code == code && !transparencyItems[i].Auto {
			item = &transparencyItems[i]
		}
	}
	if item == nil {
		return errs.ErrNotFound
	}
	if err := m.kit.Access.RequireHere(r.Context(), a, PermOfficial); err != nil {
		return err
	}
	u, note := strings.TrimSpace(web.Field(r, "url")), strings.TrimSpace(web.Field(r, "nota"))
	var fe errs.Fields
	if u != "" && (!safeURL(u) || strings.HasPrefix(strings.ToLower(u), "mailto:") || strings.HasPrefix(strings.ToLower(u), "tel:") || len(u) > 1000) {
		fe.Add("url-"+code, "Escriba una dirección que empiece por https:// o por / (una página del portal).")
	}
	if len([]rune(note)) > 1000 {
		fe.Add("url-"+code, "La nota no puede tener más de 1.000 caracteres.")
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/transparency", m.transparencyData, err)
	}
	now := m.kit.Now()
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(r.Context(), `DELETE FROM portal_transparency WHERE entity_id = $1 AND item = $2`, s.EntityID, code); err != nil {
			return err
		}
		if u != "" || note != "" {
			if _, err := tx.ExecContext(r.Context(), `INSERT INTO portal_transparency (entity_id, item, url, note, updated_at, updated_by)
				VALUES ($1, $2, $3, $4, $5, $6)`, s.EntityID, code, u, note, now, a.UserID); err != nil {
				return err
			}
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.transparencia.modificar",
			ObjectType: "portal_transparencia", ObjectID: code, After: map[string]string{"url": u, "nota": note}})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/transparencia#"+code, "Obligación «"+item.Label+"» actualizada.")
}
