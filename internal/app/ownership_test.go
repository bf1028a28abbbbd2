package app_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// foreignDebt lists the SQL that still names a table another package owns:
// "package table". It is debt to pay back through the owner's api.go or
// internal/core/directory, and it may only shrink: TestTableOwnership fails for a
// foreign table not listed here and for a line that no longer happens.
var foreignDebt = []string{
	"internal/app/apptest entities",          // owned by internal/core/entities
	"internal/app/apptest grants",            // owned by internal/core/users
	"internal/app/apptest memberships",       // owned by internal/core/users
	"internal/app/apptest users",             // owned by internal/core/users
	"internal/demo adhesions",                // owned by internal/core/adhesions
	"internal/demo entities",                 // owned by internal/core/entities
	"internal/demo grants",                   // owned by internal/core/users
	"internal/demo users",                    // owned by internal/core/users
	"internal/services/helpdesk memberships", // owned by internal/core/users (the demo requester it creates)
	"internal/services/helpdesk users",       // owned by internal/core/users (the demo requester it creates)
	"internal/platform/auth users",           // owned by internal/core/users
	"internal/refdata service_conditions",    // owned by internal/core/adhesions
	"internal/refdata service_eligibility",   // owned by internal/core/adhesions
	"internal/refdata service_roles",         // owned by internal/core/adhesions
	"internal/refdata services",              // owned by internal/core/adhesions
}

// directory is the read-only directory of the core records: it may read
// (never write) the tables of the modules that own them.
const directory = "internal/core/directory"

// coreOwners own the core records the directory reads.
var coreOwners = []string{"internal/core/entities", "internal/core/adhesions", "internal/core/users"}

// ownsLine is the sentence of a package comment that declares the tables
// the package owns: "Owns tables: a, b, c." (it may wrap over lines).
var ownsLine = regexp.MustCompile(`(?s)Owns tables:\s*([a-z0-9_,\s]+)\.`)

// tableAfter finds the names that SQL puts after FROM, JOIN, INTO and UPDATE.
var tableAfter = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)`)

// sqlWrite finds SQL that changes rows.
var sqlWrite = regexp.MustCompile(`\b(INSERT|UPDATE|DELETE)\b`)

// sqlWord tells a string literal that holds SQL from any other text.
var sqlWord = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|JOIN|FROM)\b`)

// tableChange finds the tables the migrations create (group 1), rename
// (groups 2 and 3) or drop (group 4).
var tableChange = regexp.MustCompile(`(?i)\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)` +
	`|\bALTER\s+TABLE\s+([a-z_][a-z0-9_]*)\s+RENAME\s+TO\s+([a-z_][a-z0-9_]*)` +
	`|\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)

// TestTableOwnership proves that every table of the schema is owned by one
// package (declared in its package comment) and that no package's SQL names
// a table another package owns, except the debt listed in foreignDebt.
// Test files are not read: fixtures may seed any table.
func TestTableOwnership(t *testing.T) {
	root := filepath.Join("..", "..")
	schema := migrationTables(t, filepath.Join(root, "internal", "platform", "db", "migrations"))
	pkgs := parsePackages(t, root)

	owner := map[string]string{}
	for _, pkg := range sortedKeys(pkgs) {
		for _, table := range pkgs[pkg].owns {
			if !slices.Contains(schema, table) {
				t.Errorf("%s declares it owns %q, which no migration creates", pkg, table)
			}
			if prev, ok := owner[table]; ok {
				t.Errorf("table %s is owned by both %s and %s", table, prev, pkg)
			}
			owner[table] = pkg
		}
	}
	for _, table := range schema {
		if _, ok := owner[table]; !ok {
			t.Errorf("table %s has no owner: add it to the \"Owns tables:\" sentence of its package comment", table)
		}
	}

	found := map[string][]string{} // "package table" → positions
	if len(pkgs[directory].writes) > 0 {
		t.Errorf("%s is read-only, but writes at %s", directory, strings.Join(pkgs[directory].writes, ", "))
	}
	for _, pkg := range sortedKeys(pkgs) {
		for _, use := range pkgs[pkg].uses {
			o, ok := owner[use.table]
			if pkg == directory && slices.Contains(coreOwners, o) {
				continue
			}
			if ok && o != pkg {
				key := pkg + " " + use.table
				found[key] = append(found[key], use.pos)
			}
		}
	}
	for _, key := range sortedKeys(found) {
		if !slices.Contains(foreignDebt, key) {
			pkg, table, _ := strings.Cut(key, " ")
			t.Errorf("%s names table %s, owned by %s (at %s): read it through %s's api.go or internal/core/directory",
				pkg, table, owner[table], strings.Join(found[key], ", "), owner[table])
		}
	}
	for _, key := range foreignDebt {
		if _, ok := found[key]; !ok {
			t.Errorf("foreignDebt lists %q, which no SQL names any more: remove the line", key)
		}
	}
	t.Logf("%d foreign (package, table) pairs, %d listed as debt", len(found), len(foreignDebt))
}

// pkgSQL is what one package declares and names.
type pkgSQL struct {
	owns []string
	uses []tableUse
	// writes are the positions of SQL that changes rows.
	writes []string
}

// tableUse is a table named in a string literal of SQL.
type tableUse struct{ table, pos string }

// parsePackages reads every non-test Go file under root, keyed by the
// package's directory relative to root.
func parsePackages(t *testing.T, root string) map[string]*pkgSQL {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string]*pkgSQL{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return fmt.Errorf("parse %s: %w", path, err)
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		p := pkgs[rel]
		if p == nil {
			p = &pkgSQL{}
			pkgs[rel] = p
		}
		if f.Doc != nil {
			if m := ownsLine.FindStringSubmatch(f.Doc.Text()); m != nil {
				for _, table := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
					p.owns = append(p.owns, table)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !sqlWord.MatchString(s) {
				return true
			}
			pos := fset.Position(lit.Pos())
			at := fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			for _, m := range tableAfter.FindAllStringSubmatch(s, -1) {
				p.uses = append(p.uses, tableUse{table: strings.ToLower(m[1]), pos: at})
			}
			if sqlWrite.MatchString(s) {
				p.writes = append(p.writes, at)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// migrationTables lists the tables the migrations in dir create.
func migrationTables(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations in %s: %v", dir, err)
	}
	var tables []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// In file order: a table made, renamed or dropped.
		for _, m := range tableChange.FindAllStringSubmatch(string(b), -1) {
			drop := func(name string) {
				tables = slices.DeleteFunc(tables, func(t string) bool { return t == strings.ToLower(name) })
			}
			switch {
			case m[1] != "":
				drop(m[1])
				tables = append(tables, strings.ToLower(m[1]))
			case m[2] != "":
				drop(m[2])
				drop(m[3])
				tables = append(tables, strings.ToLower(m[3]))
			default:
				drop(m[4])
			}
		}
	}
	slices.Sort(tables)
	return tables
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
