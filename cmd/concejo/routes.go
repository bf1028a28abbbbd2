package main

import (
	"context"
	"os"

	"concejo/internal/app"
)

func runRoutes(ctx context.Context, args []string) error {
	fs := newFlags("routes", "Lista cada ruta con el permiso que declara (método, ruta, permiso).")
	markdown := fs.Bool("markdown", false, "escribe docs/rutas.md: las rutas y, de cada permiso, qué permite y quién lo tiene")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return app.Routes(ctx, os.Stdout, *markdown)
}
