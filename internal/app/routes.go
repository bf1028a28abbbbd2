package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"concejo/internal/platform/config"
)

// WriteRoutes writes every route of a with the permission it declares, one
// line each (method, path, permission), or as the Markdown of
// docs/rutas.md: the routes, then what each permission lets do and who
// holds it.
func WriteRoutes(w io.Writer, a *App, markdown bool) error {
	routes, cat := a.Kit.Router.Routes(), a.Kit.Access
	if !markdown {
		for _, r := range routes {
			if _, err := fmt.Fprintf(w, "%-6s %-55s %s\n", r.Method, r.Pattern, r.Perm); err != nil {
				return err
			}
		}
		return nil
	}
	var b strings.Builder
	b.WriteString("# Rutas y permisos\n\n" +
		"Generado con `go run ./cmd/concejo routes --markdown > docs/rutas.md`; una prueba falla si no coincide con el código.\n\n" +
		"`publico`: cualquiera, sin sesión. `sesion:segundo-factor`: sesión con contraseña a la que puede faltar el segundo factor.\n\n" +
		"## Permisos\n\n| Permiso | Qué permite | Quién lo tiene |\n|---|---|---|\n")
	for _, d := range cat.Defs() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", d.Perm, cell(d.Label), cell(d.Who()))
	}
	b.WriteString("\n## Rutas\n\n| Método | Ruta | Permiso |\n|---|---|---|\n")
	for _, r := range routes {
		fmt.Fprintf(&b, "| %s | `%s` | `%s` |\n", r.Method, r.Pattern, r.Perm)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// Routes builds the platform on an empty, temporary SQLite database (no
// demo, no server) and writes its routes as WriteRoutes does.
func Routes(ctx context.Context, w io.Writer, markdown bool) error {
	dir, err := os.MkdirTemp("", "concejo-rutas-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL = dir, ""
	d, err := Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := Build(d, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	return WriteRoutes(w, a, markdown)
}
