package territory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"concejo/internal/platform/db"
)

// ---- Scanning ----

const nucleusCols = `n.entity_id, n.id, n.ine_code, n.name, n.kind, n.singular_name, n.collective_name,
	COALESCE(n.elm_entity_id, ''), n.active, n.created_at, n.updated_at`

func scanNucleus(sc db.Scanner) (Nucleus, error) {
	var n Nucleus
	err := sc.Scan(&n.EntityID, &n.ID, &n.INECode, &n.Name, &n.Kind, &n.SingularName, &n.CollectiveName,
		&n.ELMEntityID, &n.Active, &n.CreatedAt, &n.UpdatedAt)
	return n, err
}

const sectionCols = `c.entity_id, c.id, c.district, c.section, c.name, c.active, c.created_at`

func scanSection(sc db.Scanner) (Section, error) {
	var s Section
	err := sc.Scan(&s.EntityID, &s.ID, &s.District, &s.Section, &s.Name, &s.Active, &s.CreatedAt)
	return s, err
}

const streetCols = `s.entity_id, s.id, s.ine_code, s.type_code, s.name, s.valid_from, s.valid_to, s.created_at, s.updated_at`

func scanStreet(sc db.Scanner, extra ...any) (Street, error) {
	var s Street
	var to sql.NullTime
	dest := append([]any{&s.EntityID, &s.ID, &s.INECode, &s.TypeCode, &s.Name, &s.ValidFrom, &to, &s.CreatedAt, &s.UpdatedAt}, extra...)
	err := sc.Scan(dest...)
	if to.Valid {
		t := to.Time
		s.ValidTo = &t
	}
	return s, err
}

// addressCols and addressFrom select a dwelling with its address, street,
// núcleo and section (aliases d, a, s, n, c).
const addressCols = `d.entity_id, d.id, a.id, s.id, s.ine_code, s.type_code, s.name, a.number, a.letter, a.km,
	a.block, a.portal, d.stair, d.floor, d.door, d.kind, n.id, n.ine_code, n.name, c.id, c.district, c.section,
	a.postal_code, CASE WHEN d.cadastral_ref <> '' THEN d.cadastral_ref ELSE a.cadastral_ref END, a.lat, a.lon,
	d.active, a.active`

const addressFrom = ` FROM dwellings d
	JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
	JOIN streets s ON s.entity_id = a.entity_id AND s.id = a.street_id
	JOIN nuclei n ON n.entity_id = a.entity_id AND n.id = a.nucleus_id
	JOIN census_sections c ON c.entity_id = a.entity_id AND c.id = a.section_id`

func scanAddress(sc db.Scanner) (Address, error) {
	var a Address
	var num, lat, lon sql.NullInt64
	var dActive, aActive bool
	err := sc.Scan(&a.EntityID, &a.DwellingID, &a.AddressID, &a.StreetID, &a.StreetINECode, &a.StreetType, &a.StreetName,
		&num, &a.Letter, &a.Km, &a.Block, &a.Portal, &a.Stair, &a.Floor, &a.Door, &a.DwellingKind, &a.NucleusID,
		&a.NucleusCode, &a.NucleusName, &a.SectionID, &a.District, &a.Section, &a.PostalCode, &a.CadastralRef,
		&lat, &lon, &dActive, &aActive)
	fillAddress(&a, num, lat, lon)
	a.Active = dActive && aActive
	return a, err
}

// portalCols and portalFrom select an address (no dwelling) the same way.
const portalCols = `a.entity_id, '', a.id, s.id, s.ine_code, s.type_code, s.name, a.number, a.letter, a.km,
	a.block, a.portal, '', '', '', '', n.id, n.ine_code, n.name, c.id, c.district, c.section,
	a.postal_code, a.cadastral_ref, a.lat, a.lon, a.active, a.active`

const portalFrom = ` FROM addresses a
	JOIN streets s ON s.entity_id = a.entity_id AND s.id = a.street_id
	JOIN nuclei n ON n.entity_id = a.entity_id AND n.id = a.nucleus_id
	JOIN census_sections c ON c.entity_id = a.entity_id AND c.id = a.section_id`

func fillAddress(a *Address, num, lat, lon sql.NullInt64) {
	if num.Valid {
		n := int(num.Int64)
		a.Number = &n
	}
	if lat.Valid && lon.Valid {
		la, lo := float64(lat.Int64)/1e6, float64(lon.Int64)/1e6
		a.Lat, a.Lon = &la, &lo
	}
}

// micro turns a coordinate into millionths of a degree (NULL when nil).
func micro(f *float64) any {
	if f == nil {
		return nil
	}
	if *f >= 0 {
		return int64(*f*1e6 + 0.5)
	}
	return int64(*f*1e6 - 0.5)
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// ---- Reads ----

// callejeroSizes returns, in one query, the number of streets (that exist
// today) and of dwellings of every entity that has a callejero (some
// núcleo), by entity id (Name left empty).
func callejeroSizes(ctx context.Context, q db.Queryer) (map[string]entityCount, error) {
	list, err := db.Collect(ctx, q, func(sc db.Scanner) (entityCount, error) {
		var e entityCount
		err := sc.Scan(&e.ID, &e.Streets, &e.Dwellings)
		return e, err
	}, `SELECT n.entity_id,
		(SELECT COUNT(*) FROM streets s WHERE s.entity_id = n.entity_id AND s.valid_to IS NULL),
		(SELECT COUNT(*) FROM dwellings d WHERE d.entity_id = n.entity_id)
		FROM (SELECT DISTINCT entity_id FROM nuclei) n`)
	if err != nil {
		return nil, fmt.Errorf("territorio: contar los callejeros de las entidades: %w", err)
	}
	out := make(map[string]entityCount, len(list))
	for _, e := range list {
		out[e.ID] = e
	}
	return out, nil
}

func listNuclei(ctx context.Context, q db.Queryer, entityID string) ([]Nucleus, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Nucleus, error) {
		var n Nucleus
		err := sc.Scan(&n.EntityID, &n.ID, &n.INECode, &n.Name, &n.Kind, &n.SingularName, &n.CollectiveName,
			&n.ELMEntityID, &n.Active, &n.CreatedAt, &n.UpdatedAt, &n.Dwellings)
		return n, err
	}, `SELECT `+nucleusCols+`, (SELECT COUNT(*) FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id
		AND a.id = d.address_id WHERE a.entity_id = n.entity_id AND a.nucleus_id = n.id)
		FROM nuclei n WHERE n.entity_id = $1 ORDER BY n.ine_code, n.id`, entityID)
	if err != nil {
		return nil, fmt.Errorf("territorio: leer los núcleos de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

func getNucleus(ctx context.Context, q db.Queryer, entityID, id string) (Nucleus, error) {
	n, err := scanNucleus(q.QueryRowContext(ctx, `SELECT `+nucleusCols+` FROM nuclei n WHERE n.entity_id = $1 AND n.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return n, fmt.Errorf("territorio: leer el núcleo %s: %w", id, err)
	}
	return n, nil
}

func listSections(ctx context.Context, q db.Queryer, entityID string) ([]Section, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (Section, error) {
		var s Section
		err := sc.Scan(&s.EntityID, &s.ID, &s.District, &s.Section, &s.Name, &s.Active, &s.CreatedAt, &s.Dwellings, &s.Streets)
		return s, err
	}, `SELECT `+sectionCols+`, (SELECT COUNT(*) FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id
		AND a.id = d.address_id WHERE a.entity_id = c.entity_id AND a.section_id = c.id),
		(SELECT COUNT(*) FROM street_sections ss WHERE ss.entity_id = c.entity_id AND ss.section_id = c.id)
		FROM census_sections c WHERE c.entity_id = $1 ORDER BY c.district, c.section`, entityID)
	if err != nil {
		return nil, fmt.Errorf("territorio: leer las secciones de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

func getSection(ctx context.Context, q db.Queryer, entityID, id string) (Section, error) {
	s, err := scanSection(q.QueryRowContext(ctx, `SELECT `+sectionCols+` FROM census_sections c WHERE c.entity_id = $1 AND c.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return s, fmt.Errorf("territorio: leer la sección %s: %w", id, err)
	}
	return s, nil
}

func getStreet(ctx context.Context, q db.Queryer, entityID, id string) (Street, error) {
	s, err := scanStreet(q.QueryRowContext(ctx, `SELECT `+streetCols+` FROM streets s WHERE s.entity_id = $1 AND s.id = $2`, entityID, id))
	if err := db.NotFound(err); err != nil {
		return s, fmt.Errorf("territorio: leer la vía %s: %w", id, err)
	}
	return s, nil
}

// StreetFilter selects and orders the street list.
type StreetFilter struct {
	Words     []string // folded words, all of which the name must contain
	SectionID string
	All       bool   // include streets that no longer exist
	Sort      string // "" name, "ine" code
	Page      int
}

func streetWhere(entityID string, f StreetFilter) *db.Where {
	w := &db.Where{}
	w.Add("s.entity_id = ?", entityID)
	for _, word := range f.Words {
		w.Add(w.Contains("s.search_text", word))
	}
	if f.SectionID != "" {
		w.Add("EXISTS (SELECT 1 FROM street_sections ss WHERE ss.entity_id = s.entity_id AND ss.street_id = s.id AND ss.section_id = ?)", f.SectionID)
	}
	if !f.All {
		w.Add("s.valid_to IS NULL")
	}
	return w
}

// listStreets returns a page of streets (limit 0 = all) with their counts, and the total.
func listStreets(ctx context.Context, q db.Queryer, entityID string, f StreetFilter, limit, offset int) ([]Street, int, error) {
	w := streetWhere(entityID, f)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM streets s`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("territorio: listar las vías de la entidad %s: %w", entityID, err)
	}
	order := " ORDER BY s.search_text, s.id"
	if f.Sort == "ine" {
		order = " ORDER BY s.ine_code, s.id"
	}
	query := `SELECT ` + streetCols + `,
		(SELECT COUNT(*) FROM addresses a WHERE a.entity_id = s.entity_id AND a.street_id = s.id),
		(SELECT COUNT(*) FROM dwellings d JOIN addresses a ON a.entity_id = d.entity_id AND a.id = d.address_id
			WHERE a.entity_id = s.entity_id AND a.street_id = s.id),
		(SELECT COUNT(*) FROM street_names sn WHERE sn.entity_id = s.entity_id AND sn.street_id = s.id)
		FROM streets s` + w.SQL() + order
	if limit > 0 {
		query += " LIMIT " + w.Arg(limit) + " OFFSET " + w.Arg(offset)
	}
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (Street, error) {
		var addresses, dwellings, names int
		st, err := scanStreet(sc, &addresses, &dwellings, &names)
		st.Addresses, st.Dwellings, st.NameCount = addresses, dwellings, names
		return st, err
	}, query, w.Args...)
	if err != nil {
		return out, total, fmt.Errorf("territorio: listar las vías de la entidad %s: %w", entityID, err)
	}
	if len(out) == 0 {
		return out, total, nil
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	secs, err := sectionsOfStreets(ctx, q, entityID, ids)
	for i := range out {
		out[i].Sections = secs[out[i].ID]
	}
	return out, total, err
}

// sectionsOfStreets returns the sections each street crosses.
func sectionsOfStreets(ctx context.Context, q db.Queryer, entityID string, streetIDs []string) (map[string][]Section, error) {
	var w db.Where
	w.Add("ss.entity_id = ?", entityID)
	w.In("ss.street_id", streetIDs)
	rows, err := q.QueryContext(ctx, `SELECT ss.street_id, `+sectionCols+` FROM street_sections ss
		JOIN census_sections c ON c.entity_id = ss.entity_id AND c.id = ss.section_id`+w.SQL()+
		` ORDER BY c.district, c.section`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("territorio: leer las secciones de %d vías: %w", len(streetIDs), err)
	}
	defer rows.Close()
	out := map[string][]Section{}
	for rows.Next() {
		var sid string
		var s Section
		if err := rows.Scan(&sid, &s.EntityID, &s.ID, &s.District, &s.Section, &s.Name, &s.Active, &s.CreatedAt); err != nil {
			return nil, fmt.Errorf("territorio: leer las secciones de %d vías: %w", len(streetIDs), err)
		}
		out[sid] = append(out[sid], s)
	}
	return out, rows.Err()
}

func streetNames(ctx context.Context, q db.Queryer, entityID, streetID string) ([]StreetName, error) {
	return db.Collect(ctx, q, scanStreetName, `SELECT valid_from, valid_to, type_code, name, reason, created_at, created_by
		FROM street_names WHERE entity_id = $1 AND street_id = $2 ORDER BY valid_from DESC`, entityID, streetID)
}

func scanStreetName(sc db.Scanner) (StreetName, error) {
	var n StreetName
	var to sql.NullTime
	err := sc.Scan(&n.ValidFrom, &to, &n.TypeCode, &n.Name, &n.Reason, &n.CreatedAt, &n.CreatedBy)
	if to.Valid {
		t := to.Time
		n.ValidTo = &t
	}
	return n, err
}

func streetCodeTaken(ctx context.Context, q db.Queryer, entityID, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM streets WHERE entity_id = $1 AND ine_code = $2`, entityID, code).Scan(&n)
	if err != nil {
		return n > 0, fmt.Errorf("territorio: comprobar el código de vía %q: %w", code, err)
	}
	return n > 0, nil
}

// nextStreetCode is the next free 5-digit INE street code of the entity.
func nextStreetCode(ctx context.Context, q db.Queryer, entityID string) (string, error) {
	var max sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT MAX(ine_code) FROM streets WHERE entity_id = $1`, entityID).Scan(&max); err != nil {
		return "", fmt.Errorf("territorio: numerar una vía de la entidad %s: %w", entityID, err)
	}
	n := 0
	for _, c := range max.String {
		if c < '0' || c > '9' {
			n = -1
			break
		}
		n = n*10 + int(c-'0')
	}
	if n < 0 || n >= 99999 {
		return "", nil
	}
	return pad(n+1, 5), nil
}

func pad(n, width int) string {
	s := strings.Repeat("0", width) + itoa(n)
	return s[len(s)-width:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func getPortal(ctx context.Context, q db.Queryer, entityID, addressID string) (Address, error) {
	a, err := scanAddress(q.QueryRowContext(ctx, `SELECT `+portalCols+portalFrom+` WHERE a.entity_id = $1 AND a.id = $2`, entityID, addressID))
	if err := db.NotFound(err); err != nil {
		return a, fmt.Errorf("territorio: leer el portal %s: %w", addressID, err)
	}
	return a, nil
}

func portalsOfStreet(ctx context.Context, q db.Queryer, entityID, streetID string) ([]Address, error) {
	return db.Collect(ctx, q, scanAddress, `SELECT `+portalCols+portalFrom+` WHERE a.entity_id = $1 AND a.street_id = $2
		ORDER BY CASE WHEN a.number IS NULL THEN 1 ELSE 0 END, a.number, a.letter, a.km, a.block, a.portal, a.id`, entityID, streetID)
}

func dwellingsOfPortal(ctx context.Context, q db.Queryer, entityID, addressID string) ([]Address, error) {
	return db.Collect(ctx, q, scanAddress, `SELECT `+addressCols+addressFrom+` WHERE d.entity_id = $1 AND d.address_id = $2
		ORDER BY d.stair, d.floor, d.door, d.id`, entityID, addressID)
}

// dwellingCountsOf counts the dwellings of each address of a street.
func dwellingCountsOf(ctx context.Context, q db.Queryer, entityID, streetID string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.address_id, COUNT(*) FROM dwellings d JOIN addresses a
		ON a.entity_id = d.entity_id AND a.id = d.address_id WHERE a.entity_id = $1 AND a.street_id = $2
		GROUP BY d.address_id`, entityID, streetID)
	if err != nil {
		return nil, fmt.Errorf("territorio: contar las viviendas de la vía %s: %w", streetID, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("territorio: contar las viviendas de la vía %s: %w", streetID, err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ---- Writes ----

func insertNucleus(ctx context.Context, q db.Queryer, n Nucleus) error {
	_, err := q.ExecContext(ctx, `INSERT INTO nuclei (entity_id, id, ine_code, name, search_text, kind, singular_name,
		collective_name, elm_entity_id, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		n.EntityID, n.ID, n.INECode, n.Name, fold(n.Name), n.Kind, n.SingularName, n.CollectiveName, db.NullString(n.ELMEntityID),
		n.Active, n.CreatedAt, n.UpdatedAt)
	if err != nil {
		return fmt.Errorf("territorio: guardar el núcleo %s: %w", n.ID, err)
	}
	return nil
}

func updateNucleus(ctx context.Context, q db.Queryer, n Nucleus) error {
	res, err := q.ExecContext(ctx, `UPDATE nuclei SET name = $1, search_text = $2, kind = $3, singular_name = $4,
		collective_name = $5, active = $6, updated_at = $7 WHERE entity_id = $8 AND id = $9`,
		n.Name, fold(n.Name), n.Kind, n.SingularName, n.CollectiveName, n.Active, n.UpdatedAt, n.EntityID, n.ID)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("territorio: modificar el núcleo %s: %w", n.ID, err)
	}
	return nil
}

func insertSection(ctx context.Context, q db.Queryer, s Section) error {
	_, err := q.ExecContext(ctx, `INSERT INTO census_sections (entity_id, id, district, section, name, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.EntityID, s.ID, s.District, s.Section, s.Name, s.Active, s.CreatedAt)
	if err != nil {
		return fmt.Errorf("territorio: guardar la sección %s: %w", s.ID, err)
	}
	return nil
}

// insertStreet writes a new street and its first name.
func insertStreet(ctx context.Context, q db.Queryer, s Street, by string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO streets (entity_id, id, ine_code, type_code, name, search_text, valid_from,
		valid_to, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)`,
		s.EntityID, s.ID, s.INECode, s.TypeCode, s.Name, streetSearch(s.TypeCode, s.Name), s.ValidFrom, s.CreatedAt, s.UpdatedAt); err != nil {
		return fmt.Errorf("territorio: guardar la vía %s: %w", s.ID, err)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO street_names (entity_id, street_id, valid_from, valid_to, type_code, name,
		search_text, reason, created_at, created_by) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9)`,
		s.EntityID, s.ID, s.ValidFrom, s.TypeCode, s.Name, streetSearch(s.TypeCode, s.Name), "Alta de la vía", s.CreatedAt, by)
	if err != nil {
		return fmt.Errorf("territorio: guardar la vía %s: %w", s.ID, err)
	}
	return nil
}

// renameStreet closes the name in force and adds the new one from n.ValidFrom.
func renameStreet(ctx context.Context, q db.Queryer, entityID, streetID string, n StreetName) error {
	if _, err := q.ExecContext(ctx, `UPDATE street_names SET valid_to = $1 WHERE entity_id = $2 AND street_id = $3 AND valid_to IS NULL`,
		n.ValidFrom, entityID, streetID); err != nil {
		return fmt.Errorf("territorio: renombrar la vía %s: %w", streetID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO street_names (entity_id, street_id, valid_from, valid_to, type_code, name,
		search_text, reason, created_at, created_by) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9)`,
		entityID, streetID, n.ValidFrom, n.TypeCode, n.Name, streetSearch(n.TypeCode, n.Name), n.Reason, n.CreatedAt, n.CreatedBy); err != nil {
		return fmt.Errorf("territorio: renombrar la vía %s: %w", streetID, err)
	}
	res, err := q.ExecContext(ctx, `UPDATE streets SET type_code = $1, name = $2, search_text = $3, updated_at = $4
		WHERE entity_id = $5 AND id = $6`, n.TypeCode, n.Name, streetSearch(n.TypeCode, n.Name), n.CreatedAt, entityID, streetID)
	if err := db.Affected(res, err); err != nil {
		return fmt.Errorf("territorio: renombrar la vía %s: %w", streetID, err)
	}
	return nil
}

func addStreetSection(ctx context.Context, q db.Queryer, entityID, streetID, sectionID string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM street_sections WHERE entity_id = $1 AND street_id = $2 AND section_id = $3`,
		entityID, streetID, sectionID).Scan(&n); err != nil {
		return fmt.Errorf("territorio: añadir la sección %s a la vía %s: %w", sectionID, streetID, err)
	}
	if n > 0 {
		return nil
	}
	_, err := q.ExecContext(ctx, `INSERT INTO street_sections (entity_id, street_id, section_id) VALUES ($1, $2, $3)`,
		entityID, streetID, sectionID)
	if err != nil {
		return fmt.Errorf("territorio: añadir la sección %s a la vía %s: %w", sectionID, streetID, err)
	}
	return nil
}

// portalRow is an address as written.
type portalRow struct {
	EntityID, ID, StreetID                     string
	Number                                     *int
	Letter, Km, Block, Portal                  string
	NucleusID, SectionID, PostalCode, Cadastre string
	Lat, Lon                                   *float64
	CreatedAt                                  time.Time
}

func insertPortal(ctx context.Context, q db.Queryer, p portalRow) error {
	_, err := q.ExecContext(ctx, `INSERT INTO addresses (entity_id, id, street_id, number, letter, km, block, portal,
		nucleus_id, section_id, postal_code, cadastral_ref, lat, lon, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		p.EntityID, p.ID, p.StreetID, nullInt(p.Number), p.Letter, p.Km, p.Block, p.Portal, p.NucleusID, p.SectionID,
		p.PostalCode, p.Cadastre, micro(p.Lat), micro(p.Lon), true, p.CreatedAt, p.CreatedAt)
	if err != nil {
		return fmt.Errorf("territorio: guardar el portal %s: %w", p.ID, err)
	}
	return nil
}

// portalExists reports whether the street already has an address with the same number, letter, km, block and portal.
func portalExists(ctx context.Context, q db.Queryer, p portalRow) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM addresses WHERE entity_id = $1 AND street_id = $2
		AND COALESCE(number, -1) = $3 AND letter = $4 AND km = $5 AND block = $6 AND portal = $7`,
		p.EntityID, p.StreetID, numOrMinus(p.Number), p.Letter, p.Km, p.Block, p.Portal).Scan(&n)
	if err != nil {
		return n > 0, fmt.Errorf("territorio: comprobar el portal %s: %w", p.ID, err)
	}
	return n > 0, nil
}

func numOrMinus(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

type dwellingRow struct {
	EntityID, ID, AddressID, Stair, Floor, Door, Kind, Cadastre string
	CreatedAt                                                   time.Time
}

func insertDwelling(ctx context.Context, q db.Queryer, d dwellingRow) error {
	_, err := q.ExecContext(ctx, `INSERT INTO dwellings (entity_id, id, address_id, stair, floor, door, kind, cadastral_ref,
		active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		d.EntityID, d.ID, d.AddressID, d.Stair, d.Floor, d.Door, d.Kind, d.Cadastre, true, d.CreatedAt, d.CreatedAt)
	if err != nil {
		return fmt.Errorf("territorio: guardar la vivienda %s: %w", d.ID, err)
	}
	return nil
}

func dwellingExists(ctx context.Context, q db.Queryer, d dwellingRow) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dwellings WHERE entity_id = $1 AND address_id = $2
		AND stair = $3 AND floor = $4 AND door = $5`, d.EntityID, d.AddressID, d.Stair, d.Floor, d.Door).Scan(&n)
	if err != nil {
		return n > 0, fmt.Errorf("territorio: comprobar la vivienda %s: %w", d.ID, err)
	}
	return n > 0, nil
}
