package census_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/census"
	"concejo/internal/demo"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
)

// Benchmarks of the padrón budgets on the full demo province (SQLite):
//
//	go test -run '^$' -bench . -benchtime 1x -timeout 60m ./internal/backoffice/census/
//
// The first run generates the province (387,752 inhabitants, or
// CONCEJO_DEMO_HABITANTES) into $TMPDIR/concejo-census-bench.db and reports
// the generation time; later runs reuse the file (delete it to measure again).

var (
	provinceOnce sync.Once
	provinceDB   *db.DB
	provinceGen  time.Duration
	// provinceTopUp is the time of the top-ups (LoadPopulation alone).
	provinceTopUp time.Duration
	provinceErr   error
)

func province(b *testing.B) *db.DB {
	b.Helper()
	provinceOnce.Do(func() {
		ctx := context.Background()
		path := filepath.Join(os.TempDir(), "concejo-census-bench.db")
		fresh := false
		if _, err := os.Stat(path); err != nil {
			fresh = true
		}
		d, err := db.OpenSQLite(ctx, path)
		if err != nil {
			provinceErr = err
			return
		}
		if err := d.Migrate(ctx); err != nil {
			provinceErr = err
			return
		}
		if err := refdata.LoadCatalogue(ctx, d); err != nil {
			provinceErr = err
			return
		}
		if fresh {
			start := time.Now()
			if _, err := app.LoadDemo(ctx, d, demo.Options{PasswordParams: apptest.Cheap, Full: true}, nil); err != nil {
				provinceErr = err
				return
			}
			provinceGen = time.Since(start)
		}
		// a database made before the covering indexes of the cifras gets them
		for _, stmt := range []string{
			`CREATE INDEX IF NOT EXISTS census_residences_age ON census_residences (sex, birth_ymd, valid_from, valid_to, entity_id)`,
			`CREATE INDEX IF NOT EXISTS census_residences_entity_age ON census_residences (entity_id, sex, birth_ymd, valid_from, valid_to)`,
			`ANALYZE`,
		} {
			if _, err := d.ExecContext(ctx, stmt); err != nil {
				provinceErr = err
				return
			}
		}
		// top-ups for the budgets: a town of 100,000 (Plasencia, 10148) and
		// 400,000 inhabitants in all (the rest in Navalmoral de la Mata, 10131)
		start := time.Now()
		if err := topUp(ctx, d, "10148", 100_000); err != nil {
			provinceErr = err
			return
		}
		var total int
		d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE active`).Scan(&total)
		if total < 400_000 {
			var nav int
			id := ""
			d.QueryRow(`SELECT id FROM entities WHERE kind = 'ayuntamiento' AND ine_code = '10131'`).Scan(&id)
			d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE active AND entity_id = $1`, id).Scan(&nav)
			if err := topUp(ctx, d, "10131", nav+400_000-total); err != nil {
				provinceErr = err
				return
			}
		}
		provinceTopUp = time.Since(start)
		provinceDB = d
	})
	if provinceErr != nil {
		b.Fatal(provinceErr)
	}
	return provinceDB
}

// topUp brings the active inscriptions of the municipality ine to want.
func topUp(ctx context.Context, d *db.DB, ine string, want int) error {
	var id string
	if err := d.QueryRow(`SELECT id FROM entities WHERE kind = 'ayuntamiento' AND ine_code = $1`, ine).Scan(&id); err != nil {
		return err
	}
	var have int
	d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE active AND entity_id = $1`, id).Scan(&have)
	if have >= want {
		return nil
	}
	_, err := census.LoadPopulation(ctx, d, id, ine, want-have, 50_000_000, time.Now())
	return err
}

func entityByINE(b *testing.B, d *db.DB, ine string) string {
	var id string
	if err := d.QueryRow(`SELECT id FROM entities WHERE kind = 'ayuntamiento' AND ine_code = $1`, ine).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

// BenchmarkDemoGeneration reports how long the full province demo took
// (all modules, the padrón included) and how many inhabitants it holds.
func BenchmarkDemoGeneration(b *testing.B) {
	d := province(b)
	var n int
	d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE active`).Scan(&n)
	if provinceGen > 0 {
		b.ReportMetric(provinceGen.Seconds(), "s-generation")
	}
	b.ReportMetric(float64(n), "inhabitants")
	if provinceTopUp > 0 {
		b.ReportMetric(provinceTopUp.Seconds(), "s-topup")
	}
	id := entityByINE(b, d, "10148")
	var pl int
	d.QueryRow(`SELECT COUNT(*) FROM census_inscriptions WHERE entity_id = $1 AND active`, id).Scan(&pl)
	b.ReportMetric(float64(pl), "plasencia")
}

// BenchmarkSearch: name searches (two words, any order) and document
// searches in Plasencia (topped up to 100,000) over the province's 400k rows;
// reports the p99 latency.
func BenchmarkSearch(b *testing.B) {
	d := province(b)
	cc := entityByINE(b, d, "10148")
	rows, err := d.Query(`SELECT name, surname1, doc_number FROM census_inscriptions WHERE entity_id = $1 AND active ORDER BY number LIMIT 5000`, cc)
	if err != nil {
		b.Fatal(err)
	}
	var queries []census.Filter
	for rows.Next() {
		var n, s, doc string
		rows.Scan(&n, &s, &doc)
		queries = append(queries, census.Filter{Text: s + " " + n}, census.Filter{Text: n + " " + s[:min(3, len(s))]})
		if doc != "" {
			queries = append(queries, census.Filter{Document: doc})
		}
	}
	rows.Close()
	reportSearch(b, d, cc, queries)
}

// BenchmarkSearchSurname: «Primer apellido» searches in the same
// Plasencia, half a whole surname and half its first three letters (the
// commonest surnames match thousands); reports the p99 latency.
func BenchmarkSearchSurname(b *testing.B) {
	d := province(b)
	cc := entityByINE(b, d, "10148")
	rows, err := d.Query(`SELECT surname1 FROM census_inscriptions WHERE entity_id = $1 AND active ORDER BY number LIMIT 5000`, cc)
	if err != nil {
		b.Fatal(err)
	}
	var queries []census.Filter
	for rows.Next() {
		var s string
		rows.Scan(&s)
		queries = append(queries, census.Filter{Surname1: s}, census.Filter{Surname1: string([]rune(s)[:min(3, len([]rune(s)))])})
	}
	rows.Close()
	reportSearch(b, d, cc, queries)
}

// reportSearch runs 2,000 random queries per iteration in the entity and
// reports the p99 and p50 latencies.
func reportSearch(b *testing.B, d *db.DB, entityID string, queries []census.Filter) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 2000; k++ {
			f := queries[rng.IntN(len(queries))]
			f.Limit = 50
			t0 := time.Now()
			if _, _, err := census.Search(ctx, d, entityID, f); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkProvinceFigures: cifras by sex and age of the whole province.
func BenchmarkProvinceFigures(b *testing.B) {
	d := province(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := census.ProvinceFigures(ctx, d, time.Now())
		if err != nil || f.Total.Total() == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkEntityFigures: every breakdown of Plasencia (100,000) (sex, age, nationality,
// birthplace, núcleo, sección).
func BenchmarkEntityFigures(b *testing.B) {
	d := province(b)
	ctx := context.Background()
	cc := entityByINE(b, d, "10148")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := census.EntityFigures(ctx, d, cc, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkINEMonthlyFile: the monthly variations file of Plasencia (100,000) (the
// last complete month) and, as the heaviest case, its whole padrón.
func BenchmarkINEMonthlyFile(b *testing.B) {
	d := province(b)
	ctx := context.Background()
	cc := entityByINE(b, d, "10148")
	month := time.Now().AddDate(0, -1, 0)
	b.Run("variaciones-del-mes", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			vs, err := census.MonthVariations(ctx, d, cc, month)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := census.WriteVariations(ctx, d, cc, vs, &buf); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(vs)), "records")
		}
	})
	b.Run("padron-completo", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var buf bytes.Buffer
			n, err := census.WritePadron(ctx, d, cc, &buf)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n), "records")
		}
	})
}

// BenchmarkLoadPopulation measures the padrón loader alone: 20,000
// inhabitants with their history into Abadía on a fresh small demo
// (SQLite file), reported as inhabitants per second.
func BenchmarkLoadPopulation(b *testing.B) {
	ctx := context.Background()
	const pop = 20_000
	for b.Loop() {
		b.StopTimer()
		d := dbtest.SQLite(b)
		opts := smallDemo(b, d)
		abadia := entityByINE(b, d, "10001")
		b.StartTimer()
		start := time.Now()
		if _, err := census.LoadPopulation(ctx, d, abadia, "10001", pop, 0, opts.Now); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(pop/time.Since(start).Seconds(), "inhabitants/s")
	}
}
