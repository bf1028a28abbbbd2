package census

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/phrase"
	"concejo/internal/platform/sheet"
	"concejo/internal/platform/web"
)

// Pyramid draws the age pyramid of f (five-year groups) as an accessible
// SVG: role img with a title and a description, each side labelled, and
// the numbers in the table that goes with it on the page.
func Pyramid(f Figures, title string) string {
	const w, rowH, mid, top = 640.0, 16.0, 320.0, 40.0
	h := top + 21*rowH + 30
	maxv := 1
	for _, g := range f.Groups {
		maxv = max(maxv, g.Men, g.Women)
	}
	scale := (mid - 60) / float64(maxv)
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="pir-titulo pir-desc">`, w, h)
	fmt.Fprintf(&b, `<title id="pir-titulo">%s</title>`, esc(title))
	fmt.Fprintf(&b, `<desc id="pir-desc">Pirámide de población a %s: %s hombres (izquierda) y %s mujeres (derecha) por grupos de cinco años de edad, de 0–4 (abajo) a 100 y más (arriba). Las cifras están en la tabla siguiente.</desc>`,
		web.Date(f.At), web.Thousands(int64(f.Total.Men)), web.Thousands(int64(f.Total.Women)))
	fmt.Fprintf(&b, `<text x="%.0f" y="20" text-anchor="end" font-size="14" fill="#0b0c0c">Hombres</text>`, mid-40)
	fmt.Fprintf(&b, `<text x="%.0f" y="20" font-size="14" fill="#0b0c0c">Mujeres</text>`, mid+40)
	for g := 0; g < 21; g++ {
		y := top + float64(20-g)*rowH
		c := f.Groups[g]
		mw, ww := float64(c.Men)*scale, float64(c.Women)*scale
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1d70b8"/>`, mid-30-mw, y+1, mw, rowH-2)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#912b88"/>`, mid+30, y+1, ww, rowH-2)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="middle" font-size="10" fill="#0b0c0c">%s</text>`, mid, y+rowH-4, esc(GroupLabel(g)))
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle" font-size="12" fill="#505a5f">Total: %s personas</text>`, mid, h-8, web.Thousands(int64(f.Total.Total())))
	b.WriteString(`</svg>`)
	return b.String()
}

func dateParam(r *http.Request) (time.Time, error) {
	s := r.URL.Query().Get("fecha")
	if s == "" {
		return today(), nil
	}
	t, err := parseDate(s)
	if err != nil || t.Year() < 1900 || t.After(today().AddDate(1, 0, 0)) {
		return time.Time{}, errs.New(errs.Invalid, "La fecha de referencia no es válida: escríbala como día/mes/año.")
	}
	return t, nil
}

// figuresPage shows the cifras de población of the current entity.
func (m *Module) figuresPage(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	return m.showFigures(w, r, a.Entity.ID, a.Entity.Name, "/padron/cifras")
}

func (m *Module) showFigures(w http.ResponseWriter, r *http.Request, entityID, name, base string) error {
	at, err := dateParam(r)
	if err != nil {
		return err
	}
	f, err := EntityFigures(r.Context(), m.kit.DB, entityID, at)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("formato"); format != "" {
		return sheet.Write(w, format, "cifras-poblacion-"+at.Format("2006-01-02"), figuresTable(f, r.URL.Query().Get("tabla")))
	}
	title := "Cifras de población " + phrase.Of(name)
	q := "?fecha=" + web.DayValue(at)
	if e := r.URL.Query().Get("entidad"); e != "" {
		q += "&entidad=" + e
	}
	data := map[string]any{"F": f, "Name": name, "Pyramid": template.HTML(Pyramid(f, "Pirámide de población "+phrase.Of(name))),
		"Base": base, "Query": q, "Entity": r.URL.Query().Get("entidad"), "Fecha": web.DayValue(at), "Formats": sheet.Formats,
		"Tables": []option{{"edad", "Por edad simple"}, {"grupos", "Por grupos de edad"}, {"nacionalidad", "Por nacionalidad"},
			{"nacimiento", "Por lugar de nacimiento"}, {"nucleo", "Por núcleo"}, {"seccion", "Por sección censal"}}}
	crumbs := []web.Crumb{homeCrumb}
	if base != "/padron/cifras" {
		crumbs = []web.Crumb{{Label: "Población de la provincia", Href: "/padron/provincia"}}
	}
	return m.kit.Page(w, r, "census/figures", &web.Page{Title: title, Crumbs: crumbs, Data: data})
}

// figuresTable is one breakdown of f as a table for export.
func figuresTable(f Figures, which string) sheet.Table {
	t := sheet.Table{Header: []string{"", "Hombres", "Mujeres", "Total"}}
	add := func(label any, c Count) { t.Rows = append(t.Rows, []any{label, c.Men, c.Women, c.Total()}) }
	labelled := func(name string, l []Labelled) {
		t.Name, t.Header[0] = name, name
		for _, x := range l {
			add(x.Label, x.Count)
		}
	}
	switch which {
	case "grupos":
		t.Name, t.Header[0] = "Grupos de edad", "Edad"
		for g, c := range f.Groups {
			add(GroupLabel(g), c)
		}
	case "nacionalidad":
		labelled("Nacionalidad", f.Nationality)
	case "nacimiento":
		labelled("Lugar de nacimiento", f.BirthPlace)
	case "nucleo":
		labelled("Núcleo", f.Nuclei)
	case "seccion":
		labelled("Sección", f.Sections)
	case "entidad":
		labelled("Entidad", f.Entities)
	default:
		t.Name, t.Header[0] = "Edad", "Edad"
		for age, c := range f.Ages {
			label := fmt.Sprint(age)
			if age == MaxAge {
				label = fmt.Sprintf("%d y más", MaxAge)
			}
			add(label, c)
		}
	}
	add("Total", f.Total)
	return t
}

func (m *Module) pyramidSVG(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	at, err := dateParam(r)
	if err != nil {
		return err
	}
	f, err := EntityFigures(r.Context(), m.kit.DB, a.Entity.ID, at)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Disposition", `attachment; filename="piramide.svg"`)
	_, err = w.Write([]byte(Pyramid(f, "Pirámide de población "+a.Entity.Of())))
	return err
}

// provincePage is for Diputación staff: population of every municipality
// that keeps its padrón in the platform, aggregated (no personal data);
// ?entidad= shows one municipality's figures in detail.
func (m *Module) provincePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if e := r.URL.Query().Get("entidad"); e != "" {
		ent, err := directory.EntityByID(ctx, m.kit.DB, e)
		if err != nil {
			return errs.ErrNotFound
		}
		return m.showFigures(w, r, e, ent.Name, "/padron/provincia")
	}
	at, err := dateParam(r)
	if err != nil {
		return err
	}
	f, err := ProvinceFigures(ctx, m.kit.DB, at)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("formato"); format != "" {
		which := r.URL.Query().Get("tabla")
		if which != "grupos" && which != "edad" {
			which = "entidad"
		}
		return sheet.Write(w, format, "poblacion-provincia-"+at.Format("2006-01-02"), figuresTable(f, which))
	}
	data := map[string]any{"F": f, "Pyramid": template.HTML(Pyramid(f, "Pirámide de población de los municipios con padrón en Concejo")),
		"Fecha": web.DayValue(at), "Formats": sheet.Formats}
	return m.kit.Page(w, r, "census/province", &web.Page{Title: "Población de la provincia", Data: data})
}
