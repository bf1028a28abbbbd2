package dir3

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/dbtest"
	"concejo/internal/platform/kit"
)

// wholeState is a Unidades.csv the size of the whole state's directory:
// n units in trees of 50 under roots, every tenth extinguished.
func wholeState(n int) []byte {
	var b strings.Builder
	b.WriteString(strings.Repeat("columna;", layout[fileUnits]-1) + "columna\n")
	words := []string{"Servicio", "Sección", "Negociado", "Dirección General", "Secretaría", "Consejería", "Área", "Unidad"}
	topics := []string{"Educación", "Sanidad", "Hacienda", "Empleo", "Cultura", "Agricultura", "Medio Ambiente", "Vivienda", "Turismo", "Industria"}
	for i := range n {
		code := fmt.Sprintf("A%08d", i)
		root := fmt.Sprintf("A%08d", i/50*50)
		superior := root
		state := "V"
		if i%10 == 9 {
			state = "E"
		}
		level := "2"
		if code == root {
			level = "1"
		}
		name := fmt.Sprintf("%s de %s y %s n.º %d", words[i%len(words)], topics[i%len(topics)], topics[(i/7)%len(topics)], i)
		b.WriteString(unitLine(code, name, state, fmt.Sprint(1+i%3), level, superior, root, "01/01/2015", "", "01/12/2026") + "\n")
	}
	return []byte(b.String())
}

// BenchmarkImportWholeState imports a file of 200,000 units into an empty
// directory, then the same file again (nothing to write), and reports both.
func BenchmarkImportWholeState(b *testing.B) {
	content := wholeState(200_000)
	for range b.N {
		d := dbtest.SQLite(b)
		start := time.Now()
		data, err := Parse(fileUnits, content)
		if err != nil {
			b.Fatal(err)
		}
		parsed := time.Since(start)
		if _, err := importNow(context.Background(), d, day1, fileUnits, data, true); err != nil {
			b.Fatal(err)
		}
		first := time.Since(start)
		start = time.Now()
		if _, err := importNow(context.Background(), d, day2, fileUnits, data, true); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(parsed.Seconds(), "s-parse")
		b.ReportMetric(first.Seconds(), "s-first")
		b.ReportMetric(time.Since(start).Seconds(), "s-again")
	}
}

// BenchmarkSearchWholeState searches by two words over 200,000 units.
func BenchmarkSearchWholeState(b *testing.B) {
	d := dbtest.SQLite(b)
	data, err := Parse(fileUnits, wholeState(200_000))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := importNow(context.Background(), d, day1, fileUnits, data, true); err != nil {
		b.Fatal(err)
	}
	if err := d.Analyze(context.Background()); err != nil {
		b.Fatal(err)
	}
	m := &Module{kit: &kit.Kit{DB: d}}
	queries := []SearchOptions{{}, {AdminLevel: Autonomica}, {All: true}}
	b.ResetTimer()
	for i := range b.N {
		if _, err := m.Search(context.Background(), []string{"seccion sanidad", "consejeria educ", "", "a00012345"}[i%4], queries[i%3]); err != nil {
			b.Fatal(err)
		}
	}
}
