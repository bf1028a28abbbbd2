package db

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// TableSize is the room a table takes: its rows, and the bytes of its data
// and of its indexes.
type TableSize struct {
	Name       string
	Rows       int64
	DataBytes  int64
	IndexBytes int64
}

// Bytes is what the table takes in all.
func (t TableSize) Bytes() int64 { return t.DataBytes + t.IndexBytes }

// TableSizes returns every table of the schema with its size, largest
// first. SQLite counts the pages of each b-tree (the dbstat virtual table)
// and the rows in the table's leaves; PostgreSQL gives the size of the
// table (with its TOAST) and of its indexes, and the rows are counted.
func (d *DB) TableSizes(ctx context.Context) ([]TableSize, error) {
	var out []TableSize
	var err error
	if d.Engine == Postgres {
		out, err = d.postgresSizes(ctx)
	} else {
		out, err = d.sqliteSizes(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("medir las tablas: %w", err)
	}
	slices.SortFunc(out, func(a, b TableSize) int {
		return cmp.Or(cmp.Compare(b.Bytes(), a.Bytes()), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

func (d *DB) sqliteSizes(ctx context.Context) ([]TableSize, error) {
	type btree struct {
		table, name string
		bytes, rows int64
	}
	trees, err := Collect(ctx, d, func(s Scanner) (btree, error) {
		var b btree
		return b, s.Scan(&b.table, &b.name, &b.bytes, &b.rows)
	}, `SELECT m.tbl_name, s.name, SUM(s.pgsize), SUM(CASE WHEN s.pagetype = 'leaf' THEN s.ncell ELSE 0 END)
		FROM dbstat s JOIN sqlite_master m ON m.name = s.name
		WHERE m.type IN ('table', 'index') GROUP BY m.tbl_name, s.name`)
	if err != nil {
		return nil, err
	}
	tables := map[string]*TableSize{}
	for _, b := range trees {
		t := tables[b.table]
		if t == nil {
			t = &TableSize{Name: b.table}
			tables[b.table] = t
		}
		if b.name == b.table {
			t.DataBytes, t.Rows = b.bytes, b.rows
		} else {
			t.IndexBytes += b.bytes
		}
	}
	out := make([]TableSize, 0, len(tables))
	for _, t := range tables {
		out = append(out, *t)
	}
	return out, nil
}

func (d *DB) postgresSizes(ctx context.Context) ([]TableSize, error) {
	out, err := Collect(ctx, d, func(s Scanner) (TableSize, error) {
		var t TableSize
		return t, s.Scan(&t.Name, &t.DataBytes, &t.IndexBytes)
	}, `SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		q := `SELECT COUNT(*) FROM "` + out[i].Name + `"` // a name read from the catalogue
		if err := d.QueryRowContext(ctx, q).Scan(&out[i].Rows); err != nil {
			return nil, fmt.Errorf("contar %s: %w", out[i].Name, err)
		}
	}
	return out, nil
}
