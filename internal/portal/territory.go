package portal

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
	"sync"

	"concejo/internal/refdata"
)

// The province and town maps are SVG drawn on the server from the IGN
// municipal boundaries (refdata.Boundaries): they need no script, no tiles
// and nothing from outside the site.

// provinceTolerance is the simplification of the province map, in degrees
// (about 1 px of an 800 px wide drawing).
const provinceTolerance = 0.003

// projection is an equirectangular projection with the longitudes scaled by
// the cosine of the central latitude (a good fit for an area as small as a
// province), fitted to a box of W×H units.
type projection struct {
	lon0, lat0, k, scale, w, h float64
}

// fit returns the projection that shows the box [minLon,maxLon]×[minLat,maxLat]
// centred in a drawing w units wide, with pad units of margin; the height
// follows from the box's shape.
func fit(minLon, minLat, maxLon, maxLat, w, pad float64) projection {
	lat0 := (minLat + maxLat) / 2
	k := math.Cos(lat0 * math.Pi / 180)
	spanX, spanY := (maxLon-minLon)*k, maxLat-minLat
	scale := (w - 2*pad) / spanX
	return projection{lon0: (minLon + maxLon) / 2, lat0: lat0, k: k, scale: scale, w: w, h: math.Round(spanY*scale + 2*pad)}
}

// xy projects p: x grows eastwards, y southwards (SVG).
func (pr projection) xy(p refdata.Point) (float64, float64) {
	return pr.w/2 + (p.Lon-pr.lon0)*pr.k*pr.scale, pr.h/2 - (p.Lat-pr.lat0)*pr.scale
}

// path is the SVG path data of a boundary (rings closed, even-odd holes).
func (pr projection) path(b refdata.Boundary) string {
	var sb strings.Builder
	for _, poly := range b.Polygons {
		for _, r := range poly {
			for i, p := range r[:len(r)-1] {
				x, y := pr.xy(p)
				if i == 0 {
					fmt.Fprintf(&sb, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&sb, "L%.1f %.1f", x, y)
				}
			}
			sb.WriteByte('Z')
		}
	}
	return sb.String()
}

// bbox is the bounding box of boundaries.
func bbox(bs ...refdata.Boundary) (minLon, minLat, maxLon, maxLat float64) {
	minLon, minLat, maxLon, maxLat = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, b := range bs {
		for _, poly := range b.Polygons {
			for _, p := range poly[0] {
				minLon, maxLon = math.Min(minLon, p.Lon), math.Max(maxLon, p.Lon)
				minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
			}
		}
	}
	return
}

// centre is the mean of a boundary's outer vertices: inside the drawing of
// compact municipalities, enough to place a label or compare positions.
func centre(b refdata.Boundary) refdata.Point {
	var c refdata.Point
	n := 0.0
	for _, poly := range b.Polygons {
		for _, p := range poly[0][:len(poly[0])-1] {
			c.Lon, c.Lat, n = c.Lon+p.Lon, c.Lat+p.Lat, n+1
		}
	}
	return refdata.Point{Lon: c.Lon / n, Lat: c.Lat / n}
}

// territory is the province's boundaries as the maps use them.
type territory struct {
	full, simple []refdata.Boundary
	byINE        map[string]int
	// neighbours lists, by INE code, the municipalities that share a border.
	neighbours map[string][]string
}

var terr struct {
	once sync.Once
	t    *territory
	err  error
}

// theTerritory loads the boundaries once.
func theTerritory() (*territory, error) {
	terr.once.Do(func() {
		bs, err := refdata.Boundaries()
		if err != nil {
			terr.err = err
			return
		}
		t := &territory{full: bs, simple: refdata.Simplify(bs, provinceTolerance), byINE: map[string]int{},
			neighbours: map[string][]string{}}
		owners := map[refdata.Point]map[string]bool{}
		for i, b := range bs {
			t.byINE[b.INE] = i
			for _, poly := range b.Polygons {
				for _, r := range poly {
					for _, p := range r {
						if owners[p] == nil {
							owners[p] = map[string]bool{}
						}
						owners[p][b.INE] = true
					}
				}
			}
		}
		pairs := map[[2]string]bool{}
		for _, o := range owners {
			for a := range o {
				for b := range o {
					if a != b && !pairs[[2]string{a, b}] {
						pairs[[2]string{a, b}] = true
						t.neighbours[a] = append(t.neighbours[a], b)
					}
				}
			}
		}
		for _, n := range t.neighbours {
			sort.Strings(n)
		}
		terr.t = t
	})
	return terr.t, terr.err
}

// townName is the name of the municipality ine ("" when unknown).
func townName(ine string) string {
	t, err := theTerritory()
	if err != nil {
		return ""
	}
	if i, ok := t.byINE[ine]; ok {
		return t.full[i].Name
	}
	return ""
}

// mapTown is a municipality as a map lists it: its name and its portal's
// address ("" = no portal).
type mapTown struct {
	INE, Name, Href string
}

// sortTowns orders towns by name as Spanish readers expect (Ábalos with the A).
func sortTowns(ts []mapTown) {
	sort.Slice(ts, func(a, b int) bool { return refdata.Fold(ts[a].Name) < refdata.Fold(ts[b].Name) })
}

// provinceLandmarks are the towns named on the province map to find one's way.
var provinceLandmarks = []string{"10037", "10148", "10131", "10067", "10195"}

// provinceMap draws every municipality of the province; those with a portal
// (links, by INE code) are links to it. Each link carries the town's name;
// the page also lists them (the map's text alternative).
func provinceMap(links map[string]string) (template.HTML, error) {
	t, err := theTerritory()
	if err != nil {
		return "", err
	}
	minLon, minLat, maxLon, maxLat := bbox(t.simple...)
	pr := fit(minLon, minLat, maxLon, maxLat, 800, 10)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="mapa-terr" viewBox="0 0 %.0f %.0f" role="group" aria-labelledby="mapa-prov-t" xmlns="http://www.w3.org/2000/svg">`,
		pr.w, pr.h)
	fmt.Fprintf(&b, `<title id="mapa-prov-t">Mapa de la provincia de Cáceres: %d municipios; los resaltados enlazan con su portal</title>`, len(t.simple))
	for _, bd := range t.simple {
		name := template.HTMLEscapeString(bd.Name)
		if href := links[bd.INE]; href != "" {
			fmt.Fprintf(&b, `<a href="%s"><title>%s: portal municipal</title><path class="mun enlazado" d="%s"/></a>`,
				template.HTMLEscapeString(href), name, pr.path(bd))
			continue
		}
		fmt.Fprintf(&b, `<path class="mun" d="%s"><title>%s</title></path>`, pr.path(bd), name)
	}
	for _, ine := range provinceLandmarks {
		if i, ok := t.byINE[ine]; ok {
			x, y := pr.xy(centre(t.simple[i]))
			fmt.Fprintf(&b, `<text class="rotulo" x="%.1f" y="%.1f" aria-hidden="true">%s</text>`, x, y, template.HTMLEscapeString(t.simple[i].Name))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

// townMap draws the municipality ine highlighted among its neighbours, named
// by the boundaries (the municipality, not its ayuntamiento), with a dot for
// each place (the page lists them by name). Ok is false when the boundaries
// do not have ine.
func townMap(ine string, ps []Place) (svg template.HTML, neighbours []mapTown, ok bool, err error) {
	t, err := theTerritory()
	if err != nil {
		return "", nil, false, err
	}
	i, ok := t.byINE[ine]
	if !ok {
		return "", nil, false, nil
	}
	own := t.full[i]
	minLon, minLat, maxLon, maxLat := bbox(own)
	// A margin of half the town's size shows its surroundings.
	mx, my := (maxLon-minLon)/2, (maxLat-minLat)/2
	pr := fit(minLon-mx, minLat-my, maxLon+mx, maxLat+my, 640, 0)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="mapa-terr" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="mapa-mun-t mapa-mun-d" xmlns="http://www.w3.org/2000/svg">`,
		pr.w, pr.h)
	fmt.Fprintf(&b, `<title id="mapa-mun-t">Término municipal de %s y municipios vecinos</title>`, template.HTMLEscapeString(own.Name))
	desc := "El término municipal aparece resaltado; la lista que sigue al mapa nombra los municipios vecinos"
	if len(ps) > 0 {
		desc += "; los puntos son los lugares de interés de la lista de lugares"
	}
	fmt.Fprintf(&b, `<desc id="mapa-mun-d">%s.</desc>`, desc)
	for _, n := range t.neighbours[ine] {
		nb := t.full[t.byINE[n]]
		fmt.Fprintf(&b, `<path class="mun" d="%s"/>`, pr.path(nb))
		neighbours = append(neighbours, mapTown{INE: n, Name: nb.Name})
	}
	fmt.Fprintf(&b, `<path class="mun propio" d="%s"/>`, pr.path(own))
	for _, n := range neighbours {
		x, y := pr.xy(centre(t.full[t.byINE[n.INE]]))
		if x > 20 && x < pr.w-20 && y > 12 && y < pr.h-6 {
			fmt.Fprintf(&b, `<text class="rotulo vecino" x="%.1f" y="%.1f">%s</text>`, x, y, template.HTMLEscapeString(n.Name))
		}
	}
	for _, p := range ps {
		x, y := pr.xy(refdata.Point{Lon: float64(p.Lon) / 1e6, Lat: float64(p.Lat) / 1e6})
		fmt.Fprintf(&b, `<circle class="punto" cx="%.1f" cy="%.1f" r="5"/>`, x, y)
	}
	b.WriteString(`</svg>`)
	sortTowns(neighbours)
	return template.HTML(b.String()), neighbours, true, nil
}
