package census

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/id"
	"concejo/internal/refdata"
)

const inscriptionCols = `entity_id, id, number, party_id, dwelling_id, active, name, surname1, surname2, sex,
	birth_date, birth_province, birth_municipality, nationality, doc_type, doc_number, studies, registered_on,
	alta_cause, left_on, baja_cause, renewal_on, renewal_warned_at, created_at, updated_at`

func scanInscription(s db.Scanner) (Inscription, error) {
	var i Inscription
	var left, renewal, warned sql.NullTime
	err := s.Scan(&i.EntityID, &i.ID, &i.Number, &i.PartyID, &i.DwellingID, &i.Active, &i.Name, &i.Surname1, &i.Surname2,
		&i.Sex, &i.BirthDate, &i.BirthProvince, &i.BirthMunicipality, &i.Nationality, &i.DocType, &i.DocNumber, &i.Studies,
		&i.RegisteredOn, &i.AltaCause, &left, &i.BajaCause, &renewal, &warned, &i.CreatedAt, &i.UpdatedAt)
	i.BirthDate, i.RegisteredOn = i.BirthDate.UTC(), i.RegisteredOn.UTC()
	i.LeftOn, i.RenewalOn, i.RenewalWarnedAt = nullTime(left), nullTime(renewal), nullTime(warned)
	return i, err
}

func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// getInscription returns the inscription id of entityID (db.ErrNotFound
// when it does not exist or is another entity's).
func getInscription(ctx context.Context, q db.Queryer, entityID, inscriptionID string) (Inscription, error) {
	i, err := scanInscription(q.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND id = $2`, entityID, inscriptionID))
	if err := db.NotFound(err); err != nil {
		return i, fmt.Errorf("padrón: leer la inscripción %s: %w", inscriptionID, err)
	}
	return i, nil
}

// activeByDocument returns the active inscription with the document.
func activeByDocument(ctx context.Context, q db.Queryer, entityID, doc string) (Inscription, error) {
	i, err := scanInscription(q.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND doc_number = $2 AND active`, entityID, doc))
	if err := db.NotFound(err); err != nil {
		return i, fmt.Errorf("padrón: buscar la inscripción vigente por documento en la entidad %s: %w", entityID, err)
	}
	return i, nil
}

// activeByParty returns the active inscription of the tercero.
func activeByParty(ctx context.Context, q db.Queryer, entityID, partyID string) (Inscription, error) {
	i, err := scanInscription(q.QueryRowContext(ctx, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND party_id = $2 AND active`, entityID, partyID))
	if err := db.NotFound(err); err != nil {
		return i, fmt.Errorf("padrón: buscar la inscripción vigente del tercero %s: %w", partyID, err)
	}
	return i, nil
}

func nextNumber(ctx context.Context, q db.Queryer, entityID string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM census_inscriptions WHERE entity_id = $1`, entityID).Scan(&n)
	if err != nil {
		return n, fmt.Errorf("padrón: numerar una inscripción de la entidad %s: %w", entityID, err)
	}
	return n, nil
}

func insertInscription(ctx context.Context, q db.Queryer, i Inscription) error {
	args := inscriptionArgs(i)
	_, err := q.ExecContext(ctx, db.InsertSQL("census_inscriptions", inscriptionInsertCols, 1), args...)
	if err != nil {
		return fmt.Errorf("padrón: guardar la inscripción %s: %w", i.ID, err)
	}
	return writeTokens(ctx, q, i)
}

// inscriptionInsertCols are the columns inscriptionArgs gives values for.
var inscriptionInsertCols = append(strings.Split(strings.Join(strings.Fields(inscriptionCols), ""), ","),
	"search_text", "birth_ymd", "sort_key")

func inscriptionArgs(i Inscription) []any {
	return []any{i.EntityID, i.ID, i.Number, i.PartyID, i.DwellingID, i.Active, i.Name, i.Surname1, i.Surname2, i.Sex,
		i.BirthDate.UTC(), i.BirthProvince, i.BirthMunicipality, i.Nationality, i.DocType, i.DocNumber, i.Studies,
		i.RegisteredOn.UTC(), i.AltaCause, timeArg(i.LeftOn), i.BajaCause, timeArg(i.RenewalOn), timeArg(i.RenewalWarnedAt),
		i.CreatedAt.UTC(), i.UpdatedAt.UTC(), searchText(i.data()), ymd(i.BirthDate), sortKey(i.data())}
}

// updateInscription writes every mutable column of i and its search tokens.
func updateInscription(ctx context.Context, q db.Queryer, i Inscription) error {
	// the old tokens are deleted by key: census_search is ordered by token,
	// so deleting by inscription alone would read the entity's every token
	var old string
	if err := q.QueryRowContext(ctx, `SELECT search_text FROM census_inscriptions WHERE entity_id = $1 AND id = $2`,
		i.EntityID, i.ID).Scan(&old); err != nil {
		return fmt.Errorf("padrón: modificar la inscripción %s: %w", i.ID, err)
	}
	_, err := q.ExecContext(ctx, `UPDATE census_inscriptions SET dwelling_id = $3, active = $4, name = $5, surname1 = $6,
		surname2 = $7, sex = $8, birth_date = $9, birth_province = $10, birth_municipality = $11, nationality = $12,
		doc_type = $13, doc_number = $14, studies = $15, left_on = $16, baja_cause = $17, renewal_on = $18,
		renewal_warned_at = $19, updated_at = $20, search_text = $21, birth_ymd = $22, sort_key = $23
		WHERE entity_id = $1 AND id = $2`,
		i.EntityID, i.ID, i.DwellingID, i.Active, i.Name, i.Surname1, i.Surname2, i.Sex, i.BirthDate.UTC(),
		i.BirthProvince, i.BirthMunicipality, i.Nationality, i.DocType, i.DocNumber, i.Studies, timeArg(i.LeftOn),
		i.BajaCause, timeArg(i.RenewalOn), timeArg(i.RenewalWarnedAt), i.UpdatedAt.UTC(), searchText(i.data()), ymd(i.BirthDate), sortKey(i.data()))
	if err != nil {
		return fmt.Errorf("padrón: modificar la inscripción %s: %w", i.ID, err)
	}
	for _, t := range strings.Fields(old) {
		if _, err := q.ExecContext(ctx, `DELETE FROM census_search WHERE entity_id = $1 AND token = $2 AND inscription_id = $3`,
			i.EntityID, t, i.ID); err != nil {
			return fmt.Errorf("padrón: modificar la inscripción %s: %w", i.ID, err)
		}
	}
	return writeTokens(ctx, q, i)
}

// tokens are the words of an inscription kept in census_search: those of
// its name and surnames. The document, a word with digits, is found through
// the index census_inscriptions_doc instead (see tokenIDs), which the
// padrón keeps anyway.
func tokens(d PersonData) []string {
	var out []string
	for _, w := range words(d) {
		if !hasDigit(w) {
			out = append(out, w)
		}
	}
	return out
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// words are the search words of an inscription (its search_text): the
// folded words of its name, surnames and document.
func words(d PersonData) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(refdata.Fold(d.Name+" "+d.Surname1+" "+d.Surname2+" "+d.DocNumber), isSeparator) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func isSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '\'' || r == '.' || r == ',' || r == '\t'
}

func writeTokens(ctx context.Context, q db.Queryer, i Inscription) error {
	for _, t := range tokens(i.data()) {
		if _, err := q.ExecContext(ctx, `INSERT INTO census_search (entity_id, token, inscription_id) VALUES ($1, $2, $3)`,
			i.EntityID, t, i.ID); err != nil {
			return fmt.Errorf("padrón: indexar la inscripción %s: %w", i.ID, err)
		}
	}
	return nil
}

// Residence is a period of residence in a dwelling.
type Residence struct {
	ID, InscriptionID, DwellingID string
	From, To                      time.Time
	Address                       string
}

func insertResidence(ctx context.Context, q db.Queryer, i Inscription, from time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO census_residences (entity_id, id, inscription_id, dwelling_id, valid_from,
		sex, birth_ymd, nationality, birth_province, birth_municipality) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		i.EntityID, id.New(), i.ID, i.DwellingID, from.UTC(), i.Sex, ymd(i.BirthDate), i.Nationality, i.BirthProvince,
		i.BirthMunicipality)
	if err != nil {
		return fmt.Errorf("padrón: guardar la residencia de la inscripción %s: %w", i.ID, err)
	}
	return nil
}

// syncResidences copies the person's data of i to its residences.
func syncResidences(ctx context.Context, q db.Queryer, i Inscription) error {
	_, err := q.ExecContext(ctx, `UPDATE census_residences SET sex = $3, birth_ymd = $4, nationality = $5, birth_province = $6,
		birth_municipality = $7 WHERE entity_id = $1 AND inscription_id = $2`,
		i.EntityID, i.ID, i.Sex, ymd(i.BirthDate), i.Nationality, i.BirthProvince, i.BirthMunicipality)
	if err != nil {
		return fmt.Errorf("padrón: actualizar las residencias de la inscripción %s: %w", i.ID, err)
	}
	return nil
}

func closeResidence(ctx context.Context, q db.Queryer, entityID, inscriptionID string, to time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE census_residences SET valid_to = $3
		WHERE entity_id = $1 AND inscription_id = $2 AND valid_to IS NULL`, entityID, inscriptionID, to.UTC())
	if err != nil {
		return fmt.Errorf("padrón: cerrar la residencia de la inscripción %s: %w", inscriptionID, err)
	}
	return nil
}

func residencesOf(ctx context.Context, q db.Queryer, entityID, inscriptionID string) ([]Residence, error) {
	rows, err := db.Collect(ctx, q, func(s db.Scanner) (Residence, error) {
		var r Residence
		var to sql.NullTime
		err := s.Scan(&r.ID, &r.InscriptionID, &r.DwellingID, &r.From, &to)
		r.From, r.To = r.From.UTC(), nullTime(to)
		return r, err
	}, `SELECT id, inscription_id, dwelling_id, valid_from, valid_to FROM census_residences
		WHERE entity_id = $1 AND inscription_id = $2 ORDER BY valid_from, id`, entityID, inscriptionID)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer las residencias de la inscripción %s: %w", inscriptionID, err)
	}
	return rows, nil
}

// Variation is one alta, baja or modificación.
type Variation struct {
	EntityID, ID, InscriptionID string
	Kind, Cause                 string
	EffectiveOn                 time.Time
	Document, Notes, Origin     string
	DwellingID                  string
	PlaceProvince               string
	PlaceMunicipality           string
	Before, After               string
	INEFileID, INEState         string
	INECode                     string
	// DocumentFileID is the justificante attached (census_documents), or "".
	DocumentFileID           string
	RecordedAt               time.Time
	RecordedBy, RecorderName string
}

// KindName names the kind of variation.
func (v Variation) KindName() string {
	switch v.Kind {
	case "A":
		return "Alta"
	case "B":
		return "Baja"
	}
	return "Modificación"
}

// CauseName names the cause.
func (v Variation) CauseName() string { return causeName(v.Cause) }

const variationCols = `entity_id, id, inscription_id, kind, cause, effective_on, document, notes, origin, dwelling_id,
	place_province, place_municipality, before_data, after_data, COALESCE(ine_file_id, ''), ine_state, ine_code, recorded_at, recorded_by, recorder_name, document_file_id`

func scanVariation(s db.Scanner) (Variation, error) {
	var v Variation
	err := s.Scan(&v.EntityID, &v.ID, &v.InscriptionID, &v.Kind, &v.Cause, &v.EffectiveOn, &v.Document, &v.Notes,
		&v.Origin, &v.DwellingID, &v.PlaceProvince, &v.PlaceMunicipality, &v.Before, &v.After, &v.INEFileID, &v.INEState, &v.INECode, &v.RecordedAt,
		&v.RecordedBy, &v.RecorderName, &v.DocumentFileID)
	v.EffectiveOn, v.RecordedAt = v.EffectiveOn.UTC(), v.RecordedAt.UTC()
	return v, err
}

func insertVariation(ctx context.Context, q db.Queryer, v Variation) error {
	var file any
	if v.INEFileID != "" {
		file = v.INEFileID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO census_variations (entity_id, id, inscription_id, kind, cause, effective_on,
		document, notes, origin, dwelling_id, place_province, place_municipality, before_data, after_data, ine_file_id,
		ine_state, ine_code, recorded_at, recorded_by, recorder_name, document_file_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		v.EntityID, v.ID, v.InscriptionID, v.Kind, v.Cause, v.EffectiveOn.UTC(), v.Document, v.Notes, v.Origin,
		v.DwellingID, v.PlaceProvince, v.PlaceMunicipality, v.Before, v.After, file, v.INEState, v.INECode, v.RecordedAt.UTC(),
		v.RecordedBy, v.RecorderName, v.DocumentFileID)
	if err != nil {
		return fmt.Errorf("padrón: guardar la variación %s: %w", v.ID, err)
	}
	return nil
}

func variationsOf(ctx context.Context, q db.Queryer, entityID, inscriptionID string) ([]Variation, error) {
	return db.Collect(ctx, q, scanVariation, `SELECT `+variationCols+` FROM census_variations
		WHERE entity_id = $1 AND inscription_id = $2 ORDER BY recorded_at, id`, entityID, inscriptionID)
}

// household returns the active inscriptions of a dwelling.
func household(ctx context.Context, q db.Queryer, entityID, dwellingID string) ([]Inscription, error) {
	return db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions
		WHERE entity_id = $1 AND dwelling_id = $2 AND active ORDER BY birth_date, id`, entityID, dwellingID)
}

// residentsIn returns the active inscriptions of each of the dwellings,
// eldest first.
func residentsIn(ctx context.Context, q db.Queryer, entityID string, dwellingIDs []string) (map[string][]Inscription, error) {
	w := &db.Where{}
	w.Add("entity_id = ?", entityID)
	w.Add("active")
	w.In("dwelling_id", dwellingIDs)
	list, err := db.Collect(ctx, q, scanInscription, `SELECT `+inscriptionCols+` FROM census_inscriptions`+w.SQL()+
		` ORDER BY birth_date, id`, w.Args...)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer quién vive en %d viviendas: %w", len(dwellingIDs), err)
	}
	out := map[string][]Inscription{}
	for _, i := range list {
		out[i.DwellingID] = append(out[i.DwellingID], i)
	}
	return out, nil
}

// formerResidents returns the inscriptions that lived in the dwelling and
// no longer do, with the period.
func formerResidents(ctx context.Context, q db.Queryer, entityID, dwellingID string) ([]Residence, error) {
	rows, err := db.Collect(ctx, q, func(s db.Scanner) (Residence, error) {
		var r Residence
		var to sql.NullTime
		err := s.Scan(&r.ID, &r.InscriptionID, &r.DwellingID, &r.From, &to)
		r.From, r.To = r.From.UTC(), nullTime(to)
		return r, err
	}, `SELECT id, inscription_id, dwelling_id, valid_from, valid_to FROM census_residences
		WHERE entity_id = $1 AND dwelling_id = $2 AND valid_to IS NOT NULL ORDER BY valid_to DESC, id`, entityID, dwellingID)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer los antiguos residentes de la vivienda %s: %w", dwellingID, err)
	}
	return rows, nil
}

// sheetNumber returns the hoja padronal number of a dwelling, creating it.
func sheetNumber(ctx context.Context, q db.Queryer, entityID, dwellingID string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT number FROM census_sheets WHERE entity_id = $1 AND dwelling_id = $2`,
		entityID, dwellingID).Scan(&n)
	if err == nil {
		return n, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("padrón: numerar la hoja de la vivienda %s: %w", dwellingID, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM census_sheets WHERE entity_id = $1`,
		entityID).Scan(&n); err != nil {
		return 0, fmt.Errorf("padrón: numerar la hoja de la vivienda %s: %w", dwellingID, err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO census_sheets (entity_id, dwelling_id, number, created_at) VALUES ($1, $2, $3, $4)`,
		entityID, dwellingID, n, time.Now().UTC())
	if err != nil {
		return n, fmt.Errorf("padrón: numerar la hoja de la vivienda %s: %w", dwellingID, err)
	}
	return n, nil
}

// logAccess records a look-up of personal data (LOPDGDD).
func logAccess(ctx context.Context, q db.Queryer, entityID, inscriptionID, action, detail, userID, userName, ip string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO census_access_log (entity_id, id, inscription_id, action, detail, user_id,
		user_name, ip, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		entityID, id.New(), inscriptionID, action, detail, userID, userName, ip, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("padrón: anotar el acceso a la inscripción %s: %w", inscriptionID, err)
	}
	return nil
}

// AccessEntry is one row of the access log.
type AccessEntry struct {
	InscriptionID, Action, Detail, UserName, IP string
	At                                          time.Time
}

func accessOf(ctx context.Context, q db.Queryer, entityID, inscriptionID string, limit int) ([]AccessEntry, error) {
	rows, err := db.Collect(ctx, q, func(s db.Scanner) (AccessEntry, error) {
		var a AccessEntry
		err := s.Scan(&a.InscriptionID, &a.Action, &a.Detail, &a.UserName, &a.IP, &a.At)
		a.At = a.At.UTC()
		return a, err
	}, `SELECT inscription_id, action, detail, user_name, ip, at FROM census_access_log
		WHERE entity_id = $1 AND inscription_id = $2 ORDER BY at DESC, id DESC LIMIT $3`, entityID, inscriptionID, limit)
	if err != nil {
		return nil, fmt.Errorf("padrón: leer los accesos a la inscripción %s: %w", inscriptionID, err)
	}
	return rows, nil
}

// adhered reports whether the entity has an active adhesion to the padrón.
func adhered(ctx context.Context, q db.Queryer, entityID string) (bool, error) {
	return directory.HasActiveAdhesion(ctx, q, entityID, ServiceCode)
}
