package registry_test

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
)

// bulkYear is the year of the asientos bulkBook writes: no demo book has it.
const bulkYear = 2000

// bulkBook writes n asientos of bulkYear into the entity, an entrada and a
// salida at each second (only the book orders them), and distributes every
// third one to unit. It returns their numbers in the book's order (time,
// book, seq) and those of unit. The 5,000th asiento is an entrada whose
// salida of the same second comes next, so the first chunk of an export
// ends between them.
func bulkBook(t *testing.T, env *apptest.Env, entityID, unit string, n int) (all, ofUnit []string) {
	t.Helper()
	ctx := context.Background()
	start := time.Date(bulkYear, 3, 1, 9, 0, 0, 0, time.UTC)
	type row struct {
		id, book, number string
		seq              int
		at               time.Time
	}
	rows := make([]row, n)
	for i := range rows {
		book := []string{"E", "S"}[i%2]
		seq := i/2 + 1
		rows[i] = row{id.New(), book, fmt.Sprintf("%d/%s/%06d", bulkYear, book, seq), seq,
			start.Add(time.Duration((i+1)/2) * time.Second)}
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(a.at.Compare(b.at), strings.Compare(a.book, b.book), a.seq-b.seq)
	})
	for i, r := range rows {
		all = append(all, r.number)
		if i%3 == 0 {
			ofUnit = append(ofUnit, r.number)
		}
	}
	err := env.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := db.InsertRows(ctx, tx, env.DB.Engine, "registry_entries", []string{"entity_id", "id", "book", "year",
			"seq", "number", "registered_at", "means", "source", "subject", "summary", "doc_type", "search_text",
			"receipt_csv", "clerk_id", "clerk_name"}, n, func(i int) []any {
			r := rows[i]
			return []any{entityID, r.id, r.book, bulkYear, r.seq, r.number, r.at, "presencial", "oficina",
				"Instancia general", "Solicita información", "TD14", "instancia general " + r.number, "CSV" + r.id,
				"sistema", "Prueba"}
		}); err != nil {
			return err
		}
		return db.InsertRows(ctx, tx, env.DB.Engine, "registry_distributions", []string{"entity_id", "entry_id", "step",
			"unit_id", "state", "sent_at", "sent_by"}, (n+2)/3, func(i int) []any {
			r := rows[3*i]
			return []any{entityID, r.id, 1, unit, "aceptada", r.at, "sistema"}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Fresh statistics, as autovacuum gives PostgreSQL a minute after such
	// a load: planned on those of the small demo, the year 2000 looks empty.
	for _, table := range []string{"registry_entries", "registry_distributions"} {
		if _, err := env.DB.ExecContext(ctx, `ANALYZE `+table); err != nil {
			t.Fatal(err)
		}
	}
	return all, ofUnit
}

// exported returns the numbers of the asientos of bulkYear in the CSV
// export that c downloads with the query q.
func exported(t *testing.T, c *apptest.Client, q url.Values) []string {
	t.Helper()
	q.Set("desde", fmt.Sprintf("01/01/%d", bulkYear))
	q.Set("hasta", fmt.Sprintf("31/12/%d", bulkYear))
	res := c.Get("/registro/exportar?" + q.Encode())
	if res.Status != http.StatusOK {
		t.Fatalf("export: %d\n%.300s", res.Status, apptest.Text(res.Body))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, rec := range recs[1:] {
		out = append(out, rec[0])
	}
	return out
}

// TestBookExportAndUnitLists: an export longer than one chunk has every
// asiento once, in the book's order, also where asientos share their time;
// a usuario's list, export and pending work hold exactly what reached his
// units, and so do the unidad filter's.
func TestBookExportAndUnitLists(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		unit := createUnit(t, cc, "Archivo")
		apptest.Expect(t, cc.Post("/registro/unidades/"+unit+"/miembros", url.Values{"usuario": {env.UserID(t, ccUser)}}),
			http.StatusSeeOther)
		// more than two chunks of the export (5,000 asientos)
		all, ofUnit := bulkBook(t, env, env.EntityID(t, apptest.Dir3Caceres), unit, 10_001)

		if got := exported(t, cc, url.Values{}); !slices.Equal(got, all) {
			t.Fatalf("the book's export has %d asientos of %d, or not in order", len(got), len(all))
		}
		for _, format := range []string{"ods", "xlsx"} {
			res := cc.Get("/registro/exportar?formato=" + format)
			if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
				t.Fatalf("%s export: %d", format, res.Status)
			}
		}
		if got := exported(t, cc, url.Values{"unidad": {unit}}); !slices.Equal(got, ofUnit) {
			t.Fatalf("the unidad filter exports %d asientos, want the unit's %d", len(got), len(ofUnit))
		}
		total := func(c *apptest.Client, q string) string {
			return apptest.Text(c.Get("/registro?desde=01/01/2000&hasta=31/12/2000" + q).Body)
		}
		want := web.Thousands(int64(len(ofUnit))) + " asientos"
		if text := total(cc, "&unidad="+unit); !strings.Contains(text, want) {
			t.Fatalf("the unidad filter does not count %q:\n%.500s", want, text)
		}

		// The usuario, member of the unit: only what reached it.
		u := env.Login(t, ccUser)
		if got := exported(t, u, url.Values{}); !slices.Equal(got, ofUnit) {
			t.Fatalf("the usuario exports %d asientos, want his unit's %d", len(got), len(ofUnit))
		}
		if text := total(u, ""); !strings.Contains(text, want) || strings.Contains(text, all[len(all)-1]) {
			t.Fatalf("the usuario's list is not his unit's %q:\n%.500s", want, text)
		}
		if got := exported(t, u, url.Values{"unidad": {env.String(t, `SELECT id FROM registry_units WHERE entity_id = $1
			AND id <> $2 LIMIT 1`, env.EntityID(t, apptest.Dir3Caceres), unit)}}); len(got) != 0 {
			t.Fatalf("the usuario exports %d asientos of a unit he is not in", len(got))
		}
		if _, err := env.DB.Exec(`UPDATE registry_distributions SET state = 'pendiente' WHERE unit_id = $1
			AND entry_id = (SELECT id FROM registry_entries WHERE number = $2)`, unit, ofUnit[5]); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, u.Get("/registro/pendientes"), http.StatusOK, ofUnit[5])
		if got := exported(t, u, url.Values{"estado": {"pendiente"}}); !slices.Equal(got, ofUnit[5:6]) {
			t.Fatalf("the usuario's pending export: %v", got)
		}
	})
}

// TestExportShowsUnitsAndStates: the export says, for each asiento, its
// unit, the unit where it waits and whether it is cancelled, as its page
// does; and another entity's export has none of them.
func TestExportShowsUnitsAndStates(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		cc := env.Login(t, apptest.Caceres)
		unit := createUnit(t, cc, "Estadística")
		waiting := idFrom(t, postEntry(t, cc, entryForm(unit)))
		cancelled := idFrom(t, postEntry(t, cc, entryForm("")))
		apptest.Expect(t, cc.Post("/registro/asientos/"+cancelled+"/anotaciones",
			url.Values{"tipo": {"anulacion"}, "texto": {"Duplicado."}}), http.StatusSeeOther)
		number := func(id string) string {
			return env.String(t, `SELECT number FROM registry_entries WHERE id = $1`, id)
		}
		rows := map[string][]string{}
		res := cc.Get("/registro/exportar?formato=csv")
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			rows[rec[0]] = rec
		}
		// Columns: … 11 Unidad, 12 Pendiente en, 13 Anulado.
		if w := rows[number(waiting)]; len(w) < 14 || w[11] != "Estadística" || w[12] != "Estadística" || w[13] != "No" {
			t.Errorf("the asiento waiting at the unit exports %q", w)
		}
		if c := rows[number(cancelled)]; len(c) < 14 || c[11] != "" || c[12] != "" || c[13] != "Sí" {
			t.Errorf("the cancelled asiento exports %q", c)
		}
		other := env.Login(t, apptest.Plasencia).Get("/registro/exportar?formato=csv")
		if other.Status != http.StatusOK || contains(other.Body, number(waiting)) || contains(other.Body, "Estadística") {
			t.Errorf("another entity's export: %d %.300s", other.Status, other.Body)
		}
	})
}
