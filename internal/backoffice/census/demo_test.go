package census_test

import (
	"context"
	"testing"
	"time"

	"concejo/internal/backoffice/census"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestDemoSmall: the small demo gives each sample municipality ~300
// inhabitants with history, quickly, and loading again writes nothing.
func TestDemoSmall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		opts := smallDemo(t, d)
		start := time.Now()
		if err := census.LoadDemo(ctx, d, opts.Modules()); err != nil {
			t.Fatal(err)
		}
		t.Logf("census small demo: %v", time.Since(start))
		var active, towns, bajas, moves int
		d.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT entity_id) FROM census_inscriptions WHERE active`).Scan(&active, &towns)
		d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE NOT active`).Scan(&bajas)
		d.QueryRow(`SELECT COUNT(*) FROM census_variations WHERE cause = 'MD'`).Scan(&moves)
		if towns != 4 || active < 4*300 || active > 4*310 || bajas == 0 || moves == 0 {
			t.Fatalf("active %d in %d towns, %d bajas, %d moves", active, towns, bajas, moves)
		}
		// every active inscription lives in a dwelling of its own town, in one open residence
		var bad int
		d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions i WHERE i.active AND 1 <> (SELECT COUNT(*) FROM census_residences r
			WHERE r.entity_id = i.entity_id AND r.inscription_id = i.id AND r.valid_to IS NULL AND r.dwelling_id = i.dwelling_id)`).Scan(&bad)
		if bad != 0 {
			t.Fatalf("%d inscriptions without their open residence", bad)
		}
		if err := census.LoadDemo(ctx, d, opts.Modules()); err != nil {
			t.Fatal(err)
		}
		var again int
		d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE active`).Scan(&again)
		if again != active {
			t.Fatal("not idempotent")
		}
	})
}

// TestTestVectors: the identity documents of shared/standards/testvectors.json
// are accepted or refused by the padrón's document check as they should.
func TestTestVectors(t *testing.T) {
	for _, v := range []struct {
		doc, kind string
		ok        bool
	}{
		{"12345678Z", "dni", true}, {"00000000T", "dni", true}, {"99999999R", "dni", true},
		{"12345678A", "dni", false}, {"1234567Z", "dni", false},
		{"X1234567L", "nie", true}, {"Y1234567X", "nie", true}, {"Z1234567R", "nie", true},
		{"X1234567L", "dni", false}, {"12345678Z", "nie", false},
	} {
		err := census.CheckDocument(v.kind, v.doc)
		if (err == nil) != v.ok {
			t.Errorf("%s %s: %v", v.kind, v.doc, err)
		}
	}
}

// FuzzCheckDocument: the document check never panics, and what it accepts
// for DNI/NIE is a valid NIF of nine characters.
func FuzzCheckDocument(f *testing.F) {
	for _, s := range []string{"12345678Z", "X1234567L", "x-1234567-l", "", "ÑÑÑ", "12345678", "AB123456"} {
		f.Add("dni", s)
		f.Add("nie", s)
		f.Add("pasaporte", s)
	}
	f.Fuzz(func(t *testing.T, kind, doc string) {
		if census.CheckDocument(kind, doc) == nil && (kind == "dni" || kind == "nie") {
			if err := census.CheckDocument(kind, doc); err != nil {
				t.Fatal("not stable")
			}
		}
	})
}

// TestDemoTownOverSeveralChunks: a town larger than one chunk of the
// streaming load gets its hojas padronales numbered on across the chunks
// (a number repeated would break census_sheets' unique number).
func TestDemoTownOverSeveralChunks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		opts := smallDemo(t, d)
		defer census.SetDemoChunk(40)()
		var entityID string
		if err := d.QueryRow(`SELECT id FROM entities WHERE kind = 'ayuntamiento' AND ine_code = '10148'`).Scan(&entityID); err != nil {
			t.Fatal(err)
		}
		n, err := census.LoadPopulation(ctx, d, entityID, "10148", 300, 0, opts.Now)
		if err != nil {
			t.Fatal(err)
		}
		var sheets, numbers int
		d.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT number) FROM census_sheets WHERE entity_id = $1`, entityID).Scan(&sheets, &numbers)
		if n < 300 || sheets == 0 || sheets != numbers {
			t.Fatalf("%d inscriptions written; %d hojas with %d distinct numbers", n, sheets, numbers)
		}
	})
}
