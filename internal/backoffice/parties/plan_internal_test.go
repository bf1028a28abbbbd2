package parties

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// seedParties writes n terceros into each of three entities, some of them
// namesakes born the same day, marks them and refreshes the planner's
// statistics, as a loaded database has them.
func seedParties(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	names := []string{"María", "José", "Antonio", "Carmen", "Juan", "Isabel", "Manuel", "Dolores", "Francisco", "Lucía", "Pedro"}
	surnames := []string{"García", "Sánchez-Arjona", "Muñoz", "Pérez", "Gil", "Barrado", "Calle", "Montero", "Núñez", "Rubio", "Durán", "Bravo", "Pizarro"}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for _, e := range []string{"e1", "e2", "e3"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, kind, name, search_text, created_at, updated_at)
				VALUES ($1, 'ayuntamiento', $1, $1, $2, $2)`, e, now); err != nil {
				return err
			}
			list := make([]Party, n)
			for i := range list {
				birth := time.Date(1940+i%60, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
				list[i] = Party{EntityID: e, ID: fmt.Sprintf("%s-%05d", e, i), Kind: KindPerson, DocType: DocOther,
					Name: names[i%len(names)], Surname1: surnames[i%len(surnames)], Surname2: surnames[(i/7)%len(surnames)],
					BirthDate: &birth, CreatedAt: now, UpdatedAt: now}
				if i%50 == 1 { // a namesake of the one before, born the same day
					twin := list[i-1]
					twin.ID, twin.Name = list[i].ID, twin.Name+"s"
					list[i] = twin
				}
			}
			if err := InsertMany(ctx, tx, d.Engine, list); err != nil {
				return err
			}
			if err := checkDuplicates(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	analyze := `ANALYZE parties`
	if d.Engine == db.Postgres {
		analyze = `VACUUM ANALYZE parties` // and the visibility map index-only scans need
	}
	if _, err := d.ExecContext(ctx, analyze); err != nil {
		t.Fatal(err)
	}
}

// The hot queries of the terceros' pages read through their indexes on
// both engines: the list and its count (with and without words), the
// page of possible duplicates. (PostgreSQL may read the entity's rows of
// the plain list through another of the entity's indexes, as its
// statistics advise; it never reads the whole table.)
func TestQueryPlansUseIndexes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedParties(t, d, 3000)
		if n, err := duplicates(ctx, d, "e1", 100); err != nil || len(n) == 0 {
			t.Fatalf("the seeded terceros give %d groups of possible duplicates (%v)", len(n), err)
		}
		plain := partyWhere(d.Engine, "e1", Filter{})
		words := partyWhere(d.Engine, "e1", Filter{Words: searchWords("garcia lop")})
		for _, c := range []struct {
			name, query string
			args        []any
			index       string
		}{
			{"count", `SELECT COUNT(*) FROM parties p` + plain.SQL(), plain.Args, "parties_active"},
			{"page", `SELECT ` + partyCols + ` FROM parties p` + plain.SQL() + ` ORDER BY p.sort_name, p.id LIMIT 50`, plain.Args, "parties_active"},
			{"search count", `SELECT COUNT(*) FROM parties p` + words.SQL(), words.Args, partySearch.Name},
			{"search page", `SELECT ` + partyCols + ` FROM parties p` + words.SQL() + ` ORDER BY p.sort_name, p.id LIMIT 50`, words.Args, partySearch.Name},
			{"possible duplicates", `SELECT ` + partyCols + ` FROM parties p WHERE p.entity_id = $1 AND p.possible_duplicate = TRUE
				ORDER BY p.birth_date, p.id`, []any{"e1"}, "parties_possible_duplicates"},
		} {
			var want []string
			if d.Engine == db.SQLite || c.index != "parties_active" {
				want = append(want, c.index)
			}
			if err := db.ExplainUsesIndex(ctx, d, c.query, c.args, want...); err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		}
	})
}
