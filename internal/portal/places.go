package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// Place is a point of interest: an office, a service, a monument.
type Place struct {
	EntityID, ID, Name, Category, Description, Address, Hours, Phone string
	Lat, Lon                                                         int64
	// N is its number on the map.
	N int
	// X and Y are its position on the SVG map.
	X, Y float64
}

var placeCategories = []string{"Oficinas municipales", "Salud", "Educación", "Deportes", "Cultura", "Patrimonio", "Turismo",
	"Parques", "Servicios sociales", "Transporte", "Otros"}

func listPlaces(ctx context.Context, q db.Queryer, entityID string) ([]Place, error) {
	ps, err := db.Collect(ctx, q, func(sc db.Scanner) (Place, error) {
		var p Place
		err := sc.Scan(&p.EntityID, &p.ID, &p.Name, &p.Category, &p.Description, &p.Address, &p.Hours, &p.Phone, &p.Lat, &p.Lon)
		return p, err
	}, `SELECT entity_id, id, name, category, description, address, hours, phone, lat_e6, lon_e6 FROM portal_pois
		WHERE entity_id = $1 ORDER BY category, name LIMIT 1000`, entityID)
	for i := range ps {
		ps[i].N = i + 1
	}
	return ps, err
}

// Map geometry of the server-rendered SVG.
const mapW, mapH, mapPad = 640.0, 420.0, 30.0

// placeMap projects the places on the SVG map (equirectangular, scaled by
// the cosine of the latitude) and returns it.
func placeMap(ps []Place) template.HTML {
	if len(ps) == 0 {
		return ""
	}
	minLat, maxLat, minLon, maxLon := ps[0].Lat, ps[0].Lat, ps[0].Lon, ps[0].Lon
	for _, p := range ps {
		minLat, maxLat = min(minLat, p.Lat), max(maxLat, p.Lat)
		minLon, maxLon = min(minLon, p.Lon), max(maxLon, p.Lon)
	}
	k := math.Cos(float64(minLat+maxLat) / 2e6 * math.Pi / 180)
	spanX := math.Max(float64(maxLon-minLon)*k, 500)
	spanY := math.Max(float64(maxLat-minLat), 500)
	scale := math.Min((mapW-2*mapPad)/spanX, (mapH-2*mapPad)/spanY)
	cx, cy := float64(minLon+maxLon)/2, float64(minLat+maxLat)/2
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="mapa-lugares" class="mapa" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="mapa-t mapa-d" xmlns="http://www.w3.org/2000/svg">`,
		mapW, mapH, mapW, mapH)
	b.WriteString(`<title id="mapa-t">Plano de situación de los lugares</title><desc id="mapa-d">Cada lugar es un punto numerado; la lista de debajo tiene los mismos números, direcciones y coordenadas.</desc>`)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%.0f" height="%.0f" fill="#f7faf7" stroke="#8a9a8a"/>`, mapW, mapH)
	for i := 1; i < 4; i++ {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="0" x2="%.0f" y2="%.0f" stroke="#dde5dd"/><line x1="0" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#dde5dd"/>`,
			mapW*float64(i)/4, mapW*float64(i)/4, mapH, mapH*float64(i)/4, mapW, mapH*float64(i)/4)
	}
	for i := range ps {
		p := &ps[i]
		p.X = mapW/2 + (float64(p.Lon)-cx)*k*scale
		p.Y = mapH/2 - (float64(p.Lat)-cy)*scale
		fmt.Fprintf(&b, `<g><title>%d. %s</title><circle id="punto-%s" cx="%.1f" cy="%.1f" r="6" fill="#12395f" stroke="#fff" stroke-width="2"/>`+
			`<text x="%.1f" y="%.1f" font-size="13" font-weight="700" fill="#1b1b1b">%d</text></g>`,
			p.N, template.HTMLEscapeString(p.Name), p.ID, p.X, p.Y, p.X+9, p.Y-8, p.N)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="#1b1b1b">N ↑</text></svg>`, mapW-40, 20.0)
	return template.HTML(b.String())
}

func (m *Module) registerPublicPlaces(pub func(string, web.HandlerFunc)) {
	pub("/lugares", m.page("Lugares", m.placesView))
	pub("/lugares.geojson", m.cached(m.placesGeoJSON))
}

func (m *Module) placesView(r *http.Request, s *Site, v *view) (string, error) {
	ps, err := listPlaces(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return "", err
	}
	v.Title = "Lugares y servicios"
	v.Description = "Oficinas, servicios y lugares de interés " + s.Of() + " con su dirección, horario y posición."
	v.Crumbs = []web.Crumb{{Label: "Inicio", Href: s.Base + "/"}, {Label: "Lugares"}}
	svg := placeMap(ps)
	v.Data = map[string]any{"Places": ps, "Map": svg}
	return "places", nil
}

type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   geoPoint       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

func (m *Module) placesGeoJSON(r *http.Request, s *Site) ([]byte, string, error) {
	ps, err := listPlaces(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return nil, "", err
	}
	return geoJSON(ps)
}

func geoJSON(ps []Place) ([]byte, string, error) {
	fc := struct {
		Type     string       `json:"type"`
		Features []geoFeature `json:"features"`
	}{Type: "FeatureCollection", Features: []geoFeature{}}
	for _, p := range ps {
		fc.Features = append(fc.Features, geoFeature{Type: "Feature",
			Geometry: geoPoint{Type: "Point", Coordinates: [2]float64{float64(p.Lon) / 1e6, float64(p.Lat) / 1e6}},
			Properties: map[string]any{"id": p.ID, "nombre": p.Name, "categoria": p.Category, "direccion": p.Address,
				"horario": p.Hours, "telefono": p.Phone, "descripcion": p.Description}})
	}
	b, err := json.MarshalIndent(fc, "", " ")
	return b, "application/geo+json", err
}

// --- editors ---

func (m *Module) placesData(r *http.Request) (*web.Page, error) {
	s, err := m.editorSite(r)
	if err != nil {
		return nil, err
	}
	ps, err := listPlaces(r.Context(), m.kit.DB, s.EntityID)
	if err != nil {
		return nil, err
	}
	return &web.Page{Title: "Lugares", Crumbs: []web.Crumb{{Label: "Portal web", Href: "/portal"}, {Label: "Lugares"}},
		Data: map[string]any{"Site": s, "Places": ps, "Categories": placeCategories, "CanEdit": m.may(r.Context(), kit.Actor(r), PermEdit)}}, nil
}

func (m *Module) placeCreate(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, web.MaxForm)
	if err != nil {
		return err
	}
	var fe errs.Fields
	p := Place{EntityID: s.EntityID, ID: id.New(), Name: strings.TrimSpace(web.Field(r, "nombre")), Category: web.Field(r, "categoria"),
		Description: strings.TrimSpace(web.Field(r, "descripcion")), Address: strings.TrimSpace(web.Field(r, "direccion")),
		Hours: strings.TrimSpace(web.Field(r, "horario")), Phone: strings.TrimSpace(web.Field(r, "telefono"))}
	if p.Name == "" || len([]rune(p.Name)) > 200 {
		fe.Add("nombre", "Escriba el nombre del lugar (hasta 200 caracteres).")
	}
	if !contains(placeCategories, p.Category) {
		fe.Add("categoria", "Elija la categoría.")
	}
	lat, okLat := formCoord(r, "latitud", 90, &fe)
	lon, okLon := formCoord(r, "longitud", 180, &fe)
	if !okLat && fe.For("latitud") == "" {
		fe.Add("latitud", "Escriba la latitud en grados decimales, por ejemplo 40.2623.")
	}
	if !okLon && fe.For("longitud") == "" {
		fe.Add("longitud", "Escriba la longitud en grados decimales, por ejemplo -5.9294.")
	}
	for _, f := range []struct{ n, v string }{{"descripcion", p.Description}, {"direccion", p.Address}, {"horario", p.Hours}, {"telefono", p.Phone}} {
		if len([]rune(f.v)) > 500 {
			fe.Add(f.n, "El texto no puede tener más de 500 caracteres.")
		}
	}
	if err := fe.Err(); err != nil {
		return m.kit.FormRetry(w, r, "portal/places", m.placesData, err)
	}
	p.Lat, p.Lon = lat, lon
	now := m.kit.Now()
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(r.Context(), `INSERT INTO portal_pois (entity_id, id, name, category, description, address, hours,
			phone, lat_e6, lon_e6, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			p.EntityID, p.ID, p.Name, p.Category, p.Description, p.Address, p.Hours, p.Phone, p.Lat, p.Lon, now, a.UserID); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: p.EntityID, Action: "portal.lugar.crear", ObjectType: "portal_lugar",
			ObjectID: p.ID, After: p})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/lugares", "Lugar «"+p.Name+"» añadido.")
}

func (m *Module) placeDelete(w http.ResponseWriter, r *http.Request) error {
	s, a, err := m.editorPost(w, r, web.MaxForm)
	if err != nil {
		return err
	}
	var name string
	if err := m.kit.DB.QueryRowContext(r.Context(), `SELECT name FROM portal_pois WHERE entity_id = $1 AND id = $2`,
		s.EntityID, r.PathValue("id")).Scan(&name); err != nil {
		return db.NotFound(err)
	}
	if err := m.kit.Access.RequireHere(r.Context(), a, PermEdit); err != nil {
		return err
	}
	err = m.kit.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(r.Context(), `DELETE FROM portal_pois WHERE entity_id = $1 AND id = $2`, s.EntityID, r.PathValue("id")); err != nil {
			return err
		}
		return m.kit.Audit(r.Context(), tx, a, kit.Change{EntityID: s.EntityID, Action: "portal.lugar.borrar", ObjectType: "portal_lugar",
			ObjectID: r.PathValue("id"), Before: name})
	})
	if err != nil {
		return err
	}
	m.changed(s.EntityID)
	return m.kit.Redirect(w, r, "/portal/lugares", "Lugar «"+name+"» quitado.")
}
