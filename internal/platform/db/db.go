// Package db opens the platform's database (embedded SQLite or PostgreSQL),
// runs the embedded migrations and offers the few helpers that differ per engine.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"

	"concejo/internal/platform/errs"
)

// Engine names the database engine in use.
type Engine string

// Supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is the platform database: a *sql.DB plus the engine it speaks.
type DB struct {
	*sql.DB
	Engine Engine
	// Path is the SQLite file, empty on PostgreSQL.
	Path string
	// stmts keeps SQLite's queries prepared (nil on PostgreSQL).
	stmts *stmtCache
}

// Open connects to PostgreSQL when url is non-empty, otherwise to the SQLite
// file concejo.db inside dataDir (created when missing). It does not migrate.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	if url != "" {
		return openPostgres(ctx, url)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("crear el directorio de datos %s: %w", dataDir, err)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, "concejo.db"))
}

// OpenSQLite opens (or creates) the SQLite database at path in WAL mode.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_txlock=immediate"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One writer at a time is SQLite's model; a small pool serves readers in WAL mode.
	sqldb.SetMaxOpenConns(8)
	sqldb.SetMaxIdleConns(8)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("abrir SQLite %s: %w", path, err)
	}
	return &DB{DB: sqldb, Engine: SQLite, Path: path, stmts: newStmtCache(stmtCacheSize)}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	sqldb, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	sqldb.SetMaxOpenConns(20)
	sqldb.SetMaxIdleConns(20)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("conectar con PostgreSQL: %w", err)
	}
	return &DB{DB: sqldb, Engine: Postgres}, nil
}

// Tx runs fn inside a transaction, committing when fn returns nil and rolling
// back otherwise (also on panic).
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Queryer is what both *sql.DB and *sql.Tx offer; store functions take it so
// they run inside or outside a transaction.
type Queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IsUniqueViolation reports whether err is a unique-constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure on either engine.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "FOREIGN KEY constraint failed") || strings.Contains(msg, "SQLSTATE 23503")
}

// ErrNotFound is returned by store functions when a row does not exist (or
// belongs to another entity, which for the caller is the same thing). It is
// errs.ErrNotFound, of kind errs.NotFound.
var ErrNotFound = errs.ErrNotFound

// NotFound maps sql.ErrNoRows to ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Backup writes a consistent copy of the SQLite database to dst while it
// stays in use (VACUUM INTO); dst must not exist.
func (d *DB) Backup(ctx context.Context, dst string) error {
	if d.Engine != SQLite {
		return errors.New("la copia en caliente solo es para SQLite; en PostgreSQL use pg_dump")
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("el fichero %s ya existe", dst)
	}
	_, err := d.ExecContext(ctx, `VACUUM INTO $1`, dst)
	return err
}
