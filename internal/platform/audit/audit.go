// Package audit keeps the append-only, hash-chained log of every change made
// on the platform: who, when, in which entity, what, and the state before and
// after. Each row's hash covers its content and the previous row's hash, so
// altering or removing any row breaks the chain, which Verify detects.
//
// Owns tables: audit_log.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"concejo/internal/platform/db"
)

// Event is one change to record.
type Event struct {
	ActorID    string
	ActorName  string
	EntityID   string // entity whose data changed; "" for platform-wide changes
	Action     string // e.g. "adhesion.aprobar"
	ObjectType string
	ObjectID   string
	Before     any // nil, or a value marshalled as JSON
	After      any
	IP         string
}

// Record is a stored audit row.
type Record struct {
	Seq        int64
	At         time.Time
	ActorID    string
	ActorName  string
	EntityID   string
	Action     string
	ObjectType string
	ObjectID   string
	BeforeJSON string
	AfterJSON  string
	IP         string
	PrevHash   string
	Hash       string
}

const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Append writes ev as the next link of the chain, inside the caller's
// transaction so the change and its audit row commit together.
func Append(ctx context.Context, engine db.Engine, tx *sql.Tx, ev Event) error {
	if engine == db.Postgres {
		// Serialise chain appends: two transactions must not link to the same head.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7283001)`); err != nil {
			return err
		}
	}
	var seq int64
	prev := genesis
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	r := Record{
		Seq: seq + 1, At: time.Now().UTC().Truncate(time.Microsecond),
		ActorID: ev.ActorID, ActorName: ev.ActorName, EntityID: ev.EntityID,
		Action: ev.Action, ObjectType: ev.ObjectType, ObjectID: ev.ObjectID,
		BeforeJSON: toJSON(ev.Before), AfterJSON: toJSON(ev.After), IP: ev.IP, PrevHash: prev,
	}
	r.Hash = r.computeHash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, entity_id, action,
		object_type, object_id, before_json, after_json, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		r.Seq, r.At, r.ActorID, r.ActorName, r.EntityID, r.Action, r.ObjectType, r.ObjectID,
		r.BeforeJSON, r.AfterJSON, r.IP, r.PrevHash, r.Hash)
	return err
}

func toJSON(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return strconv.Quote(fmt.Sprint(v))
	}
	return string(b)
}

// computeHash is SHA-256 over the previous hash and every field, each
// length-prefixed so no two different rows serialise alike.
func (r Record) computeHash() string {
	h := sha256.New()
	for _, f := range []string{
		r.PrevHash, strconv.FormatInt(r.Seq, 10), r.At.UTC().Format(time.RFC3339Nano),
		r.ActorID, r.ActorName, r.EntityID, r.Action, r.ObjectType, r.ObjectID,
		r.BeforeJSON, r.AfterJSON, r.IP,
	} {
		fmt.Fprintf(h, "%d:%s|", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem is one break found in the chain.
type Problem struct {
	Seq    int64
	Detail string
}

// Verify walks the whole chain and returns every break: a row whose hash does
// not match its content, a row that does not link to its predecessor, or a
// gap in the sequence (a removed row). It also returns the rows checked.
func Verify(ctx context.Context, q db.Queryer) (int64, []Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, actor_id, actor_name, entity_id, action, object_type,
		object_id, before_json, after_json, ip, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var problems []Problem
	var n, lastSeq int64
	prev := genesis
	for rows.Next() {
		var r Record
		if err := scan(rows, &r); err != nil {
			return n, problems, err
		}
		n++
		if r.Seq != lastSeq+1 {
			problems = append(problems, Problem{r.Seq, fmt.Sprintf("faltan las filas %d a %d", lastSeq+1, r.Seq-1)})
		}
		if r.PrevHash != prev {
			problems = append(problems, Problem{r.Seq, "no enlaza con el hash de la fila anterior"})
		}
		if r.computeHash() != r.Hash {
			problems = append(problems, Problem{r.Seq, "su contenido no coincide con su hash (fila alterada)"})
		}
		prev, lastSeq = r.Hash, r.Seq
	}
	return n, problems, rows.Err()
}

func scan(rows db.Scanner, r *Record) error {
	return rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.EntityID, &r.Action, &r.ObjectType,
		&r.ObjectID, &r.BeforeJSON, &r.AfterJSON, &r.IP, &r.PrevHash, &r.Hash)
}

// Filter selects audit rows for browsing.
type Filter struct {
	EntityID   string // "" = all entities (Diputación only)
	ActorID    string
	Action     string // prefix match, e.g. "usuario."
	ObjectType string
	// ObjectTypes selects the rows of any of these object types.
	ObjectTypes []string
	ObjectID    string
	From, To    time.Time
	BeforeSeq   int64 // keyset pagination: rows with seq < BeforeSeq; 0 = newest
	Limit       int
}

// List returns rows matching f, newest first.
func List(ctx context.Context, q db.Queryer, f Filter) ([]Record, error) {
	var w db.Where
	if f.EntityID != "" {
		w.Add("entity_id = ?", f.EntityID)
	}
	if f.ActorID != "" {
		w.Add("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		w.Add(w.HasPrefix("action", f.Action))
	}
	if f.ObjectType != "" {
		w.Add("object_type = ?", f.ObjectType)
	}
	if len(f.ObjectTypes) > 0 {
		w.Add("object_type IN (" + w.List(f.ObjectTypes...) + ")")
	}
	if f.ObjectID != "" {
		w.Add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		w.Add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.Add("at < ?", f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		w.Add("seq < ?", f.BeforeSeq)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	query := `SELECT seq, at, actor_id, actor_name, entity_id, action, object_type, object_id,
		before_json, after_json, ip, prev_hash, hash FROM audit_log` + w.SQL() +
		" ORDER BY seq DESC LIMIT " + strconv.Itoa(f.Limit)
	return db.Collect(ctx, q, func(sc db.Scanner) (Record, error) {
		var r Record
		err := scan(sc, &r)
		return r, err
	}, query, w.Args...)
}
