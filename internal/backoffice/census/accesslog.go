package census

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
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
// person gets an error instead of the data. The rows go through a db.Group:
// every row queued so far is inserted in one transaction, rows that arrive
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
type accessLog struct{ group db.Group[accessRow] }

// accessRow is one look-up to register.
type accessRow struct {
	EntityID, InscriptionID, Action, Detail, UserID, UserName, IP string
	at                                                            time.Time
}

// maxAccessBatch bounds the rows of one commit.
const maxAccessBatch = 1000

func newAccessLog(d *db.DB) *accessLog {
	l := &accessLog{}
	l.group = db.Group[accessRow]{DB: d, Max: maxAccessBatch, Commit: func(ctx context.Context, tx *sql.Tx, rows []accessRow) error {
		err := db.InsertRows(ctx, tx, d.Engine, "census_access_log",
			[]string{"entity_id", "id", "inscription_id", "action", "detail", "user_id", "user_name", "ip", "at"}, len(rows),
			func(i int) []any {
				r := rows[i]
				return []any{r.EntityID, id.New(), r.InscriptionID, r.Action, r.Detail, r.UserID, r.UserName, r.IP, r.at}
			})
		if err != nil {
			return fmt.Errorf("padrón: anotar %d accesos en el registro: %w", len(rows), err)
		}
		return nil
	}}
	return l
}

// add queues r for the next commit and returns its ticket.
func (l *accessLog) add(r accessRow) *db.GroupTicket[accessRow] {
	r.at = time.Now().UTC()
	return l.group.Add(r)
}

// note registers r and returns once it is committed.
func (l *accessLog) note(ctx context.Context, r accessRow) error {
	return l.add(r).Wait(ctx)
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
func (h *heldResponse) release(ctx context.Context, t *db.GroupTicket[accessRow]) error {
	if err := t.Wait(ctx); err != nil {
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
