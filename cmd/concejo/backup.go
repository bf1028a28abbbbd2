package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"concejo/internal/platform/db"
)

func runBackup(ctx context.Context, args []string) error {
	fs := newFlags("backup", "Hace una copia consistente de la base SQLite mientras Concejo sigue en marcha (VACUUM INTO).\n"+
		"Para restaurar: pare Concejo, sustituya concejo.db del directorio de datos por la copia y arranque de nuevo.\n"+
		"En PostgreSQL use pg_dump -Fc (y pg_restore para restaurar).")
	dataDir := fs.String("data", envOr("CONCEJO_DATA", "./concejo-data"), "directorio de datos (CONCEJO_DATA)")
	out := fs.String("out", "", "fichero de destino (por defecto <data>/copias/concejo-AAAAMMDD-HHMMSS.db)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if os.Getenv("CONCEJO_DATABASE_URL") != "" {
		return fmt.Errorf("con PostgreSQL use pg_dump: pg_dump -Fc \"$CONCEJO_DATABASE_URL\" > concejo.dump")
	}
	src := filepath.Join(*dataDir, "concejo.db")
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no hay base de datos en %s", src)
	}
	dst := *out
	if dst == "" {
		dst = filepath.Join(*dataDir, "copias", "concejo-"+time.Now().Format("20060102-150405")+".db")
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	d, err := db.OpenSQLite(ctx, src)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, dst); err != nil {
		return err
	}
	fmt.Println("Copia hecha en", dst)
	return nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
