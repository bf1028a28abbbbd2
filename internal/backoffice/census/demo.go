package census

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"

	"concejo/internal/backoffice/census/synth"
	"concejo/internal/backoffice/parties"
	"concejo/internal/backoffice/territory"
	"concejo/internal/core/directory"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
)

// sampleMunicipalities get a padrón in the small demo (tests): Abadía,
// Aldeanueva del Camino, Cáceres and Plasencia.
var sampleMunicipalities = []string{"10001", "10015", "10037", "10148"}

// sampleSize is the population of each sample municipality in the small demo.
const sampleSize = 300

// ScaleEnv names the environment variable that sets the total population of
// the full demo padrón (e.g. 3000000 for benchmarks); unset, the real 2025
// population of every municipality (387,752 in the province).
const ScaleEnv = "CONCEJO_DEMO_HABITANTES"

// demoSeed fixes the demo population.
const demoSeed = 20250101

// LoadDemo fills the padrón of the demo province: in Full, every
// municipality with its real 2025 population (scaled by ScaleEnv when set);
// otherwise ~300 people in each sample municipality. Households go to the
// dwellings that the territory demo created; three years of variations
// (bajas, cambios de domicilio, renewals) are added. Each municipality is
// one transaction, and one that already has inscriptions is skipped: a
// load stopped half-way (a crash, a restart) resumes with the next town
// and writes nothing twice. opts.Report hears the towns done.
func LoadDemo(ctx context.Context, d *db.DB, opts kit.DemoOptions) error {
	now := opts.At()
	munis, err := directory.Municipalities(ctx, d)
	if err != nil {
		return err
	}
	type muni struct {
		id, ine string
		pop     int
	}
	var list []muni
	total := 0
	for _, e := range munis {
		if !opts.Full && !slices.Contains(sampleMunicipalities, e.INE) {
			continue
		}
		list = append(list, muni{id: e.ID, ine: e.INE, pop: int(e.Population)})
		total += int(e.Population)
	}
	scale := 1.0
	if s := os.Getenv(ScaleEnv); s != "" && opts.Full {
		if want, err := strconv.Atoi(s); err == nil && want > 0 && total > 0 {
			scale = float64(want) / float64(total)
		}
	}
	serial := 0
	for k, m := range list {
		pop := int(float64(m.pop)*scale + 0.5)
		if !opts.Full {
			pop = min(sampleSize, m.pop)
		}
		first := serial
		serial += pop * 2
		loaded, err := hasPadron(ctx, d, m.id)
		if err != nil {
			return err
		}
		if pop > 0 && !loaded {
			if _, err := LoadPopulation(ctx, d, m.id, m.ine, pop, first, now); err != nil {
				return fmt.Errorf("padrón de %s: %w", m.ine, err)
			}
		}
		opts.Report(int64(k+1), int64(len(list)))
	}
	return nil
}

// hasPadron reports whether the entity has any inscription.
func hasPadron(ctx context.Context, d *db.DB, entityID string) (bool, error) {
	var n int
	err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM census_inscriptions WHERE entity_id = $1 LIMIT 1) x`,
		entityID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("padrón: ¿tiene inscripciones la entidad %s?: %w", entityID, err)
	}
	return n > 0, nil
}

// demoChunk is how many people LoadPopulation holds as rows before it
// writes them: the memory of a load stays that of a few thousand people
// whatever the size of the town.
var demoChunk = 2000

// LoadPopulation generates pop inhabitants of one municipality (INE code
// ine, entity entityID) into its dwellings, with three years of variations
// before now, in one transaction; firstSerial numbers their documents. The
// rows go to the database in chunks of demoChunk people, so memory does not
// grow with the town. It returns how many inscriptions it wrote (active and
// de baja).
func LoadPopulation(ctx context.Context, d *db.DB, entityID, ine string, pop, firstSerial int, now time.Time) (int, error) {
	dwellings, err := territory.AllDwellings(ctx, d, entityID)
	if err != nil {
		return 0, err
	}
	if len(dwellings) == 0 {
		return 0, nil // no callejero: nowhere to inscribe anyone
	}
	at := day(now)
	rng := rand.New(rand.NewPCG(demoSeed, uint64(firstSerial)+1))
	rng.Shuffle(len(dwellings), func(i, j int) { dwellings[i], dwellings[j] = dwellings[j], dwellings[i] })
	households := synth.Params{INE: ine, Population: pop, Seed: demoSeed, At: at, FirstSerial: firstSerial}
	leavers := synth.Params{INE: ine, Population: max(1, pop*36/1000), Seed: demoSeed + 1, At: at,
		FirstSerial: firstSerial + pop + pop/10}
	b := &demoBatch{entityID: entityID, now: at, sentBefore: time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.UTC),
		rng: rng, sheets: map[string]int64{}}
	// a municipality that already has a padrón is topped up: numbers and
	// hojas continue after the existing ones.
	if err := d.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM census_inscriptions WHERE entity_id = $1`,
		entityID).Scan(&b.number); err != nil {
		return 0, err
	}
	if b.sheets, err = sheetsOf(ctx, d, entityID); err != nil {
		return 0, err
	}
	for _, n := range b.sheets {
		b.lastSheet = max(b.lastSheet, n)
	}
	written := 0
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if d.Engine == db.SQLite {
			// a fixed 32 MB page cache (the default is 2 MB): fewer spills
			// to the WAL mid-transaction, and a bounded memory whatever the
			// town; the default comes back after it
			tx.ExecContext(ctx, "PRAGMA cache_size = -32768")
			defer tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
		}
		// households are made one at a time and written in chunks: a
		// large town is never held whole
		err := synth.Each(households, func(k int, h synth.Household) error {
			dw := dwellings[k%len(dwellings)].DwellingID
			for _, p := range h.Members {
				b.person(p, dw, dwellings, false)
			}
			return b.flushEvery(ctx, tx, d.Engine, &written)
		})
		if err != nil {
			return err
		}
		err = synth.Each(leavers, func(k int, h synth.Household) error {
			dw := dwellings[(k*7+3)%len(dwellings)].DwellingID
			for _, p := range h.Members {
				b.person(p, dw, dwellings, true)
			}
			return b.flushEvery(ctx, tx, d.Engine, &written)
		})
		if err != nil {
			return err
		}
		if err := b.flush(ctx, tx, d.Engine, &written); err != nil {
			return err
		}
		return audit.Append(ctx, d.Engine, tx, audit.Event{ActorID: "sistema", ActorName: "Carga de demostración",
			EntityID: entityID, Action: "padron.demo", ObjectType: "padron", ObjectID: entityID,
			After: map[string]int{"inscripciones": written, "variaciones": b.variationCount}})
	})
	return written, err
}

// flushEvery writes the rows held once they reach demoChunk people.
func (b *demoBatch) flushEvery(ctx context.Context, tx *sql.Tx, engine db.Engine, written *int) error {
	if len(b.inscriptions) < demoChunk {
		return nil
	}
	return b.flush(ctx, tx, engine, written)
}

// flush writes the rows held (terceros first: the inscriptions reference
// them) and lets them go.
func (b *demoBatch) flush(ctx context.Context, tx *sql.Tx, engine db.Engine, written *int) error {
	if err := parties.InsertMany(ctx, tx, engine, b.parties); err != nil {
		return err
	}
	inserts := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"census_sheets", []string{"entity_id", "dwelling_id", "number", "created_at"}, b.sheetRows()},
		{"census_inscriptions", inscriptionInsertCols, b.inscriptions},
		{"census_residences", []string{"entity_id", "id", "inscription_id", "dwelling_id", "valid_from", "valid_to",
			"sex", "birth_ymd", "nationality", "birth_province", "birth_municipality"}, b.residences},
		{"census_variations", []string{"entity_id", "id", "inscription_id", "kind", "cause", "effective_on", "document",
			"notes", "origin", "dwelling_id", "place_province", "place_municipality", "before_data", "after_data",
			"ine_state", "recorded_at", "recorded_by", "recorder_name"}, b.variations},
		{"census_search", []string{"entity_id", "token", "inscription_id"}, b.tokens},
	}
	for _, in := range inserts {
		rows := in.rows
		if err := db.InsertRows(ctx, tx, engine, in.table, in.cols, len(rows), func(i int) []any { return rows[i] }); err != nil {
			return err
		}
	}
	*written += len(b.inscriptions)
	b.variationCount += len(b.variations)
	b.parties, b.sheetOrder = b.parties[:0], b.sheetOrder[:0]
	b.inscriptions, b.residences, b.variations, b.tokens = b.inscriptions[:0], b.residences[:0], b.variations[:0], b.tokens[:0]
	return nil
}

// demoBatch accumulates the rows of one municipality.
type demoBatch struct {
	entityID     string
	now          time.Time
	sentBefore   time.Time
	rng          *rand.Rand
	number       int64
	lastSheet    int64
	sheets       map[string]int64
	sheetOrder   []string
	parties      []parties.Party
	inscriptions [][]any
	residences   [][]any
	variations   [][]any
	tokens       [][]any
	// variationCount: the variations written so far.
	variationCount int
}

func (b *demoBatch) sheet(dwellingID string) {
	if _, ok := b.sheets[dwellingID]; !ok {
		b.lastSheet++ // numbers go on across the chunks of one town
		b.sheets[dwellingID] = b.lastSheet
		b.sheetOrder = append(b.sheetOrder, dwellingID)
	}
}

func (b *demoBatch) sheetRows() [][]any {
	out := make([][]any, 0, len(b.sheetOrder))
	for _, d := range b.sheetOrder {
		out = append(out, []any{b.entityID, d, b.sheets[d], b.now})
	}
	return out
}

// person adds one synthetic person: tercero, inscription, residences and
// variations. A leaver gets a baja in the last three years.
func (b *demoBatch) person(p synth.Person, dwellingID string, all []territory.Address, leaver bool) {
	b.number++
	now := b.now
	birth := day(p.BirthDate)
	party := parties.Party{EntityID: b.entityID, ID: id.New(), Kind: parties.KindPerson, DocType: partyDocType(p.DocType),
		DocNumber: p.DocNumber, Name: p.Name, Surname1: p.Surname1, Surname2: p.Surname2, BirthDate: &birth,
		DwellingID: dwellingID, CountryCode: "108", CreatedAt: now, UpdatedAt: now}
	if p.DocType == "pasaporte" {
		party.DocCountry = p.Nationality
	}
	i := Inscription{EntityID: b.entityID, ID: id.New(), Number: b.number, PartyID: party.ID, DwellingID: dwellingID, Active: true,
		Name: p.Name, Surname1: p.Surname1, Surname2: p.Surname2, Sex: p.Sex, BirthDate: birth, BirthProvince: p.BirthProvince,
		BirthMunicipality: p.BirthMunicipality, Nationality: p.Nationality, DocType: p.DocType, DocNumber: p.DocNumber,
		Studies: p.Studies, RegisteredOn: day(p.Since), AltaCause: p.SinceCause, RenewalOn: p.Renewal, CreatedAt: now, UpdatedAt: now}
	threeYears := now.AddDate(-3, 0, 0)
	// a cambio de domicilio in the last three years for 4% of the people
	var moveOn time.Time
	first := dwellingID
	if !leaver && b.rng.IntN(100) < 4 && i.RegisteredOn.Before(threeYears) {
		moveOn = threeYears.AddDate(0, 0, b.rng.IntN(1000))
		first = all[b.rng.IntN(len(all))].DwellingID
		if first == dwellingID {
			moveOn = time.Time{}
		}
	}
	if leaver {
		i.Active = false
		i.LeftOn = threeYears.AddDate(0, 0, 1+b.rng.IntN(1090))
		if !i.LeftOn.After(i.RegisteredOn) {
			i.RegisteredOn = i.LeftOn.AddDate(-1, 0, 0)
			if i.RegisteredOn.Before(birth) {
				i.RegisteredOn = birth
			}
		}
		i.RenewalOn = time.Time{}
		switch {
		case i.AgeAt(i.LeftOn) >= 70:
			i.BajaCause = "BD"
		case p.Nationality != synth.Spain:
			i.BajaCause = "BE"
		default:
			i.BajaCause = "BC"
		}
	}
	if !i.RenewalOn.IsZero() && i.RenewalOn.Before(i.RegisteredOn) {
		i.RenewalOn = i.RegisteredOn
	}
	party.DwellingID = dwellingID
	b.parties = append(b.parties, party)
	b.sheet(dwellingID)
	args := inscriptionArgs(i)
	b.inscriptions = append(b.inscriptions, args)
	res := func(dw string, from, to time.Time) {
		b.residences = append(b.residences, []any{b.entityID, id.New(), i.ID, dw, from, timeArg(to), i.Sex, ymd(birth),
			i.Nationality, i.BirthProvince, i.BirthMunicipality})
	}
	if !moveOn.IsZero() {
		b.sheet(first)
		res(first, i.RegisteredOn, moveOn)
		res(dwellingID, moveOn, time.Time{})
	} else {
		res(dwellingID, i.RegisteredOn, i.LeftOn)
	}
	altaDwelling := dwellingID
	if !moveOn.IsZero() {
		altaDwelling = first
	}
	// each variation keeps only the fields it changed (see history.go)
	b.variation(i, "A", i.AltaCause, i.RegisteredOn, altaDwelling, "Hoja padronal", p.FromProvince, p.FromMunicipality, nil, nil)
	if !moveOn.IsZero() {
		b.variation(i, "M", "MD", moveOn, dwellingID, "Contrato de arrendamiento", "", "",
			map[string]any{"vivienda": first}, map[string]any{"vivienda": dwellingID})
	}
	if !i.RenewalOn.IsZero() && i.RenewalOn.After(i.RegisteredOn) {
		b.variation(i, "M", "MR", i.RenewalOn, dwellingID, "Pasaporte en vigor", "", "",
			map[string]any{"renovacion": nil}, map[string]any{"renovacion": i.RenewalOn.Format("2006-01-02")})
	}
	if leaver {
		prov, mun := "10", "037"
		if i.BajaCause == "BE" {
			prov, mun = "66", i.Nationality
		} else if i.BajaCause == "BD" {
			prov, mun = "", ""
		}
		b.variation(i, "B", i.BajaCause, i.LeftOn, dwellingID, "Comunicación del INE", prov, mun,
			map[string]any{"activa": true}, map[string]any{"activa": false})
	}
	for _, t := range tokens(i.data()) {
		b.tokens = append(b.tokens, []any{b.entityID, t, i.ID})
	}
}

func (b *demoBatch) variation(i Inscription, kind, cause string, eff time.Time, dwellingID, doc, prov, mun string, was, now map[string]any) {
	recorded := eff.Add(time.Duration(9+b.rng.IntN(6))*time.Hour + time.Duration(b.rng.IntN(3))*24*time.Hour)
	if recorded.After(time.Now()) {
		recorded = time.Now().UTC()
	}
	state := ""
	if recorded.Before(b.sentBefore) {
		state = "enviada"
	}
	origin := "ayuntamiento"
	if kind == "B" && cause != "BI" {
		origin, state = "ine", "no_procede"
	}
	b.variations = append(b.variations, []any{b.entityID, id.New(), i.ID, kind, cause, eff, doc, "", origin, dwellingID,
		prov, mun, changeJSON(was), changeJSON(now), state, recorded.UTC(), "sistema", "Carga de demostración"})
}
