// Package demotest loads the demo province on a fresh SQLite database at
// a fixed moment, for the internal tests of modules (which cannot use
// apptest: it imports them).
package demotest

import (
	"context"
	"testing"
	"time"

	"concejo/internal/demo"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
	"concejo/internal/refdata"
)

// Province returns a SQLite database with the service catalogue and the
// demo province (entities, people, adhesions) as they are at now.
func Province(t testing.TB, now time.Time) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if err := refdata.LoadCatalogue(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, d, demo.Options{PasswordParams: auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}, Now: now}); err != nil {
		t.Fatal(err)
	}
	return d
}
