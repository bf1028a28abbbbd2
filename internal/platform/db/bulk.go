package db

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// InsertRows writes n rows into table inside tx, args(i) giving the values
// of row i in the order of cols: for demo data and imports. On SQLite (in
// process, where binding few parameters is fastest) it runs one prepared
// one-row statement per row; on PostgreSQL, INSERTs of 200 rows to save
// round trips.
func InsertRows(ctx context.Context, tx *sql.Tx, engine Engine, table string, cols []string, n int, args func(i int) []any) error {
	per := 200
	if engine == SQLite {
		per = 1
	}
	var full *sql.Stmt // the statement of a full batch, prepared once
	if n >= per {
		var err error
		if full, err = tx.PrepareContext(ctx, InsertSQL(table, cols, per)); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		defer full.Close()
	}
	vals := make([]any, 0, per*len(cols))
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		vals = vals[:0]
		for i := lo; i < hi; i++ {
			row := args(i)
			if len(row) != len(cols) {
				return fmt.Errorf("%s: %d values for %d columns", table, len(row), len(cols))
			}
			vals = append(vals, row...)
		}
		var err error
		if hi-lo == per {
			_, err = full.ExecContext(ctx, vals...)
		} else {
			_, err = tx.ExecContext(ctx, InsertSQL(table, cols, hi-lo), vals...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

// InsertSQL is an INSERT of rows rows into table with $N placeholders.
func InsertSQL(table string, cols []string, rows int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	n := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for c := range cols {
			if c > 0 {
				q.WriteString(", ")
			}
			n++
			q.WriteString("$" + strconv.Itoa(n))
		}
		q.WriteByte(')')
	}
	return q.String()
}
