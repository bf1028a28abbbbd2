package refdata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// municipalityBoundaries are the limits of the province's 223
// municipalities (WGS84 longitude/latitude, 5 decimals, about 200 m of
// resolution), from the IGN's "Equipamiento geográfico de referencia
// nacional" through the es-atlas package (see data/SOURCES.md of the
// shared data). Maps that draw them must credit the IGN: BoundariesCredit.
//
//go:embed data/municipios_caceres.geojson
var municipalityBoundaries []byte

// BoundariesCredit is the attribution a map drawn from Boundaries shows.
const BoundariesCredit = "Límites municipales: © Instituto Geográfico Nacional (IGN), CC BY 4.0"

// Point is a position in degrees (longitude, latitude).
type Point struct{ Lon, Lat float64 }

// Ring is a closed line (its last point repeats the first).
type Ring []Point

// Boundary is the territory of a municipality: one or more polygons, each an
// outer ring and its holes.
type Boundary struct {
	// INE is the 5-digit INE code without control digit ("10037").
	INE, Name string
	Polygons  [][]Ring
}

var boundaries struct {
	once sync.Once
	list []Boundary
	err  error
}

// Boundaries returns the limits of every municipality of the province, in
// the order of the source. The slice is shared: do not change it.
func Boundaries() ([]Boundary, error) {
	boundaries.once.Do(func() { boundaries.list, boundaries.err = parseBoundaries(municipalityBoundaries) })
	return boundaries.list, boundaries.err
}

func parseBoundaries(b []byte) ([]Boundary, error) {
	var fc struct {
		Features []struct {
			Properties struct{ INE, Name string }
			Geometry   struct {
				Type        string
				Coordinates json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("refdata: municipios_caceres.geojson: %w", err)
	}
	out := make([]Boundary, 0, len(fc.Features))
	for _, f := range fc.Features {
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("refdata: límites de %s: %w", f.Properties.INE, err)
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, fmt.Errorf("refdata: límites de %s: %w", f.Properties.INE, err)
			}
		default:
			return nil, fmt.Errorf("refdata: límites de %s: geometría %q", f.Properties.INE, f.Geometry.Type)
		}
		bd := Boundary{INE: f.Properties.INE, Name: f.Properties.Name}
		for _, p := range polys {
			var rings []Ring
			for _, r := range p {
				ring := make(Ring, len(r))
				for i, c := range r {
					ring[i] = Point{Lon: c[0], Lat: c[1]}
				}
				rings = append(rings, ring)
			}
			bd.Polygons = append(bd.Polygons, rings)
		}
		out = append(out, bd)
	}
	return out, nil
}

// Simplify returns bs with each ring simplified by Douglas–Peucker to
// within tol degrees, keeping shared borders shared: a ring is cut at every
// vertex where a border between two municipalities starts or ends, and each piece
// is simplified with its ends fixed, so two neighbours simplify their common
// border identically and no gaps open between them.
func Simplify(bs []Boundary, tol float64) []Boundary {
	owners := map[Point]map[int]bool{}
	for i, b := range bs {
		for _, p := range b.Polygons {
			for _, r := range p {
				for _, pt := range r {
					if owners[pt] == nil {
						owners[pt] = map[int]bool{}
					}
					owners[pt][i] = true
				}
			}
		}
	}
	// ownedAlike reports whether every municipality that has vertex a also
	// has b: false where a border between some of a's owners ends.
	ownedAlike := func(a, b Point) bool {
		for k := range owners[a] {
			if !owners[b][k] {
				return false
			}
		}
		return true
	}
	out := make([]Boundary, len(bs))
	for i, b := range bs {
		out[i] = Boundary{INE: b.INE, Name: b.Name}
		for _, p := range b.Polygons {
			var rings []Ring
			for k, r := range p {
				s := simplifyRing(r, tol, ownedAlike)
				if len(s) < 4 && k == 0 { // the outer ring shrank to nothing: so does the polygon
					break
				}
				if len(s) >= 4 {
					rings = append(rings, s)
				}
			}
			if len(rings) > 0 {
				out[i].Polygons = append(out[i].Polygons, rings)
			}
		}
	}
	return out
}

// simplifyRing simplifies a closed ring, keeping every vertex where a
// shared border starts or ends (a junction: one of its owners lacks the
// vertex before or after it).
func simplifyRing(r Ring, tol float64, ownedAlike func(a, b Point) bool) Ring {
	n := len(r) - 1 // the last point repeats the first
	if n < 3 {
		return r
	}
	keep := make([]bool, n)
	anchors := 0
	for i := 0; i < n; i++ {
		prev, next := r[(i+n-1)%n], r[(i+1)%n]
		if !ownedAlike(r[i], prev) || !ownedAlike(r[i], next) {
			keep[i], anchors = true, anchors+1
		}
	}
	if anchors < 2 { // a ring that borders no one (or one neighbour all round): fix two far points
		far := 0
		for i := 1; i < n; i++ {
			if dist2(r[0], r[i]) > dist2(r[0], r[far]) {
				far = i
			}
		}
		keep[0], keep[far] = true, true
	}
	start := 0
	for !keep[start] {
		start++
	}
	// Walk the ring from the first anchor, simplifying each run between anchors.
	run := Ring{r[start]}
	var out Ring
	for k := 1; k <= n; k++ {
		i := (start + k) % n
		run = append(run, r[i])
		if keep[i] {
			s := douglasPeucker(run, tol)
			out = append(out, s[:len(s)-1]...)
			run = Ring{r[i]}
		}
	}
	return append(out, out[0])
}

// douglasPeucker simplifies an open line keeping its two ends.
func douglasPeucker(l Ring, tol float64) Ring {
	if len(l) < 3 {
		return l
	}
	a, b := l[0], l[len(l)-1]
	worst, at := 0.0, 0
	for i := 1; i < len(l)-1; i++ {
		if d := segmentDistance(l[i], a, b); d > worst {
			worst, at = d, i
		}
	}
	if worst <= tol {
		return Ring{a, b}
	}
	left := douglasPeucker(l[:at+1], tol)
	return append(left[:len(left)-1:len(left)-1], douglasPeucker(l[at:], tol)...)
}

func dist2(a, b Point) float64 { return (a.Lon-b.Lon)*(a.Lon-b.Lon) + (a.Lat-b.Lat)*(a.Lat-b.Lat) }

// segmentDistance is the distance from p to the segment ab, in degrees.
func segmentDistance(p, a, b Point) float64 {
	dx, dy := b.Lon-a.Lon, b.Lat-a.Lat
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Sqrt(dist2(p, a))
	}
	t := math.Max(0, math.Min(1, ((p.Lon-a.Lon)*dx+(p.Lat-a.Lat)*dy)/l2))
	return math.Sqrt(dist2(p, Point{a.Lon + t*dx, a.Lat + t*dy}))
}
