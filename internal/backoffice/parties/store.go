package parties

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/db"
)

const partyCols = `p.entity_id, p.id, p.kind, p.doc_type, p.doc_number, p.doc_country, p.name, p.surname1, p.surname2,
	p.birth_date, p.email, p.phone, p.electronic_notification, COALESCE(p.dwelling_id, ''), p.address_text,
	p.postal_code, p.town, p.province, p.country_code, p.notes, COALESCE(p.merged_into, ''), p.merged_at,
	p.created_at, p.updated_at`

func scanParty(sc db.Scanner) (Party, error) {
	var p Party
	var birth, merged sql.NullTime
	err := sc.Scan(&p.EntityID, &p.ID, &p.Kind, &p.DocType, &p.DocNumber, &p.DocCountry, &p.Name, &p.Surname1,
		&p.Surname2, &birth, &p.Email, &p.Phone, &p.ElectronicNotification, &p.DwellingID, &p.AddressText,
		&p.PostalCode, &p.Town, &p.Province, &p.CountryCode, &p.Notes, &p.MergedInto, &merged, &p.CreatedAt, &p.UpdatedAt)
	if birth.Valid {
		t := birth.Time.UTC()
		p.BirthDate = &t
	}
	if merged.Valid {
		t := merged.Time
		p.MergedAt = &t
	}
	return p, err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// insertCols and values are the columns of parties in INSERT order.
var insertCols = []string{"entity_id", "id", "kind", "doc_type", "doc_number", "doc_country", "name", "surname1",
	"surname2", "search_text", "sort_name", "birth_date", "email", "phone", "electronic_notification", "dwelling_id",
	"address_text", "postal_code", "town", "province", "country_code", "notes", "merged_into", "merged_at",
	"created_at", "updated_at"}

func values(p Party) []any {
	return []any{p.EntityID, p.ID, p.Kind, p.DocType, p.DocNumber, p.DocCountry, p.Name, p.Surname1, p.Surname2,
		p.SearchText(), p.sortKey(), nullTime(p.BirthDate), p.Email, p.Phone, p.ElectronicNotification,
		db.NullString(p.DwellingID), p.AddressText, p.PostalCode, p.Town, p.Province, p.CountryCode, p.Notes,
		db.NullString(p.MergedInto), nullTime(p.MergedAt), p.CreatedAt, p.UpdatedAt}
}

func insertParty(ctx context.Context, q db.Queryer, p Party) error {
	_, err := q.ExecContext(ctx, db.InsertSQL("parties", insertCols, 1), values(p)...)
	if err != nil {
		return fmt.Errorf("terceros: guardar el tercero %s: %w", p.ID, err)
	}
	return markDuplicates(ctx, q, nil, p)
}

func updateParty(ctx context.Context, q db.Queryer, p Party) error {
	before, err := getParty(ctx, q, p.EntityID, p.ID)
	if err != nil {
		return fmt.Errorf("terceros: modificar el tercero %s: %w", p.ID, err)
	}
	res, err := q.ExecContext(ctx, `UPDATE parties SET kind = $1, doc_type = $2, doc_number = $3, doc_country = $4,
		name = $5, surname1 = $6, surname2 = $7, search_text = $8, sort_name = $9, birth_date = $10, email = $11,
		phone = $12, electronic_notification = $13, dwelling_id = $14, address_text = $15, postal_code = $16,
		town = $17, province = $18, country_code = $19, notes = $20, updated_at = $21
		WHERE entity_id = $22 AND id = $23`,
		p.Kind, p.DocType, p.DocNumber, p.DocCountry, p.Name, p.Surname1, p.Surname2, p.SearchText(), p.sortKey(),
		nullTime(p.BirthDate), p.Email, p.Phone, p.ElectronicNotification, db.NullString(p.DwellingID), p.AddressText,
		p.PostalCode, p.Town, p.Province, p.CountryCode, p.Notes, p.UpdatedAt, p.EntityID, p.ID)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("terceros: modificar el tercero %s: %w", p.ID, err)
	}
	p.MergedInto = before.MergedInto
	return markDuplicates(ctx, q, &before, p)
}

func getParty(ctx context.Context, q db.Queryer, entityID, id string) (Party, error) {
	p, err := scanParty(q.QueryRowContext(ctx, `SELECT `+partyCols+` FROM parties p WHERE p.entity_id = $1 AND p.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return p, fmt.Errorf("terceros: leer el tercero %s: %w", id, err)
	}
	return p, nil
}

// partySearch is the full-text index of parties.search_text (SearchForm
// of the names and the document).
var partySearch = db.SearchIndex{Name: "parties_fts", Table: "parties", Column: "search_text", Key: []string{"entity_id", "id"}}

// Filter selects and orders the list of terceros.
type Filter struct {
	// Words are the folded words of the search (searchWords): each begins a
	// word of the name or the document; a search with no letter nor digit
	// ("%") is looked for as typed.
	Words   []string
	Kind    string
	DocType string
	Merged  bool // list the merged ones instead of those in use
	Page    int
}

func partyWhere(engine db.Engine, entityID string, f Filter) *db.Where {
	w := &db.Where{}
	// A search of words reads the entity's matches alone (restricted to the
	// entity inside the search index), not every tercero of the entity.
	if !partySearch.In(w, engine, []string{"p.entity_id", "p.id"}, db.SearchTerms(strings.Join(f.Words, " ")), entityID) {
		w.Add("p.entity_id = ?", entityID)
		for _, word := range f.Words {
			w.Add(w.Contains("p.search_text", word))
		}
	}
	if f.Kind != "" {
		w.Add("p.kind = ?", f.Kind)
	}
	if f.DocType != "" {
		w.Add("p.doc_type = ?", f.DocType)
	}
	if f.Merged {
		w.Add("p.merged_into IS NOT NULL")
	} else {
		w.Add("p.merged_into IS NULL")
	}
	return w
}

// listParties returns a page (limit 0 = all) of the parties matching f, and the total.
func listParties(ctx context.Context, q db.Queryer, engine db.Engine, entityID string, f Filter, limit, offset int) ([]Party, int, error) {
	w := partyWhere(engine, entityID, f)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM parties p`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("terceros: listar los terceros de la entidad %s: %w", entityID, err)
	}
	query := `SELECT ` + partyCols + ` FROM parties p` + w.SQL() + ` ORDER BY p.sort_name, p.id`
	if limit > 0 {
		query += " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(offset)
	}
	out, err := db.Collect(ctx, q, scanParty, query, w.Args...)
	if err != nil {
		return out, total, fmt.Errorf("terceros: listar los terceros de la entidad %s: %w", entityID, err)
	}
	return out, total, nil
}

func byDocument(ctx context.Context, q db.Queryer, entityID, doc string) ([]Party, error) {
	return db.Collect(ctx, q, scanParty, `SELECT `+partyCols+` FROM parties p WHERE p.entity_id = $1 AND p.doc_number = $2
		AND p.merged_into IS NULL ORDER BY p.created_at, p.id`, entityID, doc)
}

func byBirthDate(ctx context.Context, q db.Queryer, entityID string, d time.Time) ([]Party, error) {
	return db.Collect(ctx, q, scanParty, `SELECT `+partyCols+` FROM parties p WHERE p.entity_id = $1 AND p.birth_date = $2
		AND p.merged_into IS NULL ORDER BY p.created_at, p.id`, entityID, d)
}

// ---- Bank accounts ----

const accountCols = `entity_id, id, party_id, iban, holder, is_default, created_at, removed_at`

func scanAccount(sc db.Scanner) (BankAccount, error) {
	var b BankAccount
	var removed sql.NullTime
	err := sc.Scan(&b.EntityID, &b.ID, &b.PartyID, &b.IBAN, &b.Holder, &b.IsDefault, &b.CreatedAt, &removed)
	if removed.Valid {
		t := removed.Time
		b.RemovedAt = &t
	}
	return b, err
}

func accountsOf(ctx context.Context, q db.Queryer, entityID, partyID string) ([]BankAccount, error) {
	return db.Collect(ctx, q, scanAccount, `SELECT `+accountCols+` FROM party_bank_accounts
		WHERE entity_id = $1 AND party_id = $2 ORDER BY CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END, created_at, id`, entityID, partyID)
}

func getAccount(ctx context.Context, q db.Queryer, entityID, partyID, id string) (BankAccount, error) {
	b, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM party_bank_accounts
		WHERE entity_id = $1 AND party_id = $2 AND id = $3`, entityID, partyID, id))
	if err := db.NotFound(err); err != nil {
		return b, fmt.Errorf("terceros: leer la cuenta %s del tercero %s: %w", id, partyID, err)
	}
	return b, nil
}

func insertAccount(ctx context.Context, q db.Queryer, b BankAccount) error {
	if b.IsDefault {
		if _, err := q.ExecContext(ctx, `UPDATE party_bank_accounts SET is_default = $1 WHERE entity_id = $2 AND party_id = $3`,
			false, b.EntityID, b.PartyID); err != nil {
			return fmt.Errorf("terceros: guardar la cuenta %s del tercero %s: %w", b.ID, b.PartyID, err)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO party_bank_accounts (entity_id, id, party_id, iban, holder, is_default, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, b.EntityID, b.ID, b.PartyID, b.IBAN, b.Holder, b.IsDefault, b.CreatedAt)
	if err != nil {
		return fmt.Errorf("terceros: guardar la cuenta %s del tercero %s: %w", b.ID, b.PartyID, err)
	}
	return nil
}

func removeAccount(ctx context.Context, q db.Queryer, entityID, id string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE party_bank_accounts SET removed_at = $1, is_default = $2
		WHERE entity_id = $3 AND id = $4 AND removed_at IS NULL`, at, false, entityID, id)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("terceros: dar de baja la cuenta %s: %w", id, err)
	}
	return nil
}

// ---- Representatives ----

// representativesOf lists who represents partyID (asRepresentative false)
// or whom partyID represents (true), with the other party.
func representativesOf(ctx context.Context, q db.Queryer, entityID, partyID string, asRepresentative bool) ([]Representative, error) {
	mine, other := "r.party_id", "r.representative_id"
	if asRepresentative {
		mine, other = other, mine
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Representative, error) {
		var r Representative
		var to, removed sql.NullTime
		dest := []any{&r.EntityID, &r.ID, &r.PartyID, &r.RepresentativeID, &r.Kind, &r.Scope, &r.ValidFrom, &to, &r.CreatedAt, &removed}
		var o Party
		var birth, merged sql.NullTime
		dest = append(dest, &o.EntityID, &o.ID, &o.Kind, &o.DocType, &o.DocNumber, &o.DocCountry, &o.Name, &o.Surname1,
			&o.Surname2, &birth, &o.Email, &o.Phone, &o.ElectronicNotification, &o.DwellingID, &o.AddressText,
			&o.PostalCode, &o.Town, &o.Province, &o.CountryCode, &o.Notes, &o.MergedInto, &merged, &o.CreatedAt, &o.UpdatedAt)
		err := sc.Scan(dest...)
		if to.Valid {
			t := to.Time
			r.ValidTo = &t
		}
		if removed.Valid {
			t := removed.Time
			r.RemovedAt = &t
		}
		r.Other = o
		return r, err
	}, `SELECT r.entity_id, r.id, r.party_id, r.representative_id, r.kind, r.scope, r.valid_from, r.valid_to,
		r.created_at, r.removed_at, `+partyCols+` FROM party_representatives r
		JOIN parties p ON p.entity_id = r.entity_id AND p.id = `+other+`
		WHERE r.entity_id = $1 AND `+mine+` = $2
		ORDER BY CASE WHEN r.removed_at IS NULL THEN 0 ELSE 1 END, r.valid_from DESC, r.id`, entityID, partyID)
	if err != nil {
		return nil, fmt.Errorf("terceros: leer los representantes del tercero %s: %w", partyID, err)
	}
	return rows, nil
}

func insertRepresentative(ctx context.Context, q db.Queryer, r Representative) error {
	_, err := q.ExecContext(ctx, `INSERT INTO party_representatives (entity_id, id, party_id, representative_id, kind,
		scope, valid_from, valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.EntityID, r.ID, r.PartyID, r.RepresentativeID, r.Kind, r.Scope, r.ValidFrom, nullTime(r.ValidTo), r.CreatedAt)
	if err != nil {
		return fmt.Errorf("terceros: guardar el representante %s: %w", r.ID, err)
	}
	return nil
}

func removeRepresentative(ctx context.Context, q db.Queryer, entityID, partyID, id string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE party_representatives SET removed_at = $1
		WHERE entity_id = $2 AND party_id = $3 AND id = $4 AND removed_at IS NULL`, at, entityID, partyID, id)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("terceros: dar de baja el representante %s del tercero %s: %w", id, partyID, err)
	}
	return nil
}

// ---- Merges ----

func mergesOf(ctx context.Context, q db.Queryer, entityID, keptID string) ([]Merge, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Merge, error) {
		var m Merge
		var name, s1, s2, dt, dn string
		err := sc.Scan(&m.ID, &m.KeptID, &m.MergedID, &m.Reason, &m.Snapshot, &m.MergedAt, &m.MergedBy, &name, &s1, &s2, &dt, &dn)
		m.MergedName = join(" ", name, s1, s2)
		m.MergedDoc = Party{DocType: dt, DocNumber: dn}.Document()
		return m, err
	}, `SELECT m.id, m.kept_id, m.merged_id, m.reason, m.snapshot, m.merged_at, m.merged_by, p.name, p.surname1, p.surname2,
		p.doc_type, p.doc_number FROM party_merges m JOIN parties p ON p.entity_id = m.entity_id AND p.id = m.merged_id
		WHERE m.entity_id = $1 AND m.kept_id = $2 ORDER BY m.merged_at DESC, m.id`, entityID, keptID)
	if err != nil {
		return nil, fmt.Errorf("terceros: leer las fusiones en el tercero %s: %w", keptID, err)
	}
	return rows, nil
}

func insertMerge(ctx context.Context, q db.Queryer, entityID string, m Merge) error {
	_, err := q.ExecContext(ctx, `INSERT INTO party_merges (entity_id, id, kept_id, merged_id, reason, snapshot, merged_at, merged_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, entityID, m.ID, m.KeptID, m.MergedID, m.Reason, m.Snapshot, m.MergedAt, m.MergedBy)
	if err != nil {
		return fmt.Errorf("terceros: anotar la fusión en el tercero %s: %w", m.KeptID, err)
	}
	return nil
}

// moveLinks repoints the bank accounts and representations of from to to,
// and marks from as merged into to.
func moveLinks(ctx context.Context, q db.Queryer, entityID, from, to string, at time.Time) error {
	for _, stmt := range []string{
		`UPDATE party_bank_accounts SET party_id = $1, is_default = FALSE WHERE entity_id = $2 AND party_id = $3`,
		`UPDATE party_representatives SET party_id = $1 WHERE entity_id = $2 AND party_id = $3`,
		`UPDATE party_representatives SET representative_id = $1 WHERE entity_id = $2 AND representative_id = $3`,
		`UPDATE parties SET merged_into = $1 WHERE entity_id = $2 AND merged_into = $3`,
	} {
		if _, err := q.ExecContext(ctx, stmt, to, entityID, from); err != nil {
			return fmt.Errorf("terceros: pasar los vínculos del tercero %s al %s: %w", from, to, err)
		}
	}
	before, err := getParty(ctx, q, entityID, from)
	if err != nil {
		return fmt.Errorf("terceros: pasar los vínculos del tercero %s al %s: %w", from, to, err)
	}
	res, err := q.ExecContext(ctx, `UPDATE parties SET merged_into = $1, merged_at = $2, updated_at = $2
		WHERE entity_id = $3 AND id = $4 AND merged_into IS NULL`, to, at, entityID, from)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("terceros: pasar los vínculos del tercero %s al %s: %w", from, to, err)
	}
	merged := before
	merged.MergedInto = to
	return markDuplicates(ctx, q, &before, merged)
}
