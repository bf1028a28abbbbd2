package oidc

import (
	"context"
	"database/sql"

	"concejo/internal/platform/db"
)

// tokenColumns are the columns of an oidc_tokens row, in insertToken's order.
var tokenColumns = []string{"entity_id", "id", "kind", "client_id", "user_id", "family", "session_hash",
	"scopes", "amr", "auth_time", "created_at", "expires_at"}

// maxGroup bounds the token rows of one transaction.
const maxGroup = 256

// newTokenWriter inserts machine tokens' rows with group commit: a caller
// waits until its row is committed (a token is never answered before its
// row exists), but the rows of callers arriving while a transaction
// commits go together in the next one, so under load many tokens share one
// transaction (one WAL append or one PostgreSQL fsync) instead of queueing
// for the write lock one by one. A row is the args of tokenColumns.
func newTokenWriter(d *db.DB) *db.Group[[]any] {
	return &db.Group[[]any]{DB: d, Max: maxGroup, Commit: func(ctx context.Context, tx *sql.Tx, rows [][]any) error {
		return db.InsertRows(ctx, tx, d.Engine, "oidc_tokens", tokenColumns, len(rows), func(i int) []any { return rows[i] })
	}}
}
