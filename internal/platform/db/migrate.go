package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// renamed maps the version a migration was recorded under before its file
// was renamed to its current version (without ".sql"). Migrate rewrites
// the old names it finds in schema_migrations before it looks for pending
// migrations, so a renamed file never runs again. An entry stays for as
// long as a database may still hold the old name; an old name is never
// given to another file. See migrations/README.md.
var renamed = map[string]string{
	// Numbers made unique (two 0008, two 0009, five 0013), in the order
	// they were applied.
	"0008_verify_adhesions":  "0009_verify_adhesions",
	"0009_eoffice":           "0010_eoffice",
	"0009_eoffice_drafts":    "0011_eoffice_drafts",
	"0010_portal":            "0012_portal",
	"0011_jobs":              "0013_jobs",
	"0012_census_lists":      "0014_census_lists",
	"0013_adhesions":         "0015_adhesions",
	"0013_auth":              "0016_auth",
	"0013_portal":            "0017_portal",
	"0013_registry_lists":    "0018_registry_lists",
	"0013_users_invitations": "0019_users_invitations",
}

// versions lists the embedded migrations' versions (file names without
// ".sql") in the order they apply.
func versions() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("leer las migraciones: %w", err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
	}
	return out, nil
}

// Migrate applies, in name order, every embedded migration not yet recorded
// in schema_migrations. Each file runs in its own transaction. The same files
// serve SQLite and PostgreSQL: they use only portable DDL, and CREATE SEARCH
// INDEX (see SearchIndex), which becomes each engine's full-text index. Versions recorded
// under a migration's old name (renamed) are first rewritten to its new one.
func (d *DB) Migrate(ctx context.Context) error {
	if _, err := d.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("crear schema_migrations: %w", err)
	}
	all, err := versions()
	if err != nil {
		return err
	}
	applied, err := d.appliedVersions(ctx)
	if err != nil {
		return err
	}
	for _, version := range all {
		if applied[version] {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + version + ".sql")
		if err != nil {
			return fmt.Errorf("migración %s: %w", version, err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			for _, written := range splitStatements(string(body)) {
				for _, stmt := range expandStatement(d.Engine, written) {
					if _, err := tx.ExecContext(ctx, stmt); err != nil {
						return fmt.Errorf("%s: %w\n%s", version, err, stmt)
					}
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				version, time.Now().UTC())
			return err
		})
		if err != nil {
			return fmt.Errorf("migración %w", err)
		}
	}
	return nil
}

// appliedVersions returns the versions recorded in schema_migrations, after
// rewriting, in one transaction, those recorded under an old name.
func (d *DB) appliedVersions(ctx context.Context) (map[string]bool, error) {
	applied := map[string]bool{}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		recorded, err := Collect(ctx, tx, func(row Scanner) (string, error) {
			var v string
			return v, row.Scan(&v)
		}, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		for _, v := range recorded {
			applied[v] = true
		}
		for old, current := range renamed {
			if !applied[old] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE schema_migrations SET version = $1 WHERE version = $2`, current, old); err != nil {
				return fmt.Errorf("renombrar la migración %s como %s: %w", old, current, err)
			}
			delete(applied, old)
			applied[current] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("leer schema_migrations: %w", err)
	}
	return applied, nil
}

// splitStatements cuts a migration file into statements at semicolons that
// end a line; "--" comment lines are dropped.
func splitStatements(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
