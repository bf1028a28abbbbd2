package portal

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"concejo/internal/platform/access"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// Dataset is an open data set of a site: published by the entity (an
// uploaded CSV) or generated from the platform's data.
type Dataset struct {
	Slug, Title, Description, Theme, Frequency string
	Keywords                                   []string
	Issued, Modified                           time.Time
	Formats                                    []string
	Generated                                  bool
	// table builds its rows; geo (optional) its GeoJSON.
	table func(ctx context.Context) (sheet.Table, error)
	geo   func(ctx context.Context) ([]byte, error)
}

// themes are the NTI-RISP sectors (datos.gob.es taxonomy).
var themes = []string{"ciencia-tecnologia", "comercio", "cultura-ocio", "demografia", "deporte", "economia", "educacion", "empleo",
	"energia", "hacienda", "industria", "legislacion-justicia", "medio-ambiente", "medio-rural-pesca", "salud", "sector-publico",
	"seguridad", "sociedad-bienestar", "transporte", "turismo", "urbanismo-infraestructuras", "vivienda"}

var formatInfo = map[string]struct{ EU, Media, Label string }{
	"csv":     {"CSV", "text/csv", "CSV"},
	"json":    {"JSON", "application/json", "JSON"},
	"ods":     {"ODS", "application/vnd.oasis.opendocument.spreadsheet", "Hoja de cálculo ODS"},
	"xlsx":    {"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Hoja de cálculo XLSX"},
	"geojson": {"GEOJSON", "application/geo+json", "GeoJSON"},
}

// FormatLabel names a distribution format for people.
func FormatLabel(f string) string { return formatInfo[f].Label }

var tableFormats = []string{"csv", "json", "ods", "xlsx"}

// datasets lists the site's datasets: the generated ones, then the uploaded.
func (m *Module) datasets(ctx context.Context, s *Site, now time.Time) ([]Dataset, error) {
	q := m.kit.DB
	var out []Dataset
	pop, src := population(ctx, q, s)
	year := now.In(web.Madrid).Year()
	out = append(out, Dataset{Slug: "poblacion", Title: "Población " + s.Of(), Generated: true, Theme: "demografia",
		Description: "Número de habitantes " + s.Of() + " (" + src + ").", Frequency: "ANNUAL",
		Keywords: []string{"población", "padrón", "habitantes"}, Issued: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Modified: now.Truncate(24 * time.Hour),
		Formats: tableFormats, table: func(context.Context) (sheet.Table, error) {
			return sheet.Table{Name: "Población", Header: []string{"Entidad", "Código INE", "Habitantes", "Fuente"},
				Rows: [][]any{{s.Name, s.INE, pop, src}}}, nil
		}})
	out = append(out, Dataset{Slug: "lugares", Title: "Lugares y servicios " + s.Of(), Generated: true, Theme: "sector-publico",
		Description: "Oficinas, servicios y lugares de interés con dirección, horario y coordenadas (WGS84).", Frequency: "IRREG",
		Keywords: []string{"equipamientos", "puntos de interés", "horarios"}, Issued: s.UpdatedAt, Modified: now.Truncate(24 * time.Hour),
		Formats: append(append([]string{}, tableFormats...), "geojson"),
		table: func(ctx context.Context) (sheet.Table, error) {
			ps, err := listPlaces(ctx, q, s.EntityID)
			t := sheet.Table{Name: "Lugares", Header: []string{"Nombre", "Categoría", "Dirección", "Horario", "Teléfono", "Latitud", "Longitud"}}
			for _, p := range ps {
				t.Rows = append(t.Rows, []any{p.Name, p.Category, p.Address, p.Hours, p.Phone, float64(p.Lat) / 1e6, float64(p.Lon) / 1e6})
			}
			return t, err
		},
		geo: func(ctx context.Context) ([]byte, error) {
			ps, err := listPlaces(ctx, q, s.EntityID)
			if err != nil {
				return nil, err
			}
			b, _, err := geoJSON(ps)
			return b, err
		}})
	out = append(out, Dataset{Slug: "contratos", Title: "Contratos " + s.Of(), Generated: true, Theme: "sector-publico",
		Description: "Contratos del perfil del contratante y contratos menores: objeto, tipo, procedimiento, importes y adjudicatario.",
		Frequency:   "MONTHLY", Keywords: []string{"contratos", "licitaciones", "contratación pública"}, Issued: s.UpdatedAt,
		Modified: now.Truncate(24 * time.Hour), Formats: tableFormats,
		table: func(ctx context.Context) (sheet.Table, error) {
			t := sheet.Table{Name: "Contratos", Header: []string{"Expediente", "Objeto", "Tipo", "Procedimiento", "Menor", "Estado",
				"Presupuesto (€)", "Importe de adjudicación (€)", "Adjudicatario", "Publicado"}}
			for _, minor := range []bool{false, true} {
				ts, err := listTenders(ctx, q, s.EntityID, minor)
				if err != nil {
					return t, err
				}
				for _, c := range ts {
					t.Rows = append(t.Rows, []any{c.FolderID, c.Title, c.ContractType, c.Procedure, c.Minor, c.StateLabel(),
						float64(c.BudgetCents) / 100, float64(c.AwardCents) / 100, c.Awardee, c.PublishedAt})
				}
			}
			return t, nil
		}})
	own, err := db.Collect(ctx, q, func(sc db.Scanner) (Dataset, error) {
		var d Dataset
		var kw string
		err := sc.Scan(&d.Slug, &d.Title, &d.Description, &d.Theme, &kw, &d.Frequency, &d.Issued, &d.Modified)
		d.Keywords = splitKeywords(kw)
		d.Issued, d.Modified, d.Formats = d.Issued.UTC(), d.Modified.UTC(), tableFormats
		return d, err
	}, `SELECT slug, title, description, theme, keywords, frequency, issued_at, modified_at FROM portal_datasets
		WHERE entity_id = $1 ORDER BY title`, s.EntityID)
	if err != nil {
		return nil, err
	}
	for _, d := range own {
		slug := d.Slug
		d.table = func(ctx context.Context) (sheet.Table, error) { return m.uploadedTable(ctx, s.EntityID, slug, d.Title) }
		out = append(out, d)
	}
	return out, nil
}

func splitKeywords(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func (m *Module) uploadedTable(ctx context.Context, entityID, slug, title string) (sheet.Table, error) {
	var content []byte
	err := m.kit.DB.QueryRowContext(ctx, `SELECT f.content FROM portal_dataset_files f JOIN portal_datasets d
		ON d.entity_id = f.entity_id AND d.id = f.dataset_id WHERE d.entity_id = $1 AND d.slug = $2 AND f.format = 'csv'`,
		entityID, slug).Scan(&content)
	if err != nil {
		return sheet.Table{}, db.NotFound(err)
	}
	header, rows, err := readCSV(content)
	if err != nil {
		return sheet.Table{}, err
	}
	t := sheet.Table{Name: title, Header: header}
	for _, r := range rows {
		row := make([]any, len(r))
		for i, c := range r {
			row[i] = c
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// readCSV parses an uploaded CSV (comma or semicolon separated, UTF-8).
func readCSV(b []byte) ([]string, [][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(b, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(b))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = 0
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 1 || len(recs[0]) == 0 {
		return nil, nil, errors.New("El fichero no es un CSV válido: la primera fila tiene que ser la cabecera y todas las filas tener las mismas columnas, separadas por comas o por punto y coma.")
	}
	return recs[0], recs[1:], nil
}

func (m *Module) dataset(ctx context.Context, s *Site, slug string, now time.Time) (Dataset, error) {
	ds, err := m.datasets(ctx, s, now)
	if err != nil {
		return Dataset{}, err
	}
	for _, d := range ds {
		if d.Slug == slug {
			return d, nil
		}
	}
	return Dataset{}, errs.ErrNotFound
}

func (m *Module) registerPublicData(rt *web.Router, pub func(string, web.HandlerFunc)) {
	pub("/datos", m.page("Datos abiertos", m.datasetsView))
	pub("/datos/catalogo.ttl", m.cached(m.catalogTurtle))
	pub("/datos/catalogo.jsonld", m.cached(m.catalogJSONLD))
	pub("/datos/{slug}", m.page("Datos abiertos", m.datasetView))
	pub("/datos/{slug}/{format}", m.cached(m.distribution))
	rt.Handle("GET", "/datos/catalogo.ttl", access.Public, m.provinceTurtle)
	rt.Handle("GET", "/datos/catalogo.jsonld", access.Public, m.provinceJSONLD)
}

func (m *Module) datasetsView(r *http.Request, s *Site, v *view) (string, error) {
	ds, err := m.datasets(r.Context(), s, v.Now)
	if err != nil {
		return "", err
	}
	v.Title = "Datos abiertos"
	v.Description = "Conjuntos de datos reutilizables " + s.Of() + " y su catálogo DCAT-AP-ES."
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Datos abiertos"}}
	v.Data = ds
	return "datasets", nil
}

func (m *Module) datasetView(r *http.Request, s *Site, v *view) (string, error) {
	d, err := m.dataset(r.Context(), s, r.PathValue("slug"), v.Now)
	if err != nil {
		return "", err
	}
	t, err := d.table(r.Context())
	if err != nil {
		return "", err
	}
	if len(t.Rows) > 20 {
		t.Rows = t.Rows[:20]
	}
	v.Title = d.Title
	v.Description = d.Description
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Datos abiertos", Href: s.Base + "/datos"}, {Label: d.Title}}
	v.Data = map[string]any{"Dataset": d, "Preview": t}
	return "dataset", nil
}

func (m *Module) distribution(r *http.Request, s *Site) ([]byte, string, error) {
	d, err := m.dataset(r.Context(), s, r.PathValue("slug"), m.kit.Now())
	if err != nil {
		return nil, "", err
	}
	format := r.PathValue("format")
	if !contains(d.Formats, format) {
		return nil, "", errs.ErrNotFound
	}
	if format == "geojson" {
		b, err := d.geo(r.Context())
		return b, "application/geo+json", err
	}
	t, err := d.table(r.Context())
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if format == "json" {
		rows := make([]map[string]any, 0, len(t.Rows))
		for _, row := range t.Rows {
			obj := map[string]any{}
			for i, h := range t.Header {
				if i < len(row) {
					obj[h] = row[i]
				}
			}
			rows = append(rows, obj)
		}
		err = json.NewEncoder(&buf).Encode(rows)
		return buf.Bytes(), "application/json", err
	}
	if err := sheet.Encode(&buf, format, t); err != nil {
		return nil, "", err
	}
	ct := formatInfo[format].Media
	if format == "csv" {
		ct = "text/csv; charset=utf-8"
	}
	return buf.Bytes(), ct, nil
}

// --- editors: upload a dataset ---

func (m *Module) datasetsData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	ds, err := m.datasets(r.Context(), s, m.kit.Now())
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Datos abiertos", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Datos abiertos"}},
		Data: map[string]any{"Site": s, "Datasets": ds, "Themes": themes, "CanEdit": m.may(r.Context(), kit.Actor(r), PermEdit)}}, nil
}

func (m *Module) datasetCreate(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, maxImage+64<<10)
	if err != nil {
		return err
	}
	var fe errs.Fields
	title, desc := strings.TrimSpace(web.Field(r, "titulo")), strings.TrimSpace(web.Field(r, "descripcion"))
	theme, kw := web.Field(r, "tema"), strings.TrimSpace(web.Field(r, "palabras"))
	if title == "" || len([]rune(title)) > 200 {
		fe.Add("titulo", "Escriba el título del conjunto de datos (hasta 200 caracteres).")
	}
	if desc == "" || len([]rune(desc)) > 2000 {
		fe.Add("descripcion", "Describa el conjunto de datos (hasta 2.000 caracteres).")
	}
	if !contains(themes, theme) {
		fe.Add("tema", "Elija el sector.")
	}
	if len(kw) > 300 {
		fe.Add("palabras", "Las palabras clave no pueden pasar de 300 caracteres.")
	}
	var content []byte
	f, hdr, ferr := r.FormFile("fichero")
	if ferr != nil {
		fe.Add("fichero", "Elija el fichero CSV con los datos.")
	} else {
		defer f.Close()
		content, _ = io.ReadAll(io.LimitReader(f, maxImage+1))
		if hdr.Size > maxImage || len(content) > maxImage {
			fe.Add("fichero", "El fichero no puede ocupar más de 5 MB.")
		} else if _, _, err := readCSV(content); err != nil {
			fe.Add("fichero", err.Error())
		}
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/datasets", m.datasetsData, err)
	}
	now := m.kit.Now()
	dsID := id.New()
	slug := slugify(title)
	if slug == "poblacion" || slug == "lugares" || slug == "contratos" || slug == "catalogo-ttl" {
		slug += "-entidad"
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		base := slug
		for n := 2; ; n++ {
			var c int
			if err := tx.QueryRowContext(r.Context(), `SELECT COUNT(*) FROM portal_datasets WHERE entity_id = $1 AND slug = $2`,
				s.EntityID, slug).Scan(&c); err != nil {
				return err
			}
			if c == 0 {
				break
			}
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		if _, err := tx.ExecContext(r.Context(), `INSERT INTO portal_datasets (entity_id, id, slug, title, description, theme, keywords,
			frequency, issued_at, modified_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 'IRREG', $8, $8, $9)`,
			s.EntityID, dsID, slug, title, desc, theme, kw, now, a.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(r.Context(), `INSERT INTO portal_dataset_files (entity_id, dataset_id, format, filename, media_type,
			content, size, modified_at) VALUES ($1, $2, 'csv', $3, 'text/csv', $4, $5, $6)`,
			s.EntityID, dsID, slug+".csv", content, int64(len(content)), now); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.datos.crear", ObjectType: "portal_datos",
			ObjectID: dsID, After: map[string]any{"titulo": title, "slug": slug, "tema": theme, "bytes": len(content)}})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/datos", "Conjunto de datos «"+title+"» publicado.")
}
