package parties

// The functions of this file are what other modules (padrón, registro,
// expedientes, tributos, contabilidad, sede) use to link to terceros instead
// of copying people. They take a db.Queryer (or *sql.Tx), so they run inside
// the caller's transaction, and always the entity: a party of another
// entity is db.ErrNotFound, as if it did not exist. They do not check
// permissions nor write audit records: the caller does both.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
)

// Party kinds.
const (
	KindPerson = "fisica"   // persona física
	KindLegal  = "juridica" // persona jurídica o entidad
)

// Document types.
const (
	DocNIF      = "NIF"       // DNI or the K, L, M NIFs of natural persons
	DocNIE      = "NIE"       // foreigner's identity number (X, Y, Z)
	DocCIF      = "CIF"       // NIF of a legal person or entity
	DocPassport = "PASAPORTE" // passport of another country
	DocOther    = "OTRO"      // another foreign document, or none (number "")
)

// Create validates p (Check), gives it an id and its timestamps, and
// inserts it for p.EntityID. Validation problems come back as
// errs.Fields (fields named Field*). It does not look for duplicates:
// use Upsert or ByDocument first when the person may already be there.
func Create(ctx context.Context, q db.Queryer, p Party) (Party, error) {
	if err := Check(&p); err != nil {
		return p, err
	}
	now := time.Now().UTC()
	if p.ID == "" {
		p.ID = id.New()
	}
	p.MergedInto, p.MergedAt = "", nil
	p.CreatedAt, p.UpdatedAt = now, now
	if err := checkDwelling(ctx, q, p); err != nil {
		return p, err
	}
	return p, insertParty(ctx, q, p)
}

// Update validates p and writes all its fields (not its id, entity, merge
// state nor created_at). db.ErrNotFound when it does not exist.
func Update(ctx context.Context, q db.Queryer, p Party) (Party, error) {
	if err := Check(&p); err != nil {
		return p, err
	}
	if err := checkDwelling(ctx, q, p); err != nil {
		return p, err
	}
	p.UpdatedAt = time.Now().UTC()
	return p, updateParty(ctx, q, p)
}

// Get returns the party id of entityID as stored (it may be merged: see
// Resolve). db.ErrNotFound when it does not exist in that entity.
func Get(ctx context.Context, q db.Queryer, entityID, id string) (Party, error) {
	return getParty(ctx, q, entityID, id)
}

// Resolve returns the party id of entityID or, when it was merged, the
// party it ended up merged into: what a link stored by another module
// points at today.
func Resolve(ctx context.Context, q db.Queryer, entityID, id string) (Party, error) {
	for range 20 {
		p, err := getParty(ctx, q, entityID, id)
		if err != nil || p.MergedInto == "" {
			return p, err
		}
		id = p.MergedInto
	}
	return Party{}, fmt.Errorf("parties: merge chain too long at %s", id)
}

// ByDocument returns the party of entityID (not merged) with the document
// number doc (normalised here: spaces, dots, hyphens and case do not
// matter). db.ErrNotFound when there is none; the oldest when, before a
// merge, there are several.
func ByDocument(ctx context.Context, q db.Queryer, entityID, doc string) (Party, error) {
	n := normDoc(doc)
	if n == "" {
		return Party{}, db.ErrNotFound
	}
	list, err := byDocument(ctx, q, entityID, n)
	if err != nil {
		return Party{}, err
	}
	if len(list) == 0 {
		return Party{}, db.ErrNotFound
	}
	return list[0], nil
}

// Query is a search of terceros.
type Query struct {
	// Text: words of the name, surnames or document, in any order, with or
	// without accents ("lopez garcia juan", "12345678z").
	Text string
	Kind string // KindPerson, KindLegal or "" for both
	// Limit caps the result; 0 means 50.
	Limit int
}

// Find returns the parties of entityID (not merged) matching q, by surname
// and name; engine is the database's (the search differs per engine).
func Find(ctx context.Context, dbq db.Queryer, engine db.Engine, entityID string, q Query) ([]Party, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	list, _, err := listParties(ctx, dbq, engine, entityID, Filter{Words: searchWords(q.Text), Kind: q.Kind}, limit, 0)
	return list, err
}

// Upsert finds p's person by document (when p has one) and updates the
// data p brings (names, birth date, contact and address fields that are
// not empty), or creates p when there is none. It returns the party as
// stored and whether it was created.
func Upsert(ctx context.Context, q db.Queryer, p Party) (Party, bool, error) {
	if p.DocNumber != "" {
		t, n, err := CheckDocument(p.Kind, p.DocType, p.DocNumber)
		if err == nil {
			p.DocType, p.DocNumber = t, n
			old, err := ByDocument(ctx, q, p.EntityID, n)
			switch {
			case err == nil:
				merged := overlay(old, p)
				out, err := Update(ctx, q, merged)
				return out, false, err
			case !errors.Is(err, db.ErrNotFound):
				return p, false, err
			}
		}
	}
	out, err := Create(ctx, q, p)
	return out, err == nil, err
}

// overlay copies onto old the non-empty fields of p.
func overlay(old, p Party) Party {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&old.Name, p.Name)
	set(&old.Surname1, p.Surname1)
	set(&old.Surname2, p.Surname2)
	set(&old.DocCountry, p.DocCountry)
	set(&old.Email, p.Email)
	set(&old.Phone, p.Phone)
	set(&old.Notes, p.Notes)
	if p.BirthDate != nil {
		old.BirthDate = p.BirthDate
	}
	if p.ElectronicNotification {
		old.ElectronicNotification = true
	}
	if p.DwellingID != "" || p.AddressText != "" {
		old.DwellingID, old.AddressText, old.PostalCode, old.Town, old.Province, old.CountryCode =
			p.DwellingID, p.AddressText, p.PostalCode, p.Town, p.Province, p.CountryCode
	}
	return old
}

// InsertMany writes already valid parties in bulk (demo data, imports)
// inside tx, filling search_text and sort_name; ids and timestamps must be
// set. It skips Check: run it first on data from outside. On SQLite it
// uses one prepared statement per row, on PostgreSQL multi-row INSERTs.
// The possible duplicates of their entities are compared again later, all
// at once (checkDuplicates), not row by row.
func InsertMany(ctx context.Context, tx *sql.Tx, engine db.Engine, list []Party) error {
	if err := db.InsertRows(ctx, tx, engine, "parties", insertCols, len(list), func(i int) []any { return values(list[i]) }); err != nil {
		return err
	}
	var entities []string
	for _, p := range list {
		if !slices.Contains(entities, p.EntityID) {
			entities = append(entities, p.EntityID)
		}
	}
	return uncheckDuplicates(ctx, tx, entities)
}

// Similar returns the parties of entityID (not merged, other than p itself)
// that may be the same as p: the same document number, or a similar name
// and the same birth date.
func Similar(ctx context.Context, q db.Queryer, p Party) ([]Party, error) {
	var out []Party
	seen := map[string]bool{p.ID: true}
	if n := normDoc(p.DocNumber); n != "" {
		list, err := byDocument(ctx, q, p.EntityID, n)
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
	}
	if p.BirthDate != nil {
		list, err := byBirthDate(ctx, q, p.EntityID, *p.BirthDate)
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			if !seen[o.ID] && similarNames(p, o) {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// MergeHook moves another module's links from the party mergedID to keptID
// when terceros are merged; it runs inside the merge's transaction. The app
// gives New the hooks of the modules that store party ids (links that they
// do not move still reach the kept party through Resolve).
type MergeHook func(ctx context.Context, tx *sql.Tx, entityID, mergedID, keptID string) error

// checkDwelling refuses a dwelling that is not in the entity's callejero.
func checkDwelling(ctx context.Context, q db.Queryer, p Party) error {
	if p.DwellingID == "" {
		return nil
	}
	_, err := territory.DwellingAddress(ctx, q, p.EntityID, p.DwellingID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return fieldError(FieldDwelling, "Elija una vivienda del callejero del municipio.")
	case err != nil:
		return fmt.Errorf("terceros: comprobar la vivienda %s: %w", p.DwellingID, err)
	}
	return nil
}
