package db_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// referenceTables hold no entity's data: the platform's own records, read
// by every entity. Distributed by entity (docs/escala.md) they become
// Citus reference tables, copied to every node.
var referenceTables = []string{
	"entities", "mancomunidad_members", "users", "password_resets",
	"services", "service_conditions", "service_eligibility", "service_roles",
	"oidc_clients", "oidc_keys", "helpdesk_counters", "helpdesk_sla", "helpdesk_team", "helpdesk_solutions",
	"eoffice_saml_assertions", "eoffice_saml_keys", "portal_notices", "portal_secrets", "signflow_local_ca",
	"schema_migrations", "demo_loads",
	"dir3_units", "dir3_offices", "dir3_office_links", "dir3_imports", "dir3_import_warnings",
}

// globallyKeyed tables carry entity_id but are found by a key of their own
// (a session's token, a CSV code, the audit chain's sequence) before the
// entity is known; docs/escala.md says where each goes when distributed.
var globallyKeyed = []string{
	"audit_log", "sessions", "eoffice_citizen_sessions", "eoffice_saml_requests", "issued_documents", "jobs",
	"oidc_auth_requests",
}

// globalUniques are the unique indexes (an inline UNIQUE as table.column)
// of entity tables that do not include entity_id: a code or token found before the entity is known
// (a CSV, a reply token, a portal's host name). Citus refuses them on a
// distributed table; docs/escala.md says what each becomes.
var globalUniques = []string{
	"adhesions_number", "adhesions_csv", "oidc_tokens_id", "helpdesk_tickets_number", "helpdesk_tickets_token",
	"census_verify_clients_id", "registry_entries_csv", "portal_sites_code", "portal_sites_host",
	"portal_sites_sede_host", "invitations_id", "decrees_resolutions_csv", "casefile_remissions.token",
}

// TestDistributableByEntity checks the rule that lets the schema be
// distributed by entity unchanged (DESIGN.md §3): every table holding an
// entity's data leads its primary key with entity_id, and every foreign
// key between two such tables includes entity_id, so no row refers to a
// row of another entity and each entity's rows can live on one node. A new
// table must either follow the rule or be classified above.
func TestDistributableByEntity(t *testing.T) {
	d := dbtest.SQLite(t)
	tables := sqliteTables(t, d)
	for name, tb := range tables {
		switch {
		case slices.Contains(referenceTables, name):
			if tb.hasEntity {
				t.Errorf("%s is listed as a reference table but has an entity_id column", name)
			}
			continue
		case slices.Contains(globallyKeyed, name):
			continue
		case !tb.hasEntity:
			t.Errorf("%s has no entity_id: lead its key with entity_id or list it among the reference tables", name)
		case len(tb.key) == 0 || tb.key[0] != "entity_id":
			t.Errorf("%s: its primary key (%s) does not begin with entity_id", name, strings.Join(tb.key, ", "))
		}
		for _, u := range tb.unique {
			if !slices.Contains(u.columns, "entity_id") && !slices.Contains(globalUniques, u.name) {
				t.Errorf("%s: unique index %s (%s) does not include entity_id", name, u.name, strings.Join(u.columns, ", "))
			}
		}
		for _, fk := range tb.foreign {
			if target, ok := tables[fk.table]; ok && target.hasEntity && !slices.Contains(fk.columns, "entity_id") {
				t.Errorf("%s: its reference to %s (%s) does not include entity_id", name, fk.table, strings.Join(fk.columns, ", "))
			}
		}
	}
	for _, name := range append(slices.Clone(referenceTables), globallyKeyed...) {
		if _, ok := tables[name]; !ok {
			t.Errorf("%s is classified here but no longer exists", name)
		}
	}
}

// shapeForDistribution is what TestDistributableByEntity reads of a table.
type shapeForDistribution struct {
	hasEntity bool
	key       []string // primary key columns in key order
	foreign   []foreignKey
	unique    []uniqueIndex
}

type uniqueIndex struct {
	name    string
	columns []string
}

type foreignKey struct {
	table   string
	columns []string
}

// sqliteTables reads every ordinary table of d; virtual tables (full-text
// indexes) and their shadow tables are left out: they hold derived copies.
func sqliteTables(t *testing.T, d *db.DB) map[string]shapeForDistribution {
	t.Helper()
	ctx := context.Background()
	virtual := strings1(t, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	out := map[string]shapeForDistribution{}
	for _, name := range strings1(t, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`) {
		if slices.ContainsFunc(virtual, func(v string) bool { return name == v || strings.HasPrefix(name, v+"_") }) {
			continue
		}
		var s shapeForDistribution
		rows, err := d.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info($1) WHERE pk > 0 OR name = 'entity_id' ORDER BY pk`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col string
			var pk int
			if err := rows.Scan(&col, &pk); err != nil {
				t.Fatal(err)
			}
			s.hasEntity = s.hasEntity || col == "entity_id"
			if pk > 0 {
				s.key = append(s.key, col)
			}
		}
		rows.Close()
		fks, err := d.QueryContext(ctx, `SELECT id, "table", "from" FROM pragma_foreign_key_list($1) ORDER BY id, seq`, name)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int]*foreignKey{}
		var order []int
		for fks.Next() {
			var id int
			var target, from string
			if err := fks.Scan(&id, &target, &from); err != nil {
				t.Fatal(err)
			}
			if byID[id] == nil {
				byID[id] = &foreignKey{table: target}
				order = append(order, id)
			}
			byID[id].columns = append(byID[id].columns, from)
		}
		fks.Close()
		for _, id := range order {
			s.foreign = append(s.foreign, *byID[id])
		}
		// unique indexes by name; an inline UNIQUE constraint as table.column
		for _, idx := range strings1(t, d, `SELECT name FROM pragma_index_list($1) WHERE "unique" = 1 AND origin IN ('c', 'u')`, name) {
			u := uniqueIndex{name: idx, columns: strings1(t, d, `SELECT COALESCE(name, '') FROM pragma_index_info($1) ORDER BY seqno`, idx)}
			if strings.HasPrefix(idx, "sqlite_autoindex_") {
				u.name = name + "." + strings.Join(u.columns, ",")
			}
			s.unique = append(s.unique, u)
		}
		out[name] = s
	}
	return out
}
