package main

import (
	"context"
	"fmt"
	"os"

	"concejo/internal/app"
	"concejo/internal/platform/audit"
	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
)

func openConfigured(ctx context.Context, name, help string, args []string) (*db.DB, config.Config, error) {
	cfg := config.Default()
	fs := newFlags(name, help)
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directorio de datos (CONCEJO_DATA)")
	if err := fs.Parse(args); err != nil {
		return nil, cfg, err
	}
	d, err := app.Open(ctx, cfg)
	return d, cfg, err
}

func runMigrate(ctx context.Context, args []string) error {
	d, _, err := openConfigured(ctx, "migrate", "Aplica las migraciones pendientes y carga el catálogo de servicios.", args)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Println("Base de datos al día.")
	return nil
}

func runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(os.Stderr, "Uso: concejo audit verify [--data DIR]\n\nRecorre la cadena de auditoría y detecta filas alteradas o borradas.")
		return fmt.Errorf("falta la suborden verify")
	}
	d, _, err := openConfigured(ctx, "audit verify", "Recorre la cadena de auditoría y detecta filas alteradas o borradas.", args[1:])
	if err != nil {
		return err
	}
	defer d.Close()
	n, problems, err := audit.Verify(ctx, d)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Printf("fila %d: %s\n", p.Seq, p.Detail)
	}
	if len(problems) > 0 {
		return fmt.Errorf("la cadena de auditoría está rota: %d problemas en %d filas", len(problems), n)
	}
	fmt.Printf("Cadena de auditoría íntegra: %d filas comprobadas.\n", n)
	return nil
}
