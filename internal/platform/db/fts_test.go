package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// probeIndex is a search index over a table of the test's own.
var probeIndex = db.SearchIndex{Name: "probe_fts", Table: "probe_docs", Column: "body", Key: []string{"entity_id", "id"}}

// newProbe creates probe_docs with its search index, as a migration with
// CREATE SEARCH INDEX would, after some rows are already in (the index
// takes them), and adds more after.
func newProbe(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{`CREATE TABLE probe_docs (entity_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (entity_id, id))`,
		`INSERT INTO probe_docs VALUES ('e1', 'a', 'certificado de empadronamiento con firma caducada')`}
	stmts = append(stmts, db.ExpandStatement(d.Engine, `CREATE SEARCH INDEX probe_fts ON probe_docs (body) KEY (entity_id, id);`)...)
	stmts = append(stmts,
		`INSERT INTO probe_docs VALUES ('e1', 'b', 'la impresora del registro no imprime los justificantes')`,
		`INSERT INTO probe_docs VALUES ('e2', 'a', 'no llegan los correos: buzon lleno (ana@correo.es)')`,
		`INSERT INTO probe_docs VALUES ('e2', 'b', 'firma de la resolucion 2026-0048 informe_final')`)
	for _, s := range stmts {
		if _, err := d.ExecContext(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
}

// found returns "entity/id" of the probe rows matching text, sorted.
func found(t *testing.T, d *db.DB, text string) []string {
	t.Helper()
	w := &db.Where{}
	if !probeIndex.In(w, d.Engine, []string{"p.entity_id", "p.id"}, db.SearchTerms(text)) {
		return nil
	}
	out, err := db.Collect(context.Background(), d, func(sc db.Scanner) (string, error) {
		var e, id string
		err := sc.Scan(&e, &id)
		return e + "/" + id, err
	}, `SELECT p.entity_id, p.id FROM probe_docs p`+w.SQL()+` ORDER BY p.entity_id, p.id`, w.Args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A search index finds rows by word prefixes, every word required, the
// same on both engines, and follows inserts, updates and deletes.
func TestSearchIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newProbe(t, d)
		ctx := context.Background()
		for _, c := range []struct {
			text string
			want []string
		}{
			{"certificado", []string{"e1/a"}},         // taken from the rows there before the index
			{"firma", []string{"e1/a", "e2/b"}},       // a whole word
			{"firm cad", []string{"e1/a"}},            // prefixes, both required
			{"imprim", []string{"e1/b"}},              // not "impresora"
			{"mpresora", nil},                         // a word's inside is not a prefix
			{"correo", []string{"e2/a"}},              // a word of an e-mail address
			{"es", []string{"e2/a"}},                  // its domain
			{"0048", []string{"e2/b"}},                // a part of a hyphenated number
			{"informe final", []string{"e2/b"}},       // the words of informe_final
			{"buzon lleno correos", []string{"e2/a"}}, //
			{"firma registro", nil},                   // no row has both
			{"LA   Impresora", []string{"e1/b"}},      // case and spaces
			{"%", nil},                                // no word: no condition (the caller searches otherwise)
		} {
			if got := found(t, d, c.text); !slices.Equal(got, c.want) {
				t.Errorf("%q: found %v, want %v", c.text, got, c.want)
			}
		}
		for _, s := range []string{`UPDATE probe_docs SET body = 'escaner averiado' WHERE entity_id = 'e1' AND id = 'b'`,
			`DELETE FROM probe_docs WHERE entity_id = 'e2' AND id = 'b'`,
			`UPDATE probe_docs SET entity_id = entity_id WHERE id = 'a'`} { // an update of other columns keeps the text
			if _, err := d.ExecContext(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		for text, want := range map[string][]string{"impresora": nil, "escaner": {"e1/b"}, "firma": {"e1/a"},
			"informe": nil, "certificado": {"e1/a"}} {
			if got := found(t, d, text); !slices.Equal(got, want) {
				t.Errorf("after the changes, %q: found %v, want %v", text, got, want)
			}
		}
	})
}

func TestSearchTerms(t *testing.T) {
	for in, want := range map[string]string{
		"certificado firma":       "certificado firma",
		"  40% de la cuota ":      "40 de la cuota",
		"informe_final.pdf":       "informe final pdf",
		"%_":                      "",
		"ñandu":                   "ñandu",
		"a b c d e f g h i j k l": "a b c d e f g h",
	} {
		if got := strings.Join(db.SearchTerms(in), " "); got != want {
			t.Errorf("SearchTerms(%q) = %q, want %q", in, got, want)
		}
	}
}

// The index serves the search: the plan reads it, not the whole table
// (filled, with fresh statistics, as a table in service).
func TestSearchIndexPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		newProbe(t, d)
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return db.InsertRows(ctx, tx, d.Engine, "probe_docs", []string{"entity_id", "id", "body"}, 3000, func(i int) []any {
				return []any{"e3", fmt.Sprint(i), fmt.Sprintf("solicitud numero %d del registro de entrada", i)}
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		analyze := `ANALYZE probe_docs`
		if d.Engine == db.Postgres {
			analyze = `VACUUM ANALYZE probe_docs`
		}
		if _, err := d.ExecContext(ctx, analyze); err != nil {
			t.Fatal(err)
		}
		w := &db.Where{}
		probeIndex.In(w, d.Engine, []string{"entity_id", "id"}, []string{"firma"})
		query := `SELECT body FROM probe_docs` + w.SQL()
		index := "probe_fts"
		if err := db.ExplainUsesIndex(ctx, d, query, w.Args, index); err != nil {
			t.Fatal(err)
		}
		// And the check notices a plan that reads the whole table.
		err = db.ExplainUsesIndex(ctx, d, `SELECT body FROM probe_docs WHERE body LIKE '%firma%'`, nil)
		if err == nil || !strings.Contains(err.Error(), "whole table") {
			t.Fatalf("a LIKE over the table passed the plan check: %v", err)
		}
	})
}
