package db

import "context"

// Scanner reads one row: a *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Collect runs query and returns its rows, in order, as scan reads each one
// (nil when there is none).
func Collect[T any](ctx context.Context, q Queryer, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
