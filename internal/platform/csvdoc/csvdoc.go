// Package csvdoc keeps the register of documents the platform issues with a
// código seguro de verificación (CSV, art. 27.3 Ley 39/2015 and art. 42 Ley
// 40/2015): an unguessable code printed on the document, with which anyone
// retrieves the original at the verification page.
//
// A module first draws a code with NewCode, prints it (and URL's address, as
// text and QR) on the document, then stores the rendered bytes with Issue in
// the same transaction as the act that produced them.
//
// Owns tables: issued_documents.
package csvdoc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// Document is one issued document.
type Document struct {
	// CSV is the verification code (from NewCode).
	CSV string
	// EntityID is the entity that issues the document.
	EntityID string
	// Kind names the sort of document, e.g. "justificante", "volante", "adhesion".
	Kind string
	// Title is what the verification page calls it, in Spanish.
	Title string
	// ObjectType and ObjectID name the record it belongs to.
	ObjectType, ObjectID string
	// Filename is offered on download; ContentType is usually application/pdf.
	Filename, ContentType string
	// Content is the exact bytes issued.
	Content []byte
	// SHA256 is the hex digest of Content (set by Issue).
	SHA256 string
	// IssuedAt (UTC) and IssuedBy (user id or "sistema").
	IssuedAt time.Time
	IssuedBy string
}

// NewCode draws a fresh verification code: 24 characters of Crockford
// base32 (120 random bits), which cannot be guessed or enumerated.
func NewCode() string { return id.Token(15) }

// Normalize accepts a code as people type it: any case, with spaces or
// dashes, and the letters Crockford base32 reads as digits (O→0, I/L→1).
func Normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r == 'O':
			b.WriteRune('0')
		case r == 'I' || r == 'L':
			b.WriteRune('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// URL is the public address where the document with code is verified;
// base is the platform's public base URL (config.Public()).
func URL(base, code string) string {
	return strings.TrimRight(base, "/") + "/verificar?csv=" + code
}

// ErrIncomplete is returned by Issue when a required field is missing.
var ErrIncomplete = errors.New("csvdoc: documento sin código, entidad, tipo, título o contenido")

// Issue stores d (its digest and size are computed here) inside the caller's
// transaction. The code must be unique; a repeated code is an error.
func Issue(ctx context.Context, q db.Queryer, d Document) error {
	if d.CSV == "" || d.EntityID == "" || d.Kind == "" || d.Title == "" || len(d.Content) == 0 {
		return ErrIncomplete
	}
	sum := sha256.Sum256(d.Content)
	if d.ContentType == "" {
		d.ContentType = "application/pdf"
	}
	if d.IssuedAt.IsZero() {
		d.IssuedAt = time.Now()
	}
	_, err := q.ExecContext(ctx, `INSERT INTO issued_documents (csv, entity_id, kind, title, object_type, object_id,
		filename, content_type, sha256, size, content, issued_at, issued_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		d.CSV, d.EntityID, d.Kind, d.Title, d.ObjectType, d.ObjectID, d.Filename, d.ContentType,
		hex.EncodeToString(sum[:]), int64(len(d.Content)), d.Content, d.IssuedAt.UTC(), d.IssuedBy)
	return err
}

// Lookup returns the document with the (normalized) code, or db.ErrNotFound.
func Lookup(ctx context.Context, q db.Queryer, code string) (Document, error) {
	var d Document
	err := q.QueryRowContext(ctx, `SELECT csv, entity_id, kind, title, object_type, object_id, filename,
		content_type, sha256, content, issued_at, issued_by FROM issued_documents WHERE csv = $1`, code).
		Scan(&d.CSV, &d.EntityID, &d.Kind, &d.Title, &d.ObjectType, &d.ObjectID, &d.Filename,
			&d.ContentType, &d.SHA256, &d.Content, &d.IssuedAt, &d.IssuedBy)
	if err != nil {
		return Document{}, db.NotFound(err)
	}
	d.IssuedAt = d.IssuedAt.UTC()
	return d, nil
}
