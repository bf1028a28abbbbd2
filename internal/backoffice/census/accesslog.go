package census

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// accessLog writes the register of look-ups (census_access_log) by group
// commit, so that a look-up's answer never reaches anyone before its row is
// committed, while the write stays off the look-up's own work.
//
// A request adds its row (add) as soon as it knows what it looked up, goes
// on reading and rendering its page into memory, and waits for its ticket
// only before it sends the page: if the row could not be written, the
// person gets an error instead of the data. One writer goroutine, started
// when a row arrives and ended when the queue is empty, takes every row
// queued so far and inserts them in one transaction; rows that arrive
// meanwhile go in the next one. So concurrent look-ups share a commit, the
// requests never compete for SQLite's write lock among themselves (one
// writer instead of one per request), and under load the batches grow
// instead of the queue.
//
// "Never lost" means: every look-up whose answer was sent is in the
// database, committed, before the first byte of the answer left; a crash
// (SIGKILL included) loses at most rows of requests that had not answered
// yet. The commit has the durability of every other write of the platform
// (SQLite in WAL mode with synchronous=NORMAL survives the death of the
// process; PostgreSQL's commit is durable).
type accessLog struct {
	d       *db.DB
	mu      sync.Mutex
	queue   []*accessTicket
	running bool
}

// accessRow is one look-up to register.
type accessRow struct {
	EntityID, InscriptionID, Action, Detail, UserID, UserName, IP string
}

// accessTicket is a queued row; done receives the result of its commit.
type accessTicket struct {
	row  accessRow
	at   time.Time
	done chan error
}

func newAccessLog(d *db.DB) *accessLog { return &accessLog{d: d} }

// add queues r for the next commit and returns its ticket.
func (l *accessLog) add(r accessRow) *accessTicket {
	t := &accessTicket{row: r, at: time.Now().UTC(), done: make(chan error, 1)}
	l.mu.Lock()
	l.queue = append(l.queue, t)
	start := !l.running
	l.running = true
	l.mu.Unlock()
	if start {
		go l.run()
	}
	return t
}

// note registers r and returns once it is committed.
func (l *accessLog) note(ctx context.Context, r accessRow) error {
	return l.add(r).wait(ctx)
}

// wait returns when the ticket's row is committed (nil) or could not be
// (its error), or when ctx ends (the answer is then not sent either).
func (t *accessTicket) wait(ctx context.Context) error {
	select {
	case err := <-t.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxAccessBatch bounds the rows of one commit.
const maxAccessBatch = 1000

// run commits the queue batch by batch until it is empty.
func (l *accessLog) run() {
	for {
		l.mu.Lock()
		n := min(len(l.queue), maxAccessBatch)
		if n == 0 {
			l.running = false
			l.mu.Unlock()
			return
		}
		batch := l.queue[:n:n]
		l.queue = l.queue[n:]
		l.mu.Unlock()
		err := l.d.Tx(context.Background(), func(tx *sql.Tx) error {
			return db.InsertRows(context.Background(), tx, l.d.Engine, "census_access_log",
				[]string{"entity_id", "id", "inscription_id", "action", "detail", "user_id", "user_name", "ip", "at"}, len(batch),
				func(i int) []any {
					r := batch[i].row
					return []any{r.EntityID, id.New(), r.InscriptionID, r.Action, r.Detail, r.UserID, r.UserName, r.IP, batch[i].at}
				})
		})
		if err != nil {
			err = fmt.Errorf("padrón: anotar %d accesos en el registro: %w", len(batch), err)
		}
		for _, t := range batch {
			t.done <- err
		}
	}
}

// heldResponse keeps a page in memory (status and body; headers go to the
// real writer's map) until release sends it: a look-up's answer waits
// there for its access row.
type heldResponse struct {
	w      http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header         { return h.w.Header() }
func (h *heldResponse) Write(p []byte) (int, error) { return h.body.Write(p) }
func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

// release sends the held page once t is committed, or returns the error
// (nothing of the page has been sent).
func (h *heldResponse) release(ctx context.Context, t *accessTicket) error {
	if err := t.wait(ctx); err != nil {
		return err
	}
	if h.status != 0 {
		h.w.WriteHeader(h.status)
	}
	_, err := h.w.Write(h.body.Bytes())
	return err
}

// logAccess registers a look-up of the padrón and returns once it is
// committed (the answer may then be sent).
func (m *Module) logAccess(ctx context.Context, entityID, inscriptionID, action, detail, userID, userName, ip string) error {
	return m.access.note(ctx, accessRow{EntityID: entityID, InscriptionID: inscriptionID, Action: action, Detail: detail,
		UserID: userID, UserName: userName, IP: ip})
}
