package portal

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// svgShape is a municipality of a drawn map: its name and path.
type svgShape struct {
	Title string
	D     string
}

// parseMap checks that svg is well-formed XML and returns its linked
// municipalities (the <a> elements) and its plain paths.
func parseMap(t *testing.T, svg string) (links map[string]svgShape, paths []string) {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"svg"`
		Links   []struct {
			Href  string `xml:"href,attr"`
			Title string `xml:"title"`
			Path  struct {
				D string `xml:"d,attr"`
			} `xml:"path"`
		} `xml:"a"`
		Paths []struct {
			Class string `xml:"class,attr"`
			D     string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("the map is not valid XML: %v", err)
	}
	links = map[string]svgShape{}
	for _, l := range doc.Links {
		links[l.Href] = svgShape{Title: l.Title, D: l.Path.D}
	}
	for _, p := range doc.Paths {
		paths = append(paths, p.Class+"|"+p.D)
	}
	return links, paths
}

// meanY is the mean y of the points of a path ("M1 2L3 4Z").
func meanY(t *testing.T, d string) float64 {
	t.Helper()
	sum, n := 0.0, 0
	for _, seg := range strings.FieldsFunc(d, func(r rune) bool { return r == 'M' || r == 'L' || r == 'Z' }) {
		xy := strings.Fields(seg)
		y, err := strconv.ParseFloat(xy[1], 64)
		if err != nil {
			t.Fatalf("path %q: %v", d, err)
		}
		sum, n = sum+y, n+1
	}
	return sum / float64(n)
}

func TestProvinceMapLinksEveryTownWithAPortal(t *testing.T) {
	svg, err := provinceMap(map[string]string{"10148": "/e/10148/", "10037": "https://www.caceres.es/"})
	if err != nil {
		t.Fatal(err)
	}
	links, paths := parseMap(t, string(svg))
	if len(links) != 2 || len(paths) != 221 {
		t.Fatalf("%d links and %d plain municipalities, want 2 and 221", len(links), len(paths))
	}
	plasencia, caceres := links["/e/10148/"], links["https://www.caceres.es/"]
	if plasencia.Title != "Plasencia: portal municipal" || caceres.Title != "Cáceres: portal municipal" {
		t.Fatalf("link names: %q, %q", plasencia.Title, caceres.Title)
	}
	// North is up: Cáceres (39.47° N) lies south of Plasencia (40.03° N), lower in the drawing.
	if yc, yp := meanY(t, caceres.D), meanY(t, plasencia.D); yc <= yp+40 {
		t.Errorf("Cáceres drawn at y=%.0f, Plasencia at y=%.0f: Cáceres must be well below", yc, yp)
	}
	if !strings.Contains(string(svg), `aria-labelledby="mapa-prov-t"`) || !strings.Contains(string(svg), `<title id="mapa-prov-t">`) {
		t.Error("the province map needs its accessible name")
	}
}

func TestTownMapHighlightsTheTownAmongItsNeighbours(t *testing.T) {
	places := []Place{{ID: "a", Name: "Ayuntamiento", Lat: 40262300, Lon: -5929400}}
	svg, neighbours, ok, err := townMap("10015", places)
	if err != nil || !ok {
		t.Fatalf("%v %v", ok, err)
	}
	_, paths := parseMap(t, string(svg))
	own := 0
	for _, p := range paths {
		if strings.HasPrefix(p, "mun propio|M") {
			own++
		}
	}
	if own != 1 || len(paths) != len(neighbours)+1 {
		t.Fatalf("%d highlighted paths, %d paths for %d neighbours", own, len(paths), len(neighbours))
	}
	var names []string
	for _, n := range neighbours {
		names = append(names, n.Name)
	}
	if got := strings.Join(names, ", "); got != "Abadía, Baños de Montemayor, Gargantilla, Hervás, La Granja, Segura de Toro" {
		t.Errorf("neighbours: %s", got)
	}
	for _, want := range []string{`role="img"`, "Término municipal de Aldeanueva del Camino", `class="punto"`} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("town map without %q", want)
		}
	}
	// The place at the town centre falls inside the drawing.
	for _, tok := range strings.Split(string(svg), `<circle class="punto" `)[1:] {
		var cx, cy float64
		if _, err := fmt.Sscanf(tok, `cx="%f" cy="%f"`, &cx, &cy); err != nil || cx < 0 || cx > 640 || cy < 0 {
			t.Errorf("place outside the map: %q", tok)
		}
	}
	if _, _, ok, _ := townMap("99999", nil); ok {
		t.Error("an unknown municipality has no map")
	}
}
