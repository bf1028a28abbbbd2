package db_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// column is one column as both engines can describe it.
type column struct {
	Type    string // normalised: TEXT, INTEGER, BIGINT, BOOLEAN, TIMESTAMP, BLOB (or the raw type when unknown)
	NotNull bool
}

// index is one explicitly created index (not the ones backing a primary key
// or a UNIQUE constraint, whose names each engine makes up).
type index struct {
	Table   string
	Unique  bool
	Columns string // comma-separated, in index order; expressions as <expr>
}

// table is one table's shape.
type table struct {
	Columns    map[string]column
	PrimaryKey []string // sorted
}

// schema is what a migrated database ends with.
type schema struct {
	Tables  map[string]*table
	Indexes map[string]index
}

// normType maps a declared SQLite type or a PostgreSQL information_schema
// data_type to the portable type names the migrations are written with.
func normType(t string) string {
	t = strings.ToUpper(strings.TrimSpace(t))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "TEXT", "CHARACTER VARYING", "VARCHAR", "CHARACTER", "CHAR":
		return "TEXT"
	case "INTEGER", "INT", "INT4", "SMALLINT", "INT2":
		return "INTEGER"
	case "BIGINT", "INT8":
		return "BIGINT"
	case "BOOLEAN", "BOOL":
		return "BOOLEAN"
	case "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "DATETIME":
		return "TIMESTAMP"
	case "BYTEA", "BLOB":
		return "BLOB"
	}
	return t
}

// sqliteSchema reads the schema of a SQLite database.
func sqliteSchema(t *testing.T, d *db.DB) schema {
	t.Helper()
	ctx := context.Background()
	s := schema{Tables: map[string]*table{}, Indexes: map[string]index{}}
	// Full-text indexes (db.SearchIndex) are each engine's own objects:
	// the FTS5 tables and their shadow and key tables are left out here,
	// the GIN indexes in postgresSchema.
	virtual := strings1(t, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	for _, name := range strings1(t, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`) {
		if slices.ContainsFunc(virtual, func(v string) bool { return name == v || strings.HasPrefix(name, v+"_") }) {
			continue
		}
		tb := &table{Columns: map[string]column{}}
		rows, err := d.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info($1)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col, typ string
			var notNull bool
			var pk int
			if err := rows.Scan(&col, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			// SQLite does not make primary-key columns NOT NULL by itself
			// (PostgreSQL does); the platform always supplies the key, so a
			// key column counts as NOT NULL on both.
			tb.Columns[col] = column{Type: normType(typ), NotNull: notNull || pk > 0}
			if pk > 0 {
				tb.PrimaryKey = append(tb.PrimaryKey, col)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(tb.PrimaryKey)
		s.Tables[name] = tb
	}
	rows, err := d.QueryContext(ctx, `SELECT m.name, m.tbl_name, l."unique" FROM sqlite_master m
		JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
		WHERE m.type = 'index' AND m.sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	type idx struct {
		name string
		ix   index
	}
	var found []idx
	for rows.Next() {
		var x idx
		if err := rows.Scan(&x.name, &x.ix.Table, &x.ix.Unique); err != nil {
			t.Fatal(err)
		}
		found = append(found, x)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, x := range found {
		x.ix.Columns = strings.Join(strings1(t, d,
			`SELECT COALESCE(name, '<expr>') FROM pragma_index_info($1) ORDER BY seqno`, x.name), ",")
		s.Indexes[x.name] = x.ix
	}
	return s
}

// postgresSchema reads the schema of the current PostgreSQL schema (the
// test's own, set by search_path).
func postgresSchema(t *testing.T, d *db.DB) schema {
	t.Helper()
	ctx := context.Background()
	s := schema{Tables: map[string]*table{}, Indexes: map[string]index{}}
	for _, name := range strings1(t, d, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		s.Tables[name] = &table{Columns: map[string]column{}}
	}
	rows, err := d.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable
		FROM information_schema.columns WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col, typ, nullable string
		if err := rows.Scan(&tbl, &col, &typ, &nullable); err != nil {
			t.Fatal(err)
		}
		if tb := s.Tables[tbl]; tb != nil {
			tb.Columns[col] = column{Type: normType(typ), NotNull: nullable == "NO"}
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err = d.QueryContext(ctx, `SELECT k.table_name, k.column_name
		FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k
		  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
		WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		if tb := s.Tables[tbl]; tb != nil {
			tb.PrimaryKey = append(tb.PrimaryKey, col)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tb := range s.Tables {
		sort.Strings(tb.PrimaryKey)
	}
	// Indexes created by CREATE INDEX: not the ones backing a constraint.
	rows, err = d.QueryContext(ctx, `SELECT i.relname, tb.relname, x.indisunique,
		(SELECT string_agg(COALESCE(a.attname, '<expr>'), ',' ORDER BY k.ord)
		   FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
		   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class tb ON tb.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = tb.relnamespace
		JOIN pg_am am ON am.oid = i.relam
		WHERE n.nspname = current_schema() AND am.amname <> 'gin'
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		var ix index
		if err := rows.Scan(&name, &ix.Table, &ix.Unique, &ix.Columns); err != nil {
			t.Fatal(err)
		}
		s.Indexes[name] = ix
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return s
}

// strings1 runs a query returning one text column.
func strings1(t *testing.T, q db.Queryer, query string, args ...any) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// diff lists every difference between the SQLite schema a and the PostgreSQL schema b.
func diff(a, b schema) []string {
	var out []string
	for _, name := range keys(a.Tables) {
		tb, ok := b.Tables[name]
		if !ok {
			out = append(out, "tabla "+name+": solo en SQLite")
			continue
		}
		ta := a.Tables[name]
		for _, col := range keys(ta.Columns) {
			ca, cb := ta.Columns[col], tb.Columns[col]
			if _, ok := tb.Columns[col]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: solo en SQLite", name, col))
				continue
			}
			if ca != cb {
				out = append(out, fmt.Sprintf("%s.%s: SQLite %+v, PostgreSQL %+v", name, col, ca, cb))
			}
		}
		for _, col := range keys(tb.Columns) {
			if _, ok := ta.Columns[col]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: solo en PostgreSQL", name, col))
			}
		}
		if !slices.Equal(ta.PrimaryKey, tb.PrimaryKey) {
			out = append(out, fmt.Sprintf("%s: clave primaria SQLite %v, PostgreSQL %v", name, ta.PrimaryKey, tb.PrimaryKey))
		}
	}
	for _, name := range keys(b.Tables) {
		if _, ok := a.Tables[name]; !ok {
			out = append(out, "tabla "+name+": solo en PostgreSQL")
		}
	}
	for _, name := range keys(a.Indexes) {
		ib, ok := b.Indexes[name]
		switch {
		case !ok:
			out = append(out, "índice "+name+": solo en SQLite")
		case ib != a.Indexes[name]:
			out = append(out, fmt.Sprintf("índice %s: SQLite %+v, PostgreSQL %+v", name, a.Indexes[name], ib))
		}
	}
	for _, name := range keys(b.Indexes) {
		if _, ok := a.Indexes[name]; !ok {
			out = append(out, "índice "+name+": solo en PostgreSQL")
		}
	}
	return out
}

// migrateAgain runs Migrate a second time and checks nothing changes.
func migrateAgain(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var before, after int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Fatal("schema_migrations is empty after migrating")
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Fatalf("second Migrate recorded %d migrations, had %d", after, before)
	}
}

// schemaOf reads the schema of d on its engine.
func schemaOf(t *testing.T, d *db.DB) schema {
	t.Helper()
	if d.Engine == db.SQLite {
		return sqliteSchema(t, d)
	}
	return postgresSchema(t, d)
}

func TestMigrationsAreIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		first := schemaOf(t, d)
		migrateAgain(t, d)
		second := schemaOf(t, d)
		if problems := diff(first, second); len(problems) > 0 {
			t.Fatalf("the schema changed on the second Migrate:\n%s", strings.Join(problems, "\n"))
		}
	})
}

// namesBeforeRenumbering are the migrations as a database migrated before
// their numbers were made unique recorded them.
var namesBeforeRenumbering = []string{"0001_core", "0002_oidc", "0003_oidc_logout", "0004_issued_documents",
	"0005_helpdesk", "0006_territory_parties", "0007_census", "0008_registry", "0008_verify_adhesions",
	"0009_eoffice", "0009_eoffice_drafts", "0010_portal", "0011_jobs", "0012_census_lists", "0013_adhesions",
	"0013_auth", "0013_portal", "0013_registry_lists", "0013_users_invitations"}

// recorded returns schema_migrations: each version with when it was applied.
func recorded(t *testing.T, d *db.DB) map[string]time.Time {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var v string
		var at time.Time
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		out[v] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRenamedMigrationsAreRecognised: a database that recorded its
// migrations under the names they had before the renumbering (two 0008,
// two 0009, five 0013) is recognised: Migrate records them under the new
// names, runs none of them again and leaves the schema as it was.
func TestRenamedMigrationsAreRecognised(t *testing.T) {
	const lastRenumbered = "0019_users_invitations" // migrations after it were never renamed
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		want, before := recorded(t, d), schemaOf(t, d)
		then := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
		if _, err := d.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version <= $1`, lastRenumbered); err != nil {
			t.Fatal(err)
		}
		for _, v := range namesBeforeRenumbering {
			if _, err := d.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, v, then); err != nil {
				t.Fatal(err)
			}
		}
		for v := range want {
			if v <= lastRenumbered {
				want[v] = then
			}
		}
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("Migrate on a database with the old names: %v", err)
		}
		got := recorded(t, d)
		for v, at := range want {
			if g, ok := got[v]; !ok || !g.Equal(at) {
				t.Errorf("%s: recorded %v, applied at %v; want recorded, not applied again (%v)", v, ok, g, at)
			}
		}
		for v := range got {
			if _, ok := want[v]; !ok {
				t.Errorf("%s is still recorded", v)
			}
		}
		if problems := diff(before, schemaOf(t, d)); len(problems) > 0 {
			t.Errorf("the schema changed:\n%s", strings.Join(problems, "\n"))
		}
	})
}

func TestSQLiteSchemaIsComplete(t *testing.T) {
	s := sqliteSchema(t, dbtest.SQLite(t))
	for _, name := range []string{"entities", "services", "adhesions", "users", "audit_log", "schema_migrations"} {
		tb, ok := s.Tables[name]
		if !ok {
			t.Fatalf("table %s missing; tables: %v", name, keys(s.Tables))
		}
		if len(tb.Columns) == 0 || len(tb.PrimaryKey) == 0 {
			t.Fatalf("table %s has no columns or no primary key: %+v", name, tb)
		}
	}
	if len(s.Indexes) == 0 {
		t.Fatal("no indexes read from SQLite")
	}
	// Every declared type is one of the portable ones.
	portable := []string{"TEXT", "INTEGER", "BIGINT", "BOOLEAN", "TIMESTAMP", "BLOB"}
	for _, name := range keys(s.Tables) {
		for col, c := range s.Tables[name].Columns {
			if !slices.Contains(portable, c.Type) {
				t.Errorf("%s.%s has the non-portable type %s", name, col, c.Type)
			}
		}
	}
	if c := s.Tables["adhesions"].Columns["entity_id"]; !c.NotNull || c.Type != "TEXT" {
		t.Fatalf("adhesions.entity_id read as %+v", c)
	}
}

func TestSameSchemaOnBothEngines(t *testing.T) {
	if os.Getenv("CONCEJO_TEST_POSTGRES_URL") == "" {
		t.Skip("CONCEJO_TEST_POSTGRES_URL is not set: only the SQLite side is checked")
	}
	lite := sqliteSchema(t, dbtest.SQLite(t))
	pgDB := dbtest.Postgres(t)
	pg := postgresSchema(t, pgDB)
	if len(pg.Tables) == 0 {
		t.Fatal("no tables read from PostgreSQL")
	}
	if problems := diff(lite, pg); len(problems) > 0 {
		t.Fatalf("SQLite and PostgreSQL schemas differ:\n%s", strings.Join(problems, "\n"))
	}
	t.Logf("%d tables and %d indexes are the same on both engines", len(lite.Tables), len(lite.Indexes))

	// The comparison itself notices a drift: an extra index, a changed
	// NOT NULL flag and a changed type on one engine.
	ctx := context.Background()
	for _, stmt := range []string{`CREATE INDEX probe_drift ON users (name)`,
		`ALTER TABLE users ALTER COLUMN phone DROP NOT NULL`,
		`ALTER TABLE users ALTER COLUMN failed_logins TYPE BIGINT`} {
		if _, err := pgDB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if problems := diff(lite, postgresSchema(t, pgDB)); len(problems) != 3 {
		t.Fatalf("want 3 differences after altering PostgreSQL, got:\n%s", strings.Join(problems, "\n"))
	}
}
