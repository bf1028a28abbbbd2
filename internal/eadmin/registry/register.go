package registry

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/csvdoc"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/platform/web"
	"concejo/internal/refdata"
)

// FormatNumber is the asiento number: 2026/E/000123.
func FormatNumber(year int, book string, seq int64) string {
	return fmt.Sprintf("%d/%s/%06d", year, book, seq)
}

// nextNumber takes the next number of (entity, book, year) inside tx. The
// counter row is locked by the upsert until tx ends, so concurrent clerks
// queue on it and a rolled-back transaction gives its number back: no gaps,
// no repeats.
func nextNumber(ctx context.Context, tx *sql.Tx, entityID, book string, year int) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO registry_counters (entity_id, book, year, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (entity_id, book, year) DO UPDATE SET last = registry_counters.last + 1
		RETURNING last`, entityID, book, year).Scan(&seq)
	return seq, err
}

// clerk resolves who anota: a user of the entity, or the sede.
func (m *Module) clerk(ctx context.Context, entityID, by string) (*auth.Actor, error) {
	if by == "sede" {
		return &auth.Actor{UserID: "sede", Name: "Sede electrónica"}, nil
	}
	member, err := directory.MemberOf(ctx, m.kit.DB, entityID, by)
	if errors.Is(err, db.ErrNotFound) {
		return nil, fieldError("by", "Quien anota el asiento no es usuario de la entidad.")
	}
	if err != nil {
		return nil, err
	}
	return &auth.Actor{UserID: by, Name: member.Name()}, nil
}

// register is Register with an optional actor for the audit record (the
// request's actor carries the IP); nil resolves the clerk from in.By.
func (m *Module) register(ctx context.Context, in NewEntry) (Entry, error) {
	return m.registerAs(ctx, nil, in)
}

func (m *Module) registerAs(ctx context.Context, actor *auth.Actor, in NewEntry) (Entry, error) {
	if err := normalize(&in); err != nil {
		return Entry{}, err
	}
	if _, err := directory.EntityByID(ctx, m.kit.DB, in.EntityID); err != nil {
		return Entry{}, err
	}
	var err error
	if actor == nil {
		if actor, err = m.clerk(ctx, in.EntityID, in.By); err != nil {
			return Entry{}, err
		}
	}
	source := in.source
	switch {
	case source != "":
	case in.By == "sede":
		source = "sede"
	default:
		source = "oficina"
	}
	book := kinds[in.Kind]
	docs := make([]storedDoc, len(in.Documents))
	for i, d := range in.Documents {
		sum := sha256.Sum256(d.Content)
		docs[i] = storedDoc{Pos: i + 1, Filename: d.Filename, ContentType: d.ContentType,
			SHA256: hex.EncodeToString(sum[:]), Size: int64(len(d.Content)), Content: d.Content, DocumentMeta: d.DocumentMeta}
	}
	e := entryRow{ID: id.New(), EntityID: in.EntityID, Book: book, Means: in.Means, Source: source,
		Subject: in.Subject, Summary: in.Summary, DocType: in.DocType, OriginDIR3: in.OriginDIR3,
		OriginName: in.OriginName, DestDIR3: in.DestDIR3, DestName: in.DestName, UnitID: in.UnitID,
		ExternalRef: in.ExternalRef, Expone: in.Expone, Solicita: in.Solicita, ReceiptCSV: csvdoc.NewCode(),
		ClerkID: actor.UserID, ClerkName: actor.Name, EntryDetails: in.EntryDetails}
	if len(in.Interested) > 0 {
		e.FirstParty = in.Interested[0].Name
	}
	var search []string
	search = append(search, e.Subject, e.Summary, e.OriginName, e.DestName, e.OriginDIR3, e.DestDIR3, e.ExternalRef)
	for _, p := range in.Interested {
		search = append(search, p.Name, p.DocNumber)
		if r := p.Representative; r != nil {
			search = append(search, r.Name, r.DocNumber)
		}
	}
	e.SearchText = refdata.Fold(web.Join(" ", search...))
	parties, err := partyIDs(ctx, m.kit.DB, e.EntityID, in.Interested)
	if err != nil {
		return Entry{}, err
	}
	for attempt := 0; ; attempt++ {
		err = m.writeTx(ctx, func(tx *sql.Tx) error {
			if err := m.insertEntry(ctx, tx, actor, &e, in.Interested, parties, docs); err != nil {
				return err
			}
			if in.inTx != nil {
				return in.inTx(tx, &e)
			}
			return nil
		})
		if !errors.Is(err, errYearTurned) || attempt > 2 {
			break
		}
	}
	if err != nil {
		return Entry{}, err
	}
	// The justificante's CSV is fixed with the asiento; the PDF (whose
	// rendering costs far more than the asiento itself) is rendered and
	// stored in the CSV register on first request: Receipt, the asiento's
	// page or the verification page. It is the same document whenever it
	// is made, as it only shows what the asiento holds.
	return Entry{ID: e.ID, Number: e.Number, RegisteredAt: e.RegisteredAt, ReceiptCSV: e.ReceiptCSV}, nil
}

var errYearTurned = fmt.Errorf("registro: cambio de año durante la anotación")

// insertEntry numbers and writes e with its interesados, documents and
// first distribution, and audits it, inside tx.
func (m *Module) insertEntry(ctx context.Context, tx *sql.Tx, actor *auth.Actor, e *entryRow, people []Interested, parties []string, docs []storedDoc) error {
	if e.UnitID != "" {
		if _, err := checkUnit(ctx, tx, e.EntityID, e.UnitID, "unit"); err != nil {
			return err
		}
	}
	year := madridYear(m.now())
	seq, err := nextNumber(ctx, tx, e.EntityID, e.Book, year)
	if err != nil {
		return err
	}
	// The official time is read once the book's counter is ours, so
	// numbers and times grow together.
	e.RegisteredAt = m.now().UTC().Truncate(time.Microsecond)
	if madridYear(e.RegisteredAt) != year {
		return errYearTurned
	}
	e.Year, e.Seq, e.Number = year, seq, FormatNumber(year, e.Book, seq)
	if err := insertEntryRow(ctx, tx, e); err != nil {
		return err
	}
	for i, p := range people {
		if err := insertInterested(ctx, tx, e.EntityID, e.ID, i+1, 0, p, parties[i]); err != nil {
			return err
		}
	}
	// Representantes follow the interesados, each pointing at the one
	// it acts for.
	pos := len(people)
	for i, p := range people {
		if p.Representative != nil {
			pos++
			if err := insertInterested(ctx, tx, e.EntityID, e.ID, pos, i+1, *p.Representative, ""); err != nil {
				return err
			}
		}
	}
	for _, d := range docs {
		if err := insertDocument(ctx, tx, e.EntityID, e.ID, d); err != nil {
			return err
		}
	}
	if e.UnitID != "" {
		if err := insertDistribution(ctx, tx, e.EntityID, e.ID, 1, e.UnitID, e.RegisteredAt, actor.UserID); err != nil {
			return err
		}
	}
	return m.kit.Audit(ctx, tx, actor, kitChange(e.EntityID, "registro.anotar", e.ID, nil, map[string]any{
		"numero": e.Number, "fecha": e.RegisteredAt, "medio": e.Means, "origen": e.Source,
		"asunto": e.Subject, "unidad": e.UnitID, "documentos": len(docs), "csv": e.ReceiptCSV}))
}

// madridYear is the year of t in the official time zone.
func madridYear(t time.Time) int { return t.In(web.Madrid).Year() }

// groups holds one group commit of registrations per SQLite database.
var groups sync.Map

// maxBatch bounds the asientos of one transaction.
const maxBatch = 128

// writeReq is one registration waiting for its transaction.
type writeReq struct {
	ctx context.Context
	fn  func(tx *sql.Tx) error
	err error // the registration's own failure, set by commitRegistrations
}

// writeTx runs fn in a transaction: its own on PostgreSQL (clerks queue on
// the counter row's lock), a shared group commit on SQLite: SQLite has one
// writer at a time and a commit costs far more than an asiento, so while
// one transaction commits the next registrations queue, and they all go in
// the following transaction, each in its own savepoint (one that fails is
// rolled back alone, numbers included). Nobody is answered before the
// commit that holds his asiento, whatever his context.
func (m *Module) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if m.kit.DB.Engine != db.SQLite {
		return m.kit.DB.Tx(ctx, fn)
	}
	v, _ := groups.LoadOrStore(m.kit.DB, &db.Group[*writeReq]{DB: m.kit.DB, Max: maxBatch, Commit: commitRegistrations})
	r := &writeReq{ctx: ctx, fn: fn}
	if err := v.(*db.Group[*writeReq]).Do(context.WithoutCancel(ctx), r); err != nil && r.err == nil {
		return err
	}
	return r.err
}

// commitRegistrations runs a batch of registrations in tx, each in its own
// savepoint; one alone runs bare, so that its failure rolls back the
// transaction.
func commitRegistrations(_ context.Context, tx *sql.Tx, batch []*writeReq) error {
	if len(batch) == 1 {
		batch[0].err = batch[0].fn(tx)
		return batch[0].err
	}
	for _, r := range batch {
		if _, err := tx.ExecContext(r.ctx, `SAVEPOINT asiento`); err != nil {
			r.err = err
			continue
		}
		if r.err = r.fn(tx); r.err != nil {
			if _, err := tx.Exec(`ROLLBACK TO asiento`); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`RELEASE asiento`); err != nil {
			return err
		}
	}
	return nil
}
