package decrees

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/refdata"
)

// decreeColumns are the columns scanDecree reads, in order.
const decreeColumns = `entity_id, id, state, organ, organ_name, delegation, summary, body, area, case_id,
	case_number, rectifies_id, created_at, created_by, created_by_name, updated_at, year, seq, number, signed_on,
	signature, signer_name, signer_post, recorded_at, recorded_by, recorded_by_name, csv`

// insertColumns are the columns of a new row (a draft, or a signed one in the demo).
var insertColumns = []string{"entity_id", "id", "state", "organ", "organ_name", "delegation", "summary", "body",
	"area", "case_id", "case_number", "rectifies_id", "search_text", "created_at", "created_by", "created_by_name",
	"updated_at", "year", "seq", "number", "signed_on", "signature", "signer_name", "signer_post", "recorded_at",
	"recorded_by", "recorded_by_name", "csv"}

// insertArgs are the values of insertColumns for d.
func insertArgs(d Decree) []any {
	var year, seq, number, signedOn, signature, recordedAt, csv any
	if d.Signed() {
		year, seq, number, signedOn, signature, recordedAt, csv = d.Year, d.Seq, d.Number,
			d.SignedOn.Format(time.DateOnly), d.Signature, d.RecordedAt, d.CSV
	}
	return []any{d.EntityID, d.ID, d.State, d.Organ, d.OrganName, d.Delegation, d.Summary, d.Body, d.Area,
		d.CaseID, d.CaseNumber, db.NullString(d.RectifiesID), refdata.Fold(searchText(d)), d.CreatedAt,
		d.CreatedBy, d.CreatedByName, d.UpdatedAt, year, seq, number, signedOn, signature, d.SignerName,
		d.SignerPost, recordedAt, d.RecordedBy, d.RecordedByName, csv}
}

func scanDecree(sc db.Scanner) (Decree, error) {
	var d Decree
	var rect, number, signedOn, signature, csv sql.NullString
	var year, seq sql.NullInt64
	var recordedAt sql.NullTime
	err := sc.Scan(&d.EntityID, &d.ID, &d.State, &d.Organ, &d.OrganName, &d.Delegation, &d.Summary, &d.Body,
		&d.Area, &d.CaseID, &d.CaseNumber, &rect, &d.CreatedAt, &d.CreatedBy, &d.CreatedByName, &d.UpdatedAt,
		&year, &seq, &number, &signedOn, &signature, &d.SignerName, &d.SignerPost, &recordedAt, &d.RecordedBy,
		&d.RecordedByName, &csv)
	if err != nil {
		return d, err
	}
	d.RectifiesID, d.Number, d.Signature, d.CSV = rect.String, number.String, signature.String, csv.String
	d.Year, d.Seq = int(year.Int64), seq.Int64
	if signedOn.Valid {
		d.SignedOn, _ = time.Parse(time.DateOnly, signedOn.String)
	}
	if recordedAt.Valid {
		d.RecordedAt = recordedAt.Time.UTC()
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, nil
}

func insertDecree(ctx context.Context, tx *sql.Tx, d Decree) error {
	if _, err := tx.ExecContext(ctx, db.InsertSQL("decrees_resolutions", insertColumns, 1), insertArgs(d)...); err != nil {
		return fmt.Errorf("resoluciones: guardar el borrador %s: %w", d.ID, err)
	}
	return nil
}

func decreeByID(ctx context.Context, q db.Queryer, entityID, id string) (Decree, error) {
	d, err := scanDecree(q.QueryRowContext(ctx, `SELECT `+decreeColumns+` FROM decrees_resolutions
		WHERE entity_id = $1 AND id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return d, fmt.Errorf("resoluciones: leer la resolución %s: %w", id, err)
	}
	return d, nil
}

func decreeByNumber(ctx context.Context, q db.Queryer, entityID, number string) (Decree, error) {
	d, err := scanDecree(q.QueryRowContext(ctx, `SELECT `+decreeColumns+` FROM decrees_resolutions
		WHERE entity_id = $1 AND number = $2`, entityID, number))
	if err := db.NotFound(err); err != nil {
		return d, fmt.Errorf("resoluciones: leer la resolución número %s: %w", number, err)
	}
	return d, nil
}

func decreesByCase(ctx context.Context, q db.Queryer, entityID, caseID string) ([]Decree, error) {
	rows, err := db.Collect(ctx, q, scanDecree, `SELECT `+decreeColumns+` FROM decrees_resolutions
		WHERE entity_id = $1 AND case_id = $2
		ORDER BY CASE WHEN state = 'firmado' THEN 0 ELSE 1 END, year, seq, created_at`, entityID, caseID)
	if err != nil {
		return nil, fmt.Errorf("resoluciones: leer las resoluciones del expediente %s: %w", caseID, err)
	}
	return rows, nil
}

// rectifiedBy lists the signed resolutions that rectify id.
func rectifiedBy(ctx context.Context, q db.Queryer, entityID, id string) ([]Decree, error) {
	rows, err := db.Collect(ctx, q, scanDecree, `SELECT `+decreeColumns+` FROM decrees_resolutions
		WHERE entity_id = $1 AND rectifies_id = $2 AND state = 'firmado' ORDER BY year, seq`, entityID, id)
	if err != nil {
		return nil, fmt.Errorf("resoluciones: leer las rectificaciones de %s: %w", id, err)
	}
	return rows, nil
}

// updateDraft rewrites the editable fields of a draft; a signed
// resolution is not touched (ErrNotFound then: the caller tells why).
func updateDraft(ctx context.Context, tx *sql.Tx, d Decree) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE decrees_resolutions SET organ = $3, organ_name = $4,
		delegation = $5, summary = $6, body = $7, area = $8, case_id = $9, case_number = $10, rectifies_id = $11,
		search_text = $12, updated_at = $13 WHERE entity_id = $1 AND id = $2 AND state = 'borrador'`,
		d.EntityID, d.ID, d.Organ, d.OrganName, d.Delegation, d.Summary, d.Body, d.Area, d.CaseID, d.CaseNumber,
		db.NullString(d.RectifiesID), refdata.Fold(searchText(d)), d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("resoluciones: modificar el borrador %s: %w", d.ID, err)
	}
	return nil
}

func deleteDraft(ctx context.Context, tx *sql.Tx, entityID, id string) error {
	err := db.Affected(tx.ExecContext(ctx, `DELETE FROM decrees_resolutions
		WHERE entity_id = $1 AND id = $2 AND state = 'borrador'`, entityID, id))
	if err != nil {
		return fmt.Errorf("resoluciones: borrar el borrador %s: %w", id, err)
	}
	return nil
}

// nextNumber takes the next number of (entity, year) inside tx. The counter
// row stays locked by the upsert until tx ends, so concurrent signatures
// queue on it and a rolled-back transaction gives its number back.
func nextNumber(ctx context.Context, tx *sql.Tx, entityID string, year int) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO decrees_counters (entity_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (entity_id, year) DO UPDATE SET last = decrees_counters.last + 1
		RETURNING last`, entityID, year).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("resoluciones: numerar en el libro %d de la entidad %s: %w", year, entityID, err)
	}
	return seq, nil
}

// lastSigned is the number and date of the book's last signed resolution
// (empty when the book of the year has none).
func lastSigned(ctx context.Context, q db.Queryer, entityID string, year int) (string, time.Time, error) {
	var number, on string
	err := q.QueryRowContext(ctx, `SELECT number, signed_on FROM decrees_resolutions
		WHERE entity_id = $1 AND year = $2 AND state = 'firmado' ORDER BY seq DESC LIMIT 1`, entityID, year).
		Scan(&number, &on)
	if err == sql.ErrNoRows {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("resoluciones: leer la última resolución de %d: %w", year, err)
	}
	t, _ := time.Parse(time.DateOnly, on)
	return number, t, nil
}

// markSigned records the signature of a draft; ErrNotFound when it is no
// longer a draft.
func markSigned(ctx context.Context, tx *sql.Tx, d Decree) error {
	err := db.Affected(tx.ExecContext(ctx, `UPDATE decrees_resolutions SET state = 'firmado', year = $3, seq = $4,
		number = $5, signed_on = $6, signature = $7, signer_name = $8, signer_post = $9, recorded_at = $10,
		recorded_by = $11, recorded_by_name = $12, csv = $13, updated_at = $10
		WHERE entity_id = $1 AND id = $2 AND state = 'borrador'`,
		d.EntityID, d.ID, d.Year, d.Seq, d.Number, d.SignedOn.Format(time.DateOnly), d.Signature, d.SignerName,
		d.SignerPost, d.RecordedAt, d.RecordedBy, d.RecordedByName, d.CSV))
	if err != nil {
		return fmt.Errorf("resoluciones: firmar %s: %w", d.ID, err)
	}
	return nil
}

// Filter selects resolutions of one entity for the list.
type Filter struct {
	EntityID string
	// Year is the year of the book (signed resolutions); 0 is any.
	Year int
	// Query is text in the extracto (or the expediente or area).
	Query string
	// Organ is an órgano's name exactly; State "borrador" or "firmado".
	Organ, State string
	Page         int
}

// where builds the conditions of f.
func (f Filter) where() db.Where {
	var w db.Where
	w.Add("entity_id = ?", f.EntityID)
	if f.Year != 0 {
		w.Add("year = ?", f.Year)
	}
	if f.State != "" {
		w.Add("state = ?", f.State)
	}
	if f.Organ != "" {
		w.Add("organ_name = ?", f.Organ)
	}
	if q := refdata.Fold(f.Query); q != "" {
		if n, ok := parseNumber(q); ok {
			w.Add("(number = ? OR "+w.Contains("search_text", q)+")", n)
		} else {
			w.Add(w.Contains("search_text", q))
		}
	}
	return w
}

// list returns a page of the resolutions f selects, drafts first (newest
// first), then signed ones by number, newest first; and how many there are.
func list(ctx context.Context, q db.Queryer, f Filter, size int) ([]Decree, int, error) {
	w := f.where()
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM decrees_resolutions`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("resoluciones: contar las de la entidad %s: %w", f.EntityID, err)
	}
	limit, offset := w.Arg(size), w.Arg((max(f.Page, 1)-1)*size)
	rows, err := db.Collect(ctx, q, scanDecree, `SELECT `+decreeColumns+` FROM decrees_resolutions`+w.SQL()+`
		ORDER BY CASE WHEN state = 'borrador' THEN 0 ELSE 1 END, year DESC, seq DESC, created_at DESC
		LIMIT `+limit+` OFFSET `+offset, w.Args...)
	if err != nil {
		return nil, 0, fmt.Errorf("resoluciones: leer las de la entidad %s: %w", f.EntityID, err)
	}
	return rows, total, nil
}

// chunk is how many resolutions an export reads per query.
const chunk = 200

// eachSigned calls fn with every signed resolution of the entity's book of
// year, by number, reading chunk rows per query (keyset on seq), so no
// connection is held while fn writes.
func eachSigned(ctx context.Context, q db.Queryer, entityID string, year int, fn func(Decree) error) error {
	var after int64
	for {
		rows, err := db.Collect(ctx, q, scanDecree, `SELECT `+decreeColumns+` FROM decrees_resolutions
			WHERE entity_id = $1 AND year = $2 AND seq > $3 ORDER BY seq LIMIT $4`, entityID, year, after, chunk)
		if err != nil {
			return fmt.Errorf("resoluciones: leer el libro %d de la entidad %s: %w", year, entityID, err)
		}
		for _, d := range rows {
			if err := fn(d); err != nil {
				return err
			}
			after = d.Seq
		}
		if len(rows) < chunk {
			return nil
		}
	}
}

// bookYear is a year of the book with its count of resolutions.
type bookYear struct {
	Year  int
	Count int64
}

// bookYears lists the entity's books, newest first.
func bookYears(ctx context.Context, q db.Queryer, entityID string) ([]bookYear, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (b bookYear, err error) {
		err = sc.Scan(&b.Year, &b.Count)
		return b, err
	}, `SELECT year, last FROM decrees_counters WHERE entity_id = $1 ORDER BY year DESC`, entityID)
	if err != nil {
		return nil, fmt.Errorf("resoluciones: leer los libros de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

// bookStats are the figures of a year's book.
type bookStats struct {
	Count       int64
	First, Last Decree
}

func statsOf(ctx context.Context, q db.Queryer, entityID string, year int) (bookStats, error) {
	var s bookStats
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM decrees_resolutions WHERE entity_id = $1 AND year = $2`,
		entityID, year).Scan(&s.Count); err != nil {
		return s, fmt.Errorf("resoluciones: contar el libro %d: %w", year, err)
	}
	if s.Count == 0 {
		return s, nil
	}
	var err error
	for _, x := range []struct {
		dir string
		to  *Decree
	}{{"", &s.First}, {" DESC", &s.Last}} {
		*x.to, err = scanDecree(q.QueryRowContext(ctx, `SELECT `+decreeColumns+` FROM decrees_resolutions
			WHERE entity_id = $1 AND year = $2 ORDER BY seq`+x.dir+` LIMIT 1`, entityID, year))
		if err != nil {
			return s, fmt.Errorf("resoluciones: leer el libro %d: %w", year, err)
		}
	}
	return s, nil
}

// organNames lists the órganos that appear in the entity's book.
func organNames(ctx context.Context, q db.Queryer, entityID string) ([]string, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (s string, err error) {
		err = sc.Scan(&s)
		return s, err
	}, `SELECT DISTINCT organ_name FROM decrees_resolutions WHERE entity_id = $1 ORDER BY organ_name`, entityID)
	if err != nil {
		return nil, fmt.Errorf("resoluciones: leer los órganos de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

// change builds an audit change on a resolution.
func change(entityID, action, id string, before, after any) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: "resolucion", ObjectID: id,
		Before: before, After: after}
}

// auditView is what the audit records of a resolution.
func auditView(d Decree) map[string]any {
	v := map[string]any{"estado": d.State, "organo": d.OrganLabel(), "extracto": d.Summary,
		"area": d.Area, "expediente": strings.TrimSpace(d.CaseNumber + " " + d.CaseID), "rectifica": d.RectifiesID,
		"texto_caracteres": len([]rune(d.Body))}
	if d.Signed() {
		v["numero"], v["fecha_firma"], v["firma"] = d.Number, d.SignedOnLabel(), d.Signature
		v["firmante"], v["cargo"], v["csv"] = d.SignerName, d.SignerPost, d.CSV
	}
	return v
}
