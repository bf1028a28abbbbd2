package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"concejo/internal/platform/config"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

const statsHelp = "Uso: concejo stats storage [--data DIR]\n\n" +
	"Muestra cada tabla de la base de datos (SQLite o PostgreSQL) con sus filas y lo que ocupa\n" +
	"(datos e índices), de mayor a menor, y el total. No modifica nada."

// runStats prints statistics of the installation; today, «storage»: the
// room each table takes.
func runStats(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "storage" {
		fmt.Fprintln(os.Stderr, statsHelp)
		return fmt.Errorf("falta la suborden storage")
	}
	cfg := config.Default()
	fs := newFlags("stats storage", strings.TrimPrefix(statsHelp, "Uso: concejo stats storage [--data DIR]\n\n"))
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directorio de datos (CONCEJO_DATA)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer d.Close()
	sizes, err := d.TableSizes(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "Tabla\tFilas\tDatos\tÍndices\tTotal\t")
	var total db.TableSize
	for _, t := range sizes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t.Name, web.Thousands(t.Rows), megabytes(t.DataBytes),
			megabytes(t.IndexBytes), megabytes(t.Bytes()))
		total.Rows += t.Rows
		total.DataBytes += t.DataBytes
		total.IndexBytes += t.IndexBytes
	}
	fmt.Fprintf(tw, "Total (%d tablas)\t%s\t%s\t%s\t%s\t\n", len(sizes), web.Thousands(total.Rows), megabytes(total.DataBytes),
		megabytes(total.IndexBytes), megabytes(total.Bytes()))
	return tw.Flush()
}

// megabytes writes n bytes in MB with one decimal, Spanish style (12,3 MB).
func megabytes(n int64) string {
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}
