package oidc

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"concejo/internal/platform/db"
)

// tokenColumns are the columns of an oidc_tokens row, in insertToken's order.
var tokenColumns = []string{"entity_id", "id", "kind", "client_id", "user_id", "family", "session_hash",
	"scopes", "amr", "auth_time", "created_at", "expires_at"}

// groupWriter inserts token rows with group commit: a caller waits until
// its row is committed (a token is never answered before its row exists),
// but the rows of callers arriving while a transaction commits go together
// in the next one. Under load many tokens share one transaction (one WAL
// append or one PostgreSQL fsync) instead of queueing for the write lock
// one by one.
type groupWriter struct {
	db      *db.DB
	mu      sync.Mutex
	queue   []*pendingRow
	writing bool
}

type pendingRow struct {
	args []any
	done chan error
}

// errLead tells a waiting caller that it now commits the queue.
var errLead = errors.New("oidc: lead the next group")

// maxGroup bounds the rows of one transaction.
const maxGroup = 256

// write inserts one row (args in tokenColumns' order) and returns once it
// is committed. The commit does not depend on the caller's context: other
// callers' rows travel in the same transaction.
func (g *groupWriter) write(ctx context.Context, args []any) error {
	p := &pendingRow{args: args, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, p)
	lead := !g.writing
	g.writing = true
	g.mu.Unlock()
	if !lead {
		if err := <-p.done; !errors.Is(err, errLead) {
			return err
		}
	}
	// The leader's row heads the queue: it commits the queue's first rows,
	// its own among them, and hands the lead to the next waiter.
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	err := g.commit(context.WithoutCancel(ctx), batch)
	for _, q := range batch {
		if q != p {
			q.done <- err
		}
	}
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.writing = false
	}
	g.mu.Unlock()
	return err
}

func (g *groupWriter) commit(ctx context.Context, batch []*pendingRow) error {
	return g.db.Tx(ctx, func(tx *sql.Tx) error {
		return db.InsertRows(ctx, tx, g.db.Engine, "oidc_tokens", tokenColumns, len(batch),
			func(i int) []any { return batch[i].args })
	})
}
