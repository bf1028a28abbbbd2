package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Analyze gives the planner fresh statistics of every table of the schema,
// for after a bulk load. SQLite reads every index whole, then a table made
// and dropped in the same transaction changes the schema so that every
// pooled connection (and every statement it keeps prepared) plans with
// them: a SQLite connection reads the statistics only when it loads the
// schema. PostgreSQL analyzes only the tables of the current schema: a bare
// ANALYZE would also take the tables of every other schema of the
// database, and deadlock with whoever changes them.
func (d *DB) Analyze(ctx context.Context) error {
	var err error
	if d.Engine == Postgres {
		err = d.analyzePostgres(ctx)
	} else {
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			for _, q := range []string{`ANALYZE`, `CREATE TABLE schema_bump_after_analyze (done INTEGER)`, `DROP TABLE schema_bump_after_analyze`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		return fmt.Errorf("calcular las estadísticas de las tablas: %w", err)
	}
	return nil
}

func (d *DB) analyzePostgres(ctx context.Context) error {
	names, err := Collect(ctx, d, func(s Scanner) (string, error) {
		var n string
		return n, s.Scan(&n)
	}, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil || len(names) == 0 {
		return err
	}
	_, err = d.ExecContext(ctx, `ANALYZE `+strings.Join(names, ", ")) // names quoted by the catalogue
	return err
}
