package apptest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"concejo/internal/app"
	"concejo/internal/backoffice/census"
	"concejo/internal/demo"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
)

// The scale of the large province of EachLarge: the full demo (every
// entity, street map, years of tickets) with the padrón and the registro
// scaled down so that it is generated in about half a minute on 2 cores.
const (
	// LargeInhabitants is the padrón of the whole province (Cáceres gets
	// about a quarter).
	LargeInhabitants = 20_000
	// LargeEntradas are the registro's entradas a year in the province
	// (salidas add 40 %), some 75,000 asientos over the three books.
	LargeEntradas = 18_000
)

// largeVersion names the generator in the cache key: change it when the
// large province should be generated again with the same migrations.
const largeVersion = "2"

// EachLarge runs fn once per engine with the platform running on a large
// generated province (see LargeInhabitants). On SQLite the generated base
// is kept in $TMPDIR, keyed by the migrations' contents, and each run
// works on a copy of it; PostgreSQL generates it in a fresh schema every run.
func EachLarge(t *testing.T, fn func(t *testing.T, env *Env)) {
	t.Helper()
	t.Setenv(census.ScaleEnv, fmt.Sprint(LargeInhabitants))
	t.Setenv(registry.ScaleEnv, fmt.Sprint(LargeEntradas))
	t.Run("sqlite", func(t *testing.T) { fn(t, Start(t, largeSQLite(t))) })
	if os.Getenv("CONCEJO_TEST_POSTGRES_URL") != "" {
		t.Run("postgres", func(t *testing.T) {
			d := dbtest.Postgres(t)
			loadLarge(t, d)
			fn(t, Start(t, d))
		})
	}
}

// loadLarge generates the large province into the migrated database d.
func loadLarge(t testing.TB, d *db.DB) {
	t.Helper()
	start := time.Now()
	progress := func(part string, took time.Duration) { t.Logf("%s: %s", part, took.Round(time.Millisecond)) }
	if _, err := app.LoadDemo(context.Background(), d, demo.Options{PasswordParams: Cheap, Now: time.Now().UTC(), Full: true}, progress); err != nil {
		t.Fatalf("generar la provincia grande: %v", err)
	}
	t.Logf("provincia grande generada en %s", time.Since(start).Round(time.Millisecond))
}

// largeSQLite returns a copy of the cached large province, generating the
// cache first when there is none for this migration set.
func largeSQLite(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	key, err := migrationSet()
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(os.TempDir(), "concejo-large-"+key+".db")
	if _, err := os.Stat(cache); err == nil {
		path := filepath.Join(t.TempDir(), "concejo.db")
		if err := copyFile(cache, path); err != nil {
			t.Fatal(err)
		}
		d, err := db.OpenSQLite(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		t.Logf("provincia grande de la caché %s", cache)
		return d
	}
	d := dbtest.SQLite(t)
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	loadLarge(t, d)
	// A compact copy, written aside and renamed, so that an interrupted run
	// leaves no half cache.
	tmp := cache + ".tmp"
	os.Remove(tmp)
	if _, err := d.ExecContext(ctx, `VACUUM INTO '`+tmp+`'`); err != nil {
		t.Fatalf("guardar la provincia grande en %s: %v", tmp, err)
	}
	if err := os.Rename(tmp, cache); err != nil {
		t.Fatal(err)
	}
	return d
}

// migrationSet is a short hash of the migrations (names and contents, read
// from the source tree beside this file) and of the generator's scale and
// version.
func migrationSet() (string, error) {
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(self), "..", "..", "platform", "db", "migrations")
	names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(names) == 0 {
		return "", fmt.Errorf("leer las migraciones de %s: %v", dir, err)
	}
	h := sha256.New()
	fmt.Fprintln(h, largeVersion, LargeInhabitants, LargeEntradas)
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			return "", fmt.Errorf("leer la migración %s: %w", name, err)
		}
		fmt.Fprintln(h, filepath.Base(name), len(body))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("copiar %s: %w", from, err)
	}
	return dst.Close()
}
