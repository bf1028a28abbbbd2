package db

import (
	"context"
	"database/sql"
	"sync"
)

// Group commits the items callers hand it in shared transactions (group
// commit). A commit costs far more than a row, and SQLite has one writer at
// a time: instead of each caller queueing for the write lock with its own
// transaction, one goroutine takes every item queued so far and commits
// them in one transaction while the next ones queue for the following one.
// Under load the transactions grow instead of the queue. Nobody is told his
// item is written before the transaction that holds it has committed.
//
// The zero value is not usable; set DB, Max and Commit before the first Add.
type Group[T any] struct {
	// DB is where the transactions run.
	DB *DB
	// Max bounds the items of one transaction.
	Max int
	// Commit writes items inside tx; its error is every item's, and
	// rolls the transaction back.
	Commit func(ctx context.Context, tx *sql.Tx, items []T) error

	mu      sync.Mutex
	queue   []*GroupTicket[T]
	running bool
}

// GroupTicket is an item queued in a Group, to wait for its commit.
type GroupTicket[T any] struct {
	item T
	done chan error
}

// Add queues item for the next transaction and returns at once: the
// caller may go on with its work and Wait before it answers.
func (g *Group[T]) Add(item T) *GroupTicket[T] {
	t := &GroupTicket[T]{item: item, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, t)
	start := !g.running
	g.running = true
	g.mu.Unlock()
	if start {
		go g.drain()
	}
	return t
}

// Do queues item and returns once it is committed (nil) or could not be.
// The commit does not depend on ctx (other callers' items travel in the
// same transaction); Do stops waiting when ctx ends, with ctx's error.
func (g *Group[T]) Do(ctx context.Context, item T) error { return g.Add(item).Wait(ctx) }

// Wait returns when the ticket's item is committed (nil) or could not be
// (the transaction's error), or when ctx ends (ctx's error: the item may
// still be committed after).
func (t *GroupTicket[T]) Wait(ctx context.Context) error {
	select {
	case err := <-t.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drain commits the queue transaction by transaction until it is empty.
func (g *Group[T]) drain() {
	for {
		g.mu.Lock()
		n := min(len(g.queue), max(g.Max, 1))
		if n == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.mu.Unlock()
		items := make([]T, n)
		for i, t := range batch {
			items[i] = t.item
		}
		ctx := context.Background()
		err := g.DB.Tx(ctx, func(tx *sql.Tx) error { return g.Commit(ctx, tx, items) })
		for _, t := range batch {
			t.done <- err
		}
	}
}
