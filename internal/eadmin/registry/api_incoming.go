package registry

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"concejo/internal/platform/db"
)

// Incoming is a registered asiento as another module takes it in (the
// expedientes open one from an entrada): its data, interesados and
// documents with their content.
type Incoming struct {
	ID, Number       string
	Book             string // "E" or "S"
	RegisteredAt     time.Time
	Subject, Summary string
	Expone, Solicita string
	Interested       []Interested
	Documents        []IncomingDocument
	ReceiptCSV       string
	Cancelled        bool
}

// IncomingDocument is a document of an asiento with its content.
type IncomingDocument struct {
	Filename, ContentType, SHA256 string
	Content                       []byte
}

// Incoming reads an asiento of entityID with its interesados and documents
// (db.ErrNotFound when the entity has no such asiento). It does not check
// permissions: the caller does.
func (m *Module) Incoming(ctx context.Context, entityID, entryID string) (Incoming, error) {
	q := m.kit.DB
	e, err := entryByID(ctx, q, entityID, entryID)
	if err != nil {
		return Incoming{}, err
	}
	in := Incoming{ID: e.ID, Number: e.Number, Book: e.Book, RegisteredAt: e.RegisteredAt, Subject: e.Subject,
		Summary: e.Summary, Expone: e.Expone, Solicita: e.Solicita, ReceiptCSV: e.ReceiptCSV}
	if in.Interested, err = interestedOf(ctx, q, entityID, entryID); err != nil {
		return in, err
	}
	docs, err := documentsOf(ctx, q, entityID, entryID)
	if err != nil {
		return in, err
	}
	for _, d := range docs {
		full, err := documentContent(ctx, q, entityID, entryID, d.Pos)
		if err != nil {
			return in, err
		}
		in.Documents = append(in.Documents, IncomingDocument{Filename: full.Filename, ContentType: full.ContentType,
			SHA256: full.SHA256, Content: full.Content})
	}
	notes, err := annotationsOf(ctx, q, entityID, entryID)
	if err != nil {
		return in, err
	}
	for _, n := range notes {
		if n.Kind == "anulacion" {
			in.Cancelled = true
		}
	}
	return in, nil
}

// EntrySummary is an entrada as another module lists it.
type EntrySummary struct {
	ID, Number, Subject, FirstParty string
	RegisteredAt                    time.Time
}

// RecentEntradas lists the entradas of entityID registered since since,
// newest first, at most limit (an inbox of solicitudes to process).
func RecentEntradas(ctx context.Context, q db.Queryer, entityID string, since time.Time, limit int) ([]EntrySummary, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (e EntrySummary, err error) {
		err = sc.Scan(&e.ID, &e.Number, &e.Subject, &e.FirstParty, &e.RegisteredAt)
		return e, err
	}, `SELECT id, number, subject, first_party, registered_at FROM registry_entries
		WHERE entity_id = $1 AND registered_at >= $2 AND book = 'E'
		ORDER BY registered_at DESC, book DESC, seq DESC, id DESC LIMIT `+strconv.Itoa(limit), entityID, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("registro: leer las entradas recientes: %w", err)
	}
	return rows, nil
}

// FirstInterested returns, for each asiento of entryIDs that has one, its
// first interesado (one query; demo loaders and lists use it).
func FirstInterested(ctx context.Context, q db.Queryer, entityID string, entryIDs []string) (map[string]Interested, error) {
	w := &db.Where{}
	w.Add("entity_id = ?", entityID)
	w.Add("pos = 1")
	w.Add("role = 'interesado'")
	w.In("entry_id", entryIDs)
	out := map[string]Interested{}
	_, err := db.Collect(ctx, q, func(sc db.Scanner) (struct{}, error) {
		var id string
		var p Interested
		err := sc.Scan(&id, &p.DocType, &p.DocNumber, &p.Name, &p.Email, &p.Phone, &p.Address)
		out[id] = p
		return struct{}{}, err
	}, `SELECT entry_id, doc_type, doc_number, name, email, phone, address FROM registry_interested`+w.SQL(), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los interesados de %d asientos: %w", len(entryIDs), err)
	}
	return out, nil
}
