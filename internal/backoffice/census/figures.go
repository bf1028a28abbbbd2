package census

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/backoffice/census/synth"
	"concejo/internal/backoffice/territory"
	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// MaxAge is the last single year of the tables: MaxAge stands for "MaxAge
// and over".
const MaxAge = 100

// Count is men and women.
type Count struct{ Men, Women int }

// Total is men plus women.
func (c Count) Total() int { return c.Men + c.Women }

func (c *Count) add(sex string, n int) {
	if sex == "H" {
		c.Men += n
	} else {
		c.Women += n
	}
}

// Labelled is a count with its label.
type Labelled struct {
	Code, Label string
	Count
}

// Figures are the cifras de población at a date.
type Figures struct {
	At    time.Time
	Total Count
	// Ages: index 0..MaxAge (the last one is MaxAge and over).
	Ages [MaxAge + 1]Count
	// Groups: five-year groups 0–4 … 95–99 and 100 and over.
	Groups [21]Count
	// Nationality: Spanish first, then foreigners by country, largest first.
	Nationality []Labelled
	// BirthPlace: same municipality, rest of the province, other provinces, abroad.
	BirthPlace []Labelled
	Nuclei     []Labelled
	Sections   []Labelled
	// Entities: per entity (province figures only).
	Entities []Labelled
}

// GroupLabel names five-year group g.
func GroupLabel(g int) string {
	if g >= 20 {
		return "100 y más"
	}
	return fmt.Sprintf("%d–%d", g*5, g*5+4)
}

// Groups labels for templates.
func (f Figures) GroupLabels() []string {
	out := make([]string, 21)
	for g := range out {
		out[g] = GroupLabel(g)
	}
	return out
}

// scope restricts the figures to entities (nil = every entity: the province).
type scope struct {
	entities []string
	ine      map[string]string // entity id → INE code, for birthplace "same municipality"
}

func (s scope) where(w *db.Where, col string) {
	if s.entities != nil {
		w.In(col, s.entities)
	}
}

// figuresAt computes the cifras of the entities in s at the date at; with
// detail, also by nationality, birthplace, núcleo and section.
func figuresAt(ctx context.Context, q db.Queryer, s scope, at time.Time, detail bool) (Figures, error) {
	d := day(at)
	f := Figures{At: d}
	base := func() *db.Where {
		w := &db.Where{}
		s.where(w, "r.entity_id")
		w.Add("r.valid_from <= ?", d)
		w.Add("(r.valid_to IS NULL OR r.valid_to > ?)", d)
		return w
	}
	at8 := ymd(d)
	person := func(sex string, birth, n int) {
		age := max(0, min((at8-birth)/10000, MaxAge))
		f.Ages[age].add(sex, n)
		f.Groups[min(age/5, 20)].add(sex, n)
		f.Total.add(sex, n)
	}
	if detail {
		if err := detailFigures(ctx, q, s, base(), &f, person); err != nil {
			return f, err
		}
	} else {
		w := base()
		rows, err := q.QueryContext(ctx, `SELECT r.sex, r.birth_ymd, COUNT(*) FROM census_residences r`+w.SQL()+
			` GROUP BY r.sex, r.birth_ymd`, w.Args...)
		if err != nil {
			return f, err
		}
		for rows.Next() {
			var sex string
			var birth, n int
			if err := rows.Scan(&sex, &birth, &n); err != nil {
				rows.Close()
				return f, err
			}
			person(sex, birth, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return f, err
		}
	}
	if s.entities == nil || len(s.entities) > 1 {
		w := base()
		list, err := groupCount(ctx, q, `SELECT r.entity_id, '', r.sex, COUNT(*) FROM census_residences r`+w.SQL()+
			` GROUP BY r.entity_id, r.sex`, w.Args...)
		if err != nil {
			return f, err
		}
		names, err := directory.EntityNames(ctx, q)
		if err != nil {
			return f, err
		}
		for k := range list {
			list[k].Label = names[list[k].Code]
		}
		f.Entities = sorted(list, false)
	}
	return f, nil
}

// detailFigures fills f with every breakdown of the residences that w
// selects from one read of the covering index census_residences_entity_age
// (no row of the table is read), tallied here; person hears each one's sex
// and birth date.
func detailFigures(ctx context.Context, q db.Queryer, s scope, w *db.Where, f *Figures, person func(sex string, birth, n int)) error {
	nat, dwell := tally{}, tally{}
	rows, err := q.QueryContext(ctx, `SELECT r.entity_id, r.sex, r.birth_ymd, r.nationality, r.birth_province, r.birth_municipality,
		r.dwelling_id FROM census_residences r`+w.SQL(), w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var places [4]Labelled
	for k, l := range []string{"En el mismo municipio", "En otro municipio de la provincia", "En otra provincia", "En el extranjero"} {
		places[k].Code, places[k].Label = fmt.Sprint(k), l
	}
	for rows.Next() {
		var entity, sex, nationality, province, municipality, dwelling string
		var birth int
		if err := rows.Scan(&entity, &sex, &birth, &nationality, &province, &municipality, &dwelling); err != nil {
			return err
		}
		person(sex, birth, 1)
		one := Count{}
		one.add(sex, 1)
		nat.add(nationality, "", one)
		k, place := 2, province+municipality
		switch {
		case len(place) == 5 && province == inefile.Abroad:
			k = 3
		case s.ine[entity] == place:
			k = 0
		case len(place) == 5 && province == "10":
			k = 1
		}
		places[k].add(sex, 1)
		dwell.add(dwelling, "", one)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	f.Nationality = nat.list()
	for k := range f.Nationality {
		f.Nationality[k].Label = synth.CountryName(f.Nationality[k].Code)
	}
	f.Nationality = sorted(f.Nationality, true)
	f.BirthPlace = places[:]
	if len(s.entities) == 1 {
		f.Nuclei, f.Sections, err = placeCounts(ctx, q, s.entities[0], dwell.list())
	}
	return err
}

// placeCounts adds up by the núcleo and by the census section of each
// dwelling of entityID the counts by dwelling: núcleos largest first,
// sections by code.
func placeCounts(ctx context.Context, q db.Queryer, entityID string, byDwelling []Labelled) (nuclei, sections []Labelled, err error) {
	places, err := territory.DwellingPlaces(ctx, q, entityID)
	if err != nil {
		return nil, nil, err
	}
	nuc, sec := tally{}, tally{}
	for _, d := range byDwelling {
		if p, ok := places[d.Code]; ok {
			nuc.add(p.NucleusID, p.NucleusName, d.Count)
			sec.add(p.SectionID, p.SectionCode(), d.Count)
		}
	}
	sections = sec.list()
	sort.Slice(sections, func(i, j int) bool { return sections[i].Label < sections[j].Label })
	return sorted(nuc.list(), false), sections, nil
}

// tally adds up counts by code.
type tally map[string]*Labelled

func (t tally) add(code, label string, c Count) {
	l := t[code]
	if l == nil {
		l = &Labelled{Code: code, Label: label}
		t[code] = l
	}
	l.Men += c.Men
	l.Women += c.Women
}

// list returns the counts by code.
func (t tally) list() []Labelled {
	out := make([]Labelled, 0, len(t))
	for _, code := range slices.Sorted(maps.Keys(t)) {
		out = append(out, *t[code])
	}
	return out
}

// groupCount runs a query of (code, label, sex, count) rows and folds the
// sexes into one Labelled per code.
func groupCount(ctx context.Context, q db.Queryer, query string, args ...any) ([]Labelled, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := map[string]int{}
	var out []Labelled
	for rows.Next() {
		var code, label, sex string
		var n int
		if err := rows.Scan(&code, &label, &sex, &n); err != nil {
			return nil, err
		}
		key := code + "\x00" + label
		k, ok := idx[key]
		if !ok {
			k = len(out)
			idx[key] = k
			out = append(out, Labelled{Code: code, Label: label})
		}
		out[k].add(sex, n)
	}
	return out, rows.Err()
}

// sorted orders by total, largest first (Spain first when spainFirst).
func sorted(l []Labelled, spainFirst bool) []Labelled {
	sort.SliceStable(l, func(i, j int) bool {
		if spainFirst && (l[i].Code == synth.Spain) != (l[j].Code == synth.Spain) {
			return l[i].Code == synth.Spain
		}
		if l[i].Total() != l[j].Total() {
			return l[i].Total() > l[j].Total()
		}
		return l[i].Label < l[j].Label
	})
	return l
}

// EntityFigures are the cifras of one entity at a date.
func EntityFigures(ctx context.Context, q db.Queryer, entityID string, at time.Time) (Figures, error) {
	ine, _ := entityINE(ctx, q, entityID)
	return figuresAt(ctx, q, scope{entities: []string{entityID}, ine: map[string]string{entityID: ine}}, at, true)
}

// ProvinceFigures are the cifras of every entity that keeps its padrón in
// the platform, by sex and age and per entity, at a date (aggregates only).
func ProvinceFigures(ctx context.Context, q db.Queryer, at time.Time) (Figures, error) {
	return figuresAt(ctx, q, scope{}, at, false)
}
