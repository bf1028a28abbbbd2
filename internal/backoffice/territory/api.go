package territory

// The functions of this file are what other modules (padrón, tributos,
// registro, portal) use. They take a db.Queryer, so they run inside the
// caller's transaction, and always the entity (the municipality): a row of
// another entity is db.ErrNotFound, as if it did not exist. None of them
// checks permissions or writes audit: the caller does.

import (
	"context"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Madrid even where the system has no zoneinfo

	"concejo/internal/platform/db"
)

// DwellingAddress returns the dwelling dwellingID of entityID with its
// address, street (current name), núcleo and sección, ready to print
// (Address.Line, Address.Full) or to code (INE street code, núcleo code,
// district and section). A dwelling that does not exist, or belongs to
// another entity, is db.ErrNotFound.
func DwellingAddress(ctx context.Context, q db.Queryer, entityID, dwellingID string) (Address, error) {
	a, err := scanAddress(q.QueryRowContext(ctx, `SELECT `+addressCols+addressFrom+` WHERE d.entity_id = $1 AND d.id = $2`,
		entityID, dwellingID))
	return a, db.NotFound(err)
}

// DwellingAddresses is DwellingAddress for many dwellings at once (lists,
// collective certificates, INE files): the map holds the ones found.
func DwellingAddresses(ctx context.Context, q db.Queryer, entityID string, dwellingIDs []string) (map[string]Address, error) {
	out := make(map[string]Address, len(dwellingIDs))
	for lo := 0; lo < len(dwellingIDs); lo += 500 {
		chunk := dwellingIDs[lo:min(lo+500, len(dwellingIDs))]
		var w db.Where
		w.Add("d.entity_id = ?", entityID)
		w.In("d.id", chunk)
		list, err := db.Collect(ctx, q, scanAddress, `SELECT `+addressCols+addressFrom+w.SQL(), w.Args...)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			out[a.DwellingID] = a
		}
	}
	return out, nil
}

// Place is where a dwelling lies: its núcleo and its census section.
type Place struct {
	NucleusID, NucleusName string
	SectionID              string
	// District and Section are the section's codes (2 and 3 digits).
	District, Section string
}

// SectionCode is the section as "district-section" ("01-002").
func (p Place) SectionCode() string { return p.District + "-" + p.Section }

// DwellingPlaces returns, in one query, the place of every dwelling of
// entityID (given de baja or not), by dwelling id: what the padrón counts
// its inhabitants by.
func DwellingPlaces(ctx context.Context, q db.Queryer, entityID string) (map[string]Place, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, n.id, n.name, c.id, c.district, c.section FROM dwellings d
		JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
		JOIN nuclei n ON n.entity_id = a.entity_id AND n.id = a.nucleus_id
		JOIN census_sections c ON c.entity_id = a.entity_id AND c.id = a.section_id
		WHERE d.entity_id = $1`, entityID)
	if err != nil {
		return nil, fmt.Errorf("territorio: leer dónde están las viviendas de la entidad %s: %w", entityID, err)
	}
	defer rows.Close()
	out := map[string]Place{}
	for rows.Next() {
		var id string
		var p Place
		if err := rows.Scan(&id, &p.NucleusID, &p.NucleusName, &p.SectionID, &p.District, &p.Section); err != nil {
			return nil, fmt.Errorf("territorio: leer dónde están las viviendas de la entidad %s: %w", entityID, err)
		}
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("territorio: leer dónde están las viviendas de la entidad %s: %w", entityID, err)
	}
	return out, nil
}

// DwellingQuery selects dwellings for a picker or a list. Empty fields do not filter.
type DwellingQuery struct {
	// Text is what the user typed: words of the street name (accents and
	// order do not matter) and, optionally, a number ("mayor 5", "5 mayor").
	Text      string
	StreetID  string
	AddressID string
	SectionID string
	NucleusID string
	// ActiveOnly leaves out dwellings (or addresses) given de baja.
	ActiveOnly bool
	// Limit caps the result; 0 means 50. Use AllDwellings for everything.
	Limit int
}

// FindDwellings returns the dwellings of entityID matching f, ordered by
// street name, number, letter, stair, floor and door.
func FindDwellings(ctx context.Context, q db.Queryer, entityID string, f DwellingQuery) ([]Address, error) {
	w := &db.Where{}
	w.Add("d.entity_id = ?", entityID)
	for _, word := range words(f.Text) {
		if n, err := strconv.Atoi(word); err == nil && len(word) <= 5 {
			w.Add("a.number = ?", n)
			continue
		}
		w.Add(w.Contains("s.search_text", word))
	}
	for col, v := range map[string]string{"s.id": f.StreetID, "a.id": f.AddressID, "a.section_id": f.SectionID, "a.nucleus_id": f.NucleusID} {
		if v != "" {
			w.Add(col+" = ?", v)
		}
	}
	if f.ActiveOnly {
		w.Add("d.active = ?", true)
		w.Add("a.active = ?", true)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	return db.Collect(ctx, q, scanAddress, `SELECT `+addressCols+addressFrom+w.SQL()+
		` ORDER BY s.search_text, s.id, CASE WHEN a.number IS NULL THEN 1 ELSE 0 END, a.number, a.letter, a.km, a.block,
		a.portal, d.stair, d.floor, d.door, d.id LIMIT `+w.Arg(limit), w.Args...)
}

// AllDwellings returns every active dwelling of entityID, ordered by
// section, street code, number and dwelling: what a bulk job (the padrón
// demo, an INE file) walks through.
func AllDwellings(ctx context.Context, q db.Queryer, entityID string) ([]Address, error) {
	return db.Collect(ctx, q, scanAddress, `SELECT `+addressCols+addressFrom+` WHERE d.entity_id = $1 AND d.active = $2
		ORDER BY c.district, c.section, s.ine_code, CASE WHEN a.number IS NULL THEN 1 ELSE 0 END, a.number, a.letter,
		d.stair, d.floor, d.door, d.id`, entityID, true)
}

// Nuclei lists the núcleos and diseminados of entityID by INE code, with
// their number of dwellings.
func Nuclei(ctx context.Context, q db.Queryer, entityID string) ([]Nucleus, error) {
	return listNuclei(ctx, q, entityID)
}

// Sections lists the census sections of entityID by district and section,
// with their numbers of dwellings and streets.
func Sections(ctx context.Context, q db.Queryer, entityID string) ([]Section, error) {
	return listSections(ctx, q, entityID)
}

// Streets lists the streets of entityID that exist today, by name, with
// the sections they cross.
func Streets(ctx context.Context, q db.Queryer, entityID string) ([]Street, error) {
	list, _, err := listStreets(ctx, q, entityID, StreetFilter{}, 0, 0)
	return list, err
}

// StreetByINECode returns the street of entityID with the 5-digit INE street
// code (db.ErrNotFound when there is none), as INE files name streets.
func StreetByINECode(ctx context.Context, q db.Queryer, entityID, code string) (Street, error) {
	s, err := scanStreet(q.QueryRowContext(ctx, `SELECT `+streetCols+` FROM streets s WHERE s.entity_id = $1 AND s.ine_code = $2`,
		entityID, code))
	return s, db.NotFound(err)
}

// StreetNameAt returns the name streetID had on day at (streets are renamed
// by dated change): for historical certificates. db.ErrNotFound when the
// street did not exist then.
func StreetNameAt(ctx context.Context, q db.Queryer, entityID, streetID string, at time.Time) (StreetName, error) {
	n, err := scanStreetName(q.QueryRowContext(ctx, `SELECT valid_from, valid_to, type_code, name, reason, created_at, created_by
		FROM street_names WHERE entity_id = $1 AND street_id = $2 AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)
		ORDER BY valid_from DESC LIMIT 1`, entityID, streetID, Day(at)))
	return n, db.NotFound(err)
}

// Counts are the sizes of an entity's callejero.
type Counts struct {
	Nuclei, Sections, Streets, Addresses, Dwellings int
}

// CountsOf returns the sizes of entityID's callejero.
func CountsOf(ctx context.Context, q db.Queryer, entityID string) (Counts, error) {
	var c Counts
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM nuclei WHERE entity_id = $1),
		(SELECT COUNT(*) FROM census_sections WHERE entity_id = $1),
		(SELECT COUNT(*) FROM streets WHERE entity_id = $1 AND valid_to IS NULL),
		(SELECT COUNT(*) FROM addresses WHERE entity_id = $1),
		(SELECT COUNT(*) FROM dwellings WHERE entity_id = $1)`, entityID).
		Scan(&c.Nuclei, &c.Sections, &c.Streets, &c.Addresses, &c.Dwellings)
	return c, err
}

// Day is t's calendar day in Europe/Madrid as UTC midnight: how the
// callejero stores dates (valid_from, valid_to).
func Day(t time.Time) time.Time {
	y, m, d := t.In(madrid).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var madrid = func() *time.Location {
	l, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.UTC
	}
	return l
}()
