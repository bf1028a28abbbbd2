package dir3

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/kit"
)

var (
	day1 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
)

// load imports content as name on at, full or not.
func load(t *testing.T, d *db.DB, at time.Time, name string, content []byte, full bool) Import {
	t.Helper()
	data, err := Parse(name, content)
	if err != nil {
		t.Fatal(err)
	}
	im, err := importNow(context.Background(), d, at, name, data, full)
	if err != nil {
		t.Fatal(err)
	}
	im, err = importByID(context.Background(), d, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func TestImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := &Module{kit: &kit.Kit{DB: d}}
		first := load(t, d, day1, "unidades.zip", testZip(t), true)
		want := Counts{UnitsNew: 6, OfficesNew: 1, LinksChanged: 1}
		if first.State != ImportDone || first.Counts != want || !first.FileDate.Equal(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("first import: %+v", first)
		}
		// The same file again changes nothing.
		again := load(t, d, day1.Add(time.Hour), "unidades.zip", testZip(t), true)
		if again.Counts != (Counts{}) {
			t.Fatalf("the same file again changed %+v", again.Counts)
		}
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_units WHERE import_id = $1`, again.ID).Scan(&n)
		if n != 0 {
			t.Fatalf("the same file again rewrote %d units", n)
		}
		// A full file where the consejería is extinguished, the servicio
		// renamed and the subdelegación no longer listed.
		next := []string{testUnits[0],
			unitLine("A11000001", "Consejería de Educación, Ciencia y Formación Profesional", "E", "2", "2", "A11002926", "A11002926", "02/07/2023", "05/12/2026", "05/12/2026"),
			testUnits[2],
			unitLine("A11000003", "Servicio de Ordenación Académica y Evaluación", "V", "2", "4", "A11000002", "A11002926", "02/07/2023", "", "05/12/2026"),
			testUnits[4]}
		third := load(t, d, day2, fileUnits, csvFile(fileUnits, next...), true)
		if want := (Counts{UnitsChanged: 2, UnitsInvalid: 2}); third.Counts != want {
			t.Fatalf("third import: %+v, want %+v", third.Counts, want)
		}
		_, warnings, err := m.importResultData(ctx, third.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, w := range warnings {
			got[w.Code] = w.Reason
		}
		if len(got) != 2 || got["A11000001"] != "Ha pasado a Extinguida." || got["E00000001"] != "Ya no figura en el fichero completo del DIR3." {
			t.Fatalf("warnings %+v", warnings)
		}
		// Nothing deleted: the extinguished and the missing units are kept.
		gone, err := m.Unit(ctx, "e00000001")
		if err != nil || gone.MissingSince.IsZero() || gone.Valid() {
			t.Fatalf("missing unit: %+v %v", gone, err)
		}
		valid, err := m.Valid(ctx, []string{"A11000001", "A11000002", "E00000001", "O00000001", "X00000000"})
		if err != nil {
			t.Fatal(err)
		}
		if valid["A11000001"] || !valid["A11000002"] || valid["E00000001"] || !valid["O00000001"] || valid["X00000000"] {
			t.Errorf("Valid: %v", valid)
		}
		// The office was not in the file: it stays as it was.
		if o, err := m.Office(ctx, "O00000001"); err != nil || !o.Valid() || !o.SIR {
			t.Errorf("office after a units-only file: %+v %v", o, err)
		}
		// Listed again, the subdelegación is valid again.
		fourth := load(t, d, day2.Add(time.Hour), fileUnits, csvFile(fileUnits, testUnits[5]), false)
		if fourth.Counts != (Counts{UnitsChanged: 1}) {
			t.Errorf("fourth import: %+v", fourth.Counts)
		}
		if u, _ := m.Unit(ctx, "E00000001"); !u.Valid() {
			t.Errorf("a unit listed again is still missing: %+v", u)
		}
		if _, err := m.Unit(ctx, "A99999999"); !errors.Is(err, errs.NotFound) {
			t.Errorf("unknown unit: %v", err)
		}
	})
}

func TestSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := &Module{kit: &kit.Kit{DB: d}}
		load(t, d, day1, "unidades.zip", testZip(t), true)
		names := func(q string, opts SearchOptions) string {
			t.Helper()
			units, err := m.Search(ctx, q, opts)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range units {
				out = append(out, u.Code)
			}
			return strings.Join(out, " ")
		}
		cases := []struct {
			q    string
			opts SearchOptions
			want string
		}{
			{"consejeria educacion", SearchOptions{}, "A11000001"},                    // accents ignored, extinguished left out
			{"EDUCACIÓN consejería", SearchOptions{All: true}, "A11000004 A11000001"}, // any order, all states
			{"ordenacion acad", SearchOptions{}, "A11000003"},                         // prefixes
			{"a11000002", SearchOptions{}, "A11000002"},                               // code
			{"caceres", SearchOptions{AdminLevel: AGE}, "E00000001"},
			{"caceres", SearchOptions{AdminLevel: Autonomica}, ""},
			{"", SearchOptions{AdminLevel: Autonomica, Limit: 2}, "A11002926 A11000001"}, // root units first
			{"50%", SearchOptions{}, ""},
		}
		for _, c := range cases {
			if got := names(c.q, c.opts); got != c.want {
				t.Errorf("Search(%q, %+v) = %q, want %q", c.q, c.opts, got, c.want)
			}
		}
	})
}

func TestSIROffice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := &Module{kit: &kit.Kit{DB: d}}
		load(t, d, day1, "unidades.zip", testZip(t), true)
		for _, unit := range []string{"A11000001", "A11000002", "A11000003"} { // itself, then climbing two levels
			o, err := m.SIROffice(ctx, unit)
			if err != nil || o.Code != "O00000001" {
				t.Errorf("SIROffice(%s) = %+v, %v", unit, o, err)
			}
		}
		for _, unit := range []string{"A11002926", "E00000001", "A99999999"} { // none above, none at all, unknown
			if _, err := m.SIROffice(ctx, unit); !errors.Is(err, errs.NotFound) {
				t.Errorf("SIROffice(%s): %v, want not found", unit, err)
			}
		}
		// The SIR relation withdrawn by a full relations file: no office any more.
		load(t, d, day2, fileSIRLinks, csvFile(fileSIRLinks), true)
		if _, err := m.SIROffice(ctx, "A11000003"); !errors.Is(err, errs.NotFound) {
			t.Errorf("SIROffice after the relation was withdrawn: %v", err)
		}
	})
}

func TestDemoLoads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := &Module{kit: &kit.Kit{DB: d}}
		start := time.Now()
		if err := LoadDemo(ctx, d, kit.DemoOptions{Now: day1}); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if err := LoadDemo(ctx, d, kit.DemoOptions{Now: day2}); err != nil { // a second load writes nothing
			t.Fatal(err)
		}
		var imports, units int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_imports`).Scan(&imports)
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM dir3_units WHERE code LIKE 'L01%'`).Scan(&units)
		if imports != 1 || units != 223 {
			t.Fatalf("%d imports, %d ayuntamientos", imports, units)
		}
		o, err := m.SIROffice(ctx, "L02000010")
		if err != nil || o.Code != "O00002683" {
			t.Fatalf("SIR office of the Diputación: %+v %v", o, err)
		}
		t.Logf("demo loaded in %v", took)
	})
}
