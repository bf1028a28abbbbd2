package app_test

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"testing"

	"concejo/internal/app"
	"concejo/internal/app/apptest"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestEveryRouteDeclaresAPermission walks the routes of the built platform:
// each declares a permission of the catalogue. A planted route with an
// undeclared permission is reported, and so is one with none.
func TestEveryRouteDeclaresAPermission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := apptest.Start(t, d)
		rt := env.App.Kit.Router
		if err := rt.Access.CheckRoutes(rt.Routes()); err != nil {
			t.Fatal(err)
		}
		never := func(w http.ResponseWriter, r *http.Request) error { return nil }
		rt.Handle("GET", "/plantada", "padron:inventado", never)
		rt.Handle("POST", "/plantada-sin", "", never)
		err := rt.Access.CheckRoutes(rt.Routes())
		if err == nil || !strings.Contains(err.Error(), "GET /plantada ") || !strings.Contains(err.Error(), "POST /plantada-sin ") {
			t.Fatalf("planted routes not reported: %v", err)
		}
	})
}

// TestRoutesDoc keeps docs/rutas.md what `concejo routes --markdown` writes.
func TestRoutesDoc(t *testing.T) {
	env := apptest.Start(t, dbtest.SQLite(t))
	var b bytes.Buffer
	if err := app.WriteRoutes(&b, env.App, true); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../../docs/rutas.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, b.Bytes()) {
		t.Fatal("docs/rutas.md no coincide con el código: regenérelo con go run ./cmd/concejo routes --markdown > docs/rutas.md")
	}
}
