package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCacheSize bounds the statements kept prepared (each on every
// connection of the pool that ran it).
const stmtCacheSize = 256

// stmtCache keeps the queries run on the DB prepared, keyed by their text,
// the least recently used dropped beyond max. SQLite's driver parses a
// query's text again on every call; PostgreSQL's (pgx) keeps its own cache
// on each connection, so it has none. A *sql.Stmt prepares itself again on
// every connection it meets, and SQLite prepares a statement again after a
// schema change, so a cached statement stays valid.
type stmtCache struct {
	mu     sync.Mutex
	max    int
	order  *list.List // of *cachedStmt, most recently used first
	byText map[string]*list.Element
	closed bool
}

// cachedStmt is a prepared statement and how many calls are using it: one
// dropped from the cache is closed when the last of them ends.
type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	users   int
	dropped bool
}

func newStmtCache(max int) *stmtCache {
	return &stmtCache{max: max, order: list.New(), byText: map[string]*list.Element{}}
}

// acquire returns query's statement, prepared on db when not cached, or
// nil when it cannot be prepared (the caller runs the query unprepared, so
// that its error is the usual one) or the cache is closed. The caller
// calls release when its call on the statement returned (rows keep the
// statement alive on their own).
func (c *stmtCache) acquire(ctx context.Context, db *sql.DB, query string) *cachedStmt {
	c.mu.Lock()
	if e, ok := c.byText[query]; ok {
		c.order.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs
	}
	c.mu.Unlock()
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		stmt.Close()
		return nil
	}
	if e, ok := c.byText[query]; ok { // prepared meanwhile by another call
		stmt.Close()
		cs := e.Value.(*cachedStmt)
		cs.users++
		return cs
	}
	cs := &cachedStmt{query: query, stmt: stmt, users: 1}
	c.byText[query] = c.order.PushFront(cs)
	for c.order.Len() > c.max {
		c.drop(c.order.Back())
	}
	return cs
}

// release ends a call's use of cs.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.dropped && cs.users == 0 {
		cs.stmt.Close()
	}
}

// drop removes e from the cache, closing its statement unless in use
// (release closes it then); c.mu is held.
func (c *stmtCache) drop(e *list.Element) {
	cs := e.Value.(*cachedStmt)
	c.order.Remove(e)
	delete(c.byText, cs.query)
	cs.dropped = true
	if cs.users == 0 {
		cs.stmt.Close()
	}
}

// close drops every statement and caches no more.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for c.order.Len() > 0 {
		c.drop(c.order.Back())
	}
}

// QueryContext runs a query on the pool through its prepared statement
// (see stmtCache); inside a transaction, queries run on the *sql.Tx.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if cs := d.prepared(ctx, query); cs != nil {
		defer d.stmts.release(cs)
		return cs.stmt.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext is QueryContext for at most one row.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if cs := d.prepared(ctx, query); cs != nil {
		defer d.stmts.release(cs)
		return cs.stmt.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// prepared is query's cached statement, nil without a cache.
func (d *DB) prepared(ctx context.Context, query string) *cachedStmt {
	if d.stmts == nil {
		return nil
	}
	return d.stmts.acquire(ctx, d.DB, query)
}

// Close closes the cached statements and the pool.
func (d *DB) Close() error {
	if d.stmts != nil {
		d.stmts.close()
	}
	return d.DB.Close()
}
