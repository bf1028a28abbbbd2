package db

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// QueryPlan returns the engine's plan of query with args, one line per
// step: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN text. On
// PostgreSQL it plans with enable_seqscan off, so that a test's small
// tables get the plan a large one would (an index where one serves); give
// them enough rows and fresh statistics (VACUUM ANALYZE) for the planner
// to choose between indexes as it would in service.
func (d *DB) QueryPlan(ctx context.Context, query string, args ...any) ([]string, error) {
	var plan []string
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		explain := "EXPLAIN QUERY PLAN "
		if d.Engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
			explain = "EXPLAIN "
		}
		rows, err := tx.QueryContext(ctx, explain+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		vals := make([]any, len(cols))
		for rows.Next() {
			var line string
			for i := range vals {
				vals[i] = new(any)
			}
			vals[len(vals)-1] = &line // the detail, or the text line
			if err := rows.Scan(vals...); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("explicar la consulta: %w", err)
	}
	return plan, nil
}

// tableScan matches a plan step that reads a whole table or index, naming
// it: SQLite's "SCAN t" or "SCAN t USING INDEX i" (not a virtual table's
// index), PostgreSQL's "Seq Scan on t".
var tableScan = regexp.MustCompile(`^\s*(?:SCAN (\w+)(?:$| USING (?:COVERING )?INDEX)|.*Seq Scan on (\w+))`)

// subquery matches SQLite's step that names the rows of a subquery, which
// a later "SCAN name" reads.
var subquery = regexp.MustCompile(`^\s*(?:CO-ROUTINE|MATERIALIZE) (\w+)`)

// ExplainUsesIndex checks that the plan of query reads through every index
// named in indexes and reads no table whole; the error shows the plan. It
// is what tests of hot queries assert on both engines (see QueryPlan for
// PostgreSQL's planner settings). An FTS5 table's name counts as its index.
func ExplainUsesIndex(ctx context.Context, d *DB, query string, args []any, indexes ...string) error {
	plan, err := d.QueryPlan(ctx, query, args...)
	if err != nil {
		return err
	}
	text := strings.Join(plan, "\n")
	subqueries := map[string]bool{} // SQLite's names of the rows of a subquery
	for _, line := range plan {
		if m := subquery.FindStringSubmatch(line); m != nil {
			subqueries[m[1]] = true
		}
	}
	for _, line := range plan {
		if m := tableScan.FindStringSubmatch(line); m != nil && !subqueries[m[1]] {
			return fmt.Errorf("the plan reads a whole table (%s):\n%s", strings.TrimSpace(line), text)
		}
	}
	for _, ix := range indexes {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(ix) + `\b`).MatchString(text) {
			return fmt.Errorf("the plan does not use %s:\n%s", ix, text)
		}
	}
	return nil
}
