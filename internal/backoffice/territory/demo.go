package territory

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
)

// SampleDIR3 are the municipalities that get a callejero in the small demo
// (tests): Abadía, Aldeanueva del Camino, Cáceres and Plasencia.
var SampleDIR3 = []string{"L01100015", "L01100152", "L01100377", "L01101480"}

// smallDwellings is about how many dwellings each sample municipality gets
// in the small demo.
const smallDwellings = 150

// demoMuni is a municipality that gets a demo callejero.
type demoMuni struct {
	EntityID, INECode, Town string
	Population              int64
	ELMs                    []demoELM
}

type demoELM struct{ EntityID, Name string }

// LoadDemo builds a demo callejero for every municipality of the province
// (opts.Full: about population/2.4 dwellings each, the real province scale;
// the Diputación keeps the callejero of every town, whichever padrón
// software it uses) or, in the small demo, for the four sample
// municipalities of SampleDIR3 (about 150 dwellings each). Municipalities
// that already have núcleos are left as they are, so it is idempotent and
// a load stopped half-way finishes at the next run. Each municipality is
// generated and written in its own short transaction (memory holds one
// town's rows, and a platform that serves meanwhile still writes), with
// one audit record at the end; opts.Report hears the municipalities done.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	munis, err := demoTargets(ctx, d, opts.Full)
	if err != nil || len(munis) == 0 {
		return err
	}
	start := time.Now()
	g := &generator{now: time.Date(2015, 1, 1, 8, 0, 0, 0, time.UTC), full: opts.Full}
	total := map[string]int{}
	for k, m := range munis {
		g.muni(m)
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return g.write(ctx, tx, d.Engine) }); err != nil {
			return fmt.Errorf("callejero de demostración de %s: %w", m.INECode, err)
		}
		for what, n := range g.counts() {
			total[what] += n
		}
		g.reset()
		opts.Report(int64(k+1), int64(len(munis)))
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		return audit.Append(ctx, d.Engine, tx, audit.Event{ActorID: "sistema", ActorName: "Carga de datos de demostración",
			Action: "callejero.demo", ObjectType: "callejero", ObjectID: "demo", After: total})
	})
	lastDemo = DemoStats{Municipalities: len(munis), Streets: total["vias"], Addresses: total["portales"],
		Dwellings: total["viviendas"], Took: time.Since(start)}
	return err
}

// demoTargets lists the municipalities to fill that have no núcleo yet,
// by INE code, each with its ELMs by town.
func demoTargets(ctx context.Context, d *db.DB, full bool) ([]demoMuni, error) {
	done, err := callejeroSizes(ctx, d)
	if err != nil {
		return nil, err
	}
	munis, err := directory.Municipalities(ctx, d)
	if err != nil {
		return nil, err
	}
	all, err := directory.Entities(ctx, d)
	if err != nil {
		return nil, err
	}
	elms := map[string][]directory.Entity{}
	for _, e := range all {
		if e.Kind == "elm" {
			elms[e.ParentID] = append(elms[e.ParentID], e)
		}
	}
	var out []demoMuni
	for _, e := range munis {
		if _, ok := done[e.ID]; ok || (!full && !slices.Contains(SampleDIR3, e.DIR3)) {
			continue
		}
		m := demoMuni{EntityID: e.ID, INECode: e.INE, Town: e.Town, Population: e.Population}
		slices.SortFunc(elms[e.ID], func(a, b directory.Entity) int {
			return cmp.Or(cmp.Compare(a.Town, b.Town), cmp.Compare(a.ID, b.ID))
		})
		for _, elm := range elms[e.ID] {
			m.ELMs = append(m.ELMs, demoELM{EntityID: elm.ID, Name: elm.Town})
		}
		out = append(out, m)
	}
	return out, nil
}

// DemoStats is what the last LoadDemo of this process wrote, and how long it took.
type DemoStats struct {
	Municipalities, Streets, Addresses, Dwellings int
	Took                                          time.Duration
}

var lastDemo DemoStats

// LastDemo returns what the last LoadDemo of this process wrote (zero when
// it wrote nothing): for the demo command's report and benchmarks.
func LastDemo() DemoStats { return lastDemo }

// generator builds the demo rows in memory.
type generator struct {
	now       time.Time
	full      bool
	nuclei    []Nucleus
	sections  []Section
	streets   []Street
	names     []nameRow
	streetSec [][3]string
	portals   []portalRow
	dwellings []dwellingRow
}

type nameRow struct {
	EntityID, StreetID, TypeCode, Name, Reason string
	From                                       time.Time
	To                                         *time.Time
}

// nucleusPlan is one núcleo to fill with dwellings.
type nucleusPlan struct {
	n         Nucleus
	dwellings int
}

var (
	streetsSince = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	hojaLetters  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
)

func (g *generator) muni(m demoMuni) {
	num, _ := strconv.Atoi(m.INECode)
	rng := rand.New(rand.NewPCG(20260101, uint64(num)))
	pop := max(m.Population, 30)
	total := int(math.Round(float64(pop) / 2.4))
	if !g.full {
		total = smallDwellings
	}
	total = max(total, 12)

	// Núcleos: the main town, its pedanías and ELM, and the diseminado.
	var plans []nucleusPlan
	add := func(code, name, kind, elm string, share float64) {
		n := Nucleus{EntityID: m.EntityID, ID: id.New(), INECode: code, Name: name, Kind: kind, SingularName: name,
			ELMEntityID: elm, Active: true, CreatedAt: g.now, UpdatedAt: g.now}
		if kind == KindDiseminado {
			n.Name = name + " (diseminado)"
		}
		plans = append(plans, nucleusPlan{n: n, dwellings: int(math.Round(float64(total) * share))})
	}
	add("000101", m.Town, KindNucleus, "", 1)
	k := 2
	for _, p := range pedanias[m.INECode] {
		add(fmt.Sprintf("00%02d01", k), p, KindNucleus, "", 0.015+rng.Float64()*0.02)
		k++
	}
	for _, e := range m.ELMs {
		add(fmt.Sprintf("00%02d01", k), e.Name, KindNucleus, e.EntityID, 0.04+rng.Float64()*0.04)
		k++
	}
	if pop > 300 {
		add("000199", m.Town, KindDiseminado, "", 0.01+rng.Float64()*0.015)
	}
	rest := total
	for i := 1; i < len(plans); i++ {
		plans[i].dwellings = max(plans[i].dwellings, 3)
		rest -= plans[i].dwellings
	}
	plans[0].dwellings = max(rest, 5)

	// Districts and sections, scaled to the population.
	nsec := max(1, int(math.Round(float64(pop)/1500)))
	if !g.full {
		nsec = min(nsec, 4)
	}
	ndist := 1
	if nsec > 5 {
		ndist = (nsec + 7) / 8
	}
	secs := make([]Section, nsec)
	for i := range secs {
		dist := i*ndist/nsec + 1
		first := (dist - 1) * nsec / ndist
		secs[i] = Section{EntityID: m.EntityID, ID: id.New(), District: fmt.Sprintf("%02d", dist),
			Section: fmt.Sprintf("%03d", i-first+1), Active: true, CreatedAt: g.now}
	}
	g.sections = append(g.sections, secs...)

	centre, ok := centres[m.INECode]
	if !ok {
		centre = [2]float64{39.05 + float64(num*37%140)/100, -7.35 + float64(num*53%230)/100}
	}
	postal := fmt.Sprintf("10%03d", 100+(num*7%89)*10)
	if m.INECode == "10037" {
		postal = "10001"
	} else if m.INECode == "10148" {
		postal = "10600"
	}

	code := 0
	placed := 0
	for ni, p := range plans {
		g.nuclei = append(g.nuclei, p.n)
		nc := centre
		if ni > 0 {
			nc = [2]float64{centre[0] + (rng.Float64()-0.5)*0.12, centre[1] + (rng.Float64()-0.5)*0.12}
		}
		var per int
		switch {
		case pop < 1000:
			per = 14
		case pop < 20000:
			per = 26
		default:
			per = 40
		}
		nstreets := max(2, p.dwellings/per)
		if p.n.Kind == KindDiseminado {
			nstreets = min(2, nstreets)
		}
		names := streetNamePool(rng, nstreets, pop, p.n.Kind == KindDiseminado)
		left := p.dwellings
		for si := 0; si < nstreets && left > 0; si++ {
			code++
			st := Street{EntityID: m.EntityID, ID: id.New(), INECode: fmt.Sprintf("%05d", code), TypeCode: names[si].Type,
				Name: names[si].Name, ValidFrom: streetsSince, CreatedAt: g.now, UpdatedAt: g.now}
			want := left / (nstreets - si)
			if si < nstreets-1 {
				want = max(1, int(float64(want)*(0.5+rng.Float64())))
			}
			want = min(want, left)
			left -= want
			g.street(rng, st, pop, want, p.n, secs, &placed, total, nc, postal)
		}
	}
}

// streetNamePool picks n different street names for a núcleo.
func streetNamePool(rng *rand.Rand, n int, pop int64, diseminado bool) []struct{ Type, Name string } {
	type tn = struct{ Type, Name string }
	if diseminado {
		return []tn{{"DISEM", "Diseminados"}, {"CMNO", "Camino de la Sierra"}}[:min(n, 2)]
	}
	var out []tn
	seen := map[string]bool{}
	push := func(t, nm string) {
		if k := t + nm; !seen[k] && len(out) < n {
			seen[k] = true
			out = append(out, tn{t, nm})
		}
	}
	for _, s := range villageStreets {
		push(s.Type, s.Name)
	}
	types := []string{"CALLE", "AVDA", "PLAZA", "TRVA", "PASEO", "RONDA", "CLLON", "CUSTA"}
	for len(out) < n {
		before := len(out)
		for _, i := range rng.Perm(len(cityBases)) {
			push(types[rng.IntN(len(types))], cityBases[i])
		}
		for _, i := range rng.Perm(len(namedAfter)) {
			push(types[rng.IntN(4)], namedAfter[i])
		}
		if len(out) == before {
			for i := 0; len(out) < n; i++ {
				push("CALLE", fmt.Sprintf("%s %d", cityBases[i%len(cityBases)], i/len(cityBases)+2))
			}
		}
	}
	// Shuffle all but the first few (the village core keeps its names).
	core := min(len(out), 6)
	tail := out[core:]
	rng.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return out
}

// street adds a street with want dwellings spread over its addresses.
func (g *generator) street(rng *rand.Rand, st Street, pop int64, want int, n Nucleus, secs []Section, placed *int, total int, c [2]float64, postal string) {
	g.streets = append(g.streets, st)
	if pop > 1000 && n.Kind == KindNucleus && rng.IntN(40) == 0 {
		renamed := time.Date(2008+rng.IntN(13), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		old := oldNames[rng.IntN(len(oldNames))]
		g.names = append(g.names,
			nameRow{st.EntityID, st.ID, "AVDA", old, "Alta de la vía", streetsSince, &renamed},
			nameRow{st.EntityID, st.ID, st.TypeCode, st.Name, "Cambio de denominación (Ley 52/2007, de memoria histórica)", renamed, nil})
		g.streets[len(g.streets)-1].ValidFrom = streetsSince
	} else {
		g.names = append(g.names, nameRow{st.EntityID, st.ID, st.TypeCode, st.Name, "Alta de la vía", streetsSince, nil})
	}
	angle := rng.Float64() * math.Pi
	start := [2]float64{c[0] + (rng.Float64()-0.5)*0.02, c[1] + (rng.Float64()-0.5)*0.02}
	diseminado := n.Kind == KindDiseminado
	seenSec := map[string]bool{}
	number := 0
	for want > 0 {
		size := 1
		switch {
		case diseminado:
		case pop >= 20000 && rng.IntN(10) < 6:
			size = 6 + rng.IntN(19)
		case pop >= 2000 && rng.IntN(10) < 3:
			size = 4 + rng.IntN(9)
		case rng.IntN(10) == 0:
			size = 2
		}
		size = min(size, want)
		want -= size
		p := portalRow{EntityID: st.EntityID, ID: id.New(), StreetID: st.ID, NucleusID: n.ID, PostalCode: postal, CreatedAt: g.now}
		if diseminado {
			p.Km = fmt.Sprintf("%d,%d", 1+number/3, rng.IntN(10))
			number++
		} else {
			if number > 0 && rng.IntN(30) == 0 {
				p.Letter = "A"
			} else {
				number++
			}
			nn := number
			p.Number = &nn
		}
		sec := secs[min(len(secs)-1, *placed*len(secs)/max(total, 1))]
		*placed += size
		p.SectionID = sec.ID
		if !seenSec[sec.ID] {
			seenSec[sec.ID] = true
			g.streetSec = append(g.streetSec, [3]string{st.EntityID, st.ID, sec.ID})
		}
		step := float64(number) * 0.00018
		la, lo := start[0]+step*math.Sin(angle), start[1]+step*math.Cos(angle)
		p.Lat, p.Lon = &la, &lo
		g.portals = append(g.portals, p)

		parcel := ""
		if rng.IntN(10) < 8 {
			parcel = fmt.Sprintf("%07d%c%c%04d%c", rng.IntN(10_000_000), hojaLetters[rng.IntN(len(hojaLetters))],
				hojaLetters[rng.IntN(len(hojaLetters))], rng.IntN(10_000), hojaLetters[rng.IntN(len(hojaLetters))])
		}
		doors := 2 + rng.IntN(3)
		stairs := 1
		if size > 16 {
			stairs = 2
		}
		for i := 0; i < size; i++ {
			dw := dwellingRow{EntityID: st.EntityID, ID: id.New(), AddressID: p.ID, Kind: "vivienda", CreatedAt: g.now}
			if size > 1 {
				j := i
				if stairs > 1 {
					dw.Stair = strconv.Itoa(i%stairs + 1)
					j = i / stairs
				}
				dw.Floor = strconv.Itoa(j/doors + 1)
				dw.Door = string(rune('A' + j%doors))
			}
			if parcel != "" {
				head := parcel + fmt.Sprintf("%04d", i+1)
				dw.Cadastre = head + validate.CadastralControl(head)
			}
			g.dwellings = append(g.dwellings, dw)
		}
	}
}

func (g *generator) counts() map[string]int {
	return map[string]int{"nucleos": len(g.nuclei), "secciones": len(g.sections), "vias": len(g.streets),
		"portales": len(g.portals), "viviendas": len(g.dwellings)}
}

// reset forgets the rows written, keeping their room for the next town.
func (g *generator) reset() {
	g.nuclei, g.sections, g.streets, g.names = g.nuclei[:0], g.sections[:0], g.streets[:0], g.names[:0]
	g.streetSec, g.portals, g.dwellings = g.streetSec[:0], g.portals[:0], g.dwellings[:0]
}

// write inserts every generated row inside tx.
func (g *generator) write(ctx context.Context, tx *sql.Tx, engine db.Engine) error {
	steps := []struct {
		table string
		cols  []string
		n     int
		row   func(i int) []any
	}{
		{"nuclei", []string{"entity_id", "id", "ine_code", "name", "search_text", "kind", "singular_name", "collective_name",
			"elm_entity_id", "active", "created_at", "updated_at"}, len(g.nuclei), func(i int) []any {
			n := g.nuclei[i]
			return []any{n.EntityID, n.ID, n.INECode, n.Name, fold(n.Name), n.Kind, n.SingularName, n.CollectiveName,
				db.NullString(n.ELMEntityID), true, n.CreatedAt, n.UpdatedAt}
		}},
		{"census_sections", []string{"entity_id", "id", "district", "section", "name", "active", "created_at"}, len(g.sections),
			func(i int) []any {
				s := g.sections[i]
				return []any{s.EntityID, s.ID, s.District, s.Section, s.Name, true, s.CreatedAt}
			}},
		{"streets", []string{"entity_id", "id", "ine_code", "type_code", "name", "search_text", "valid_from", "valid_to",
			"created_at", "updated_at"}, len(g.streets), func(i int) []any {
			s := g.streets[i]
			return []any{s.EntityID, s.ID, s.INECode, s.TypeCode, s.Name, streetSearch(s.TypeCode, s.Name), s.ValidFrom, nil, s.CreatedAt, s.UpdatedAt}
		}},
		{"street_names", []string{"entity_id", "street_id", "valid_from", "valid_to", "type_code", "name", "search_text",
			"reason", "created_at", "created_by"}, len(g.names), func(i int) []any {
			n := g.names[i]
			var to any
			if n.To != nil {
				to = *n.To
			}
			return []any{n.EntityID, n.StreetID, n.From, to, n.TypeCode, n.Name, streetSearch(n.TypeCode, n.Name), n.Reason, g.now, "sistema"}
		}},
		{"street_sections", []string{"entity_id", "street_id", "section_id"}, len(g.streetSec), func(i int) []any {
			s := g.streetSec[i]
			return []any{s[0], s[1], s[2]}
		}},
		{"addresses", []string{"entity_id", "id", "street_id", "number", "letter", "km", "block", "portal", "nucleus_id",
			"section_id", "postal_code", "cadastral_ref", "lat", "lon", "active", "created_at", "updated_at"}, len(g.portals),
			func(i int) []any {
				p := g.portals[i]
				return []any{p.EntityID, p.ID, p.StreetID, nullInt(p.Number), p.Letter, p.Km, p.Block, p.Portal, p.NucleusID,
					p.SectionID, p.PostalCode, p.Cadastre, micro(p.Lat), micro(p.Lon), true, p.CreatedAt, p.CreatedAt}
			}},
		{"dwellings", []string{"entity_id", "id", "address_id", "stair", "floor", "door", "kind", "cadastral_ref", "active",
			"created_at", "updated_at"}, len(g.dwellings), func(i int) []any {
			d := g.dwellings[i]
			return []any{d.EntityID, d.ID, d.AddressID, d.Stair, d.Floor, d.Door, d.Kind, d.Cadastre, true, d.CreatedAt, d.CreatedAt}
		}},
	}
	for _, s := range steps {
		if err := db.InsertRows(ctx, tx, engine, s.table, s.cols, s.n, s.row); err != nil {
			return err
		}
	}
	return nil
}
