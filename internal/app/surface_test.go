package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// wiring packages build the platform from the modules and may use any of
// their exported names (New, Module, options).
var wiring = []string{"internal/app", "internal/app/apptest", "cmd/concejo"}

// TestModuleSurface proves that a module uses another only through its
// api.go (or api_*.go files): the names declared there and the package's names they mention
// (the types of their parameters and results, the values of their
// fields). It is the one surface a module offers.
func TestModuleSurface(t *testing.T) {
	root := filepath.Join("..", "..")
	modules := moduleDirs(t, root)
	api := map[string][]string{}
	for _, m := range modules {
		api[m] = surface(t, filepath.Join(root, m))
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if slices.Contains(wiring, rel) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		aliases := map[string]string{} // local name → module
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			m := strings.TrimPrefix(p, "concejo/")
			if !slices.Contains(modules, m) || m == rel || strings.HasPrefix(rel, m+"/") {
				continue
			}
			name := filepath.Base(m)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			aliases[name] = m
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if m, ok := aliases[id.Name]; ok && !slices.Contains(api[m], sel.Sel.Name) {
				t.Errorf("%s uses %s.%s, which %s/api.go does not declare", fset.Position(sel.Pos()), id.Name, sel.Sel.Name, m)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// areas are the folders that group the modules by the catalogue's areas;
// internal/portal is a module of its own area.
var areas = []string{"internal/core", "internal/backoffice", "internal/eadmin", "internal/services"}

// moduleDirs lists the modules: the packages of the areas (but the
// directory of core records, which every module reads) and the portal.
func moduleDirs(t *testing.T, root string) []string {
	t.Helper()
	out := []string{"internal/portal"}
	for _, area := range areas {
		entries, err := os.ReadDir(filepath.Join(root, area))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "directory" {
				out = append(out, area+"/"+e.Name())
			}
		}
	}
	return out
}

// surface lists the names a module's api.go (and api_*.go) declares and
// the names of the package they mention (none without an api.go).
func surface(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	declared := map[string]bool{}
	var apis []*ast.File
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range topNames(f) {
			declared[n] = true
		}
		if base := filepath.Base(file); base == "api.go" || strings.HasPrefix(base, "api_") {
			apis = append(apis, f)
		}
	}
	var out []string
	for _, api := range apis {
		out = append(out, topNames(api)...)
		ast.Inspect(api, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && ast.IsExported(id.Name) && declared[id.Name] && !slices.Contains(out, id.Name) {
				out = append(out, id.Name)
			}
			return true
		})
	}
	return out
}

// topNames lists the top-level names declared in f (not methods).
func topNames(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}
