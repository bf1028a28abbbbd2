package census

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/db"
)

// Verification answers "is this person registered in this municipality?"
// without exposing the record: yes or no, and the district and age band of
// the inscription when registered.
type Verification struct {
	Registered bool
	// District is the census district (2 digits) of the dwelling at the date.
	District string
	// AgeBand is one of AgeBands, the person's age at the date.
	AgeBand string
}

// AgeBands are the age bands Verify answers with: the thresholds that
// participation processes use (16 to take part, 18 to vote).
var AgeBands = []string{"0-15", "16-17", "18-29", "30-44", "45-64", "65+"}

func ageBand(age int) string {
	switch {
	case age < 16:
		return "0-15"
	case age < 18:
		return "16-17"
	case age < 30:
		return "18-29"
	case age < 45:
		return "30-44"
	case age < 65:
		return "45-64"
	}
	return "65+"
}

// Verify tells whether the person with document (DNI, NIE or passport, in
// any usual spelling) was inscribed in the padrón of entityID at the date
// at, and then his district and age band. It checks no permission and logs
// nothing: the caller (portal surveys, sede, the JSON endpoint) does.
func Verify(ctx context.Context, q db.Queryer, entityID, document string, at time.Time) (Verification, error) {
	doc := normDoc(document)
	if doc == "" || len(doc) > 20 {
		return Verification{}, nil
	}
	if at.IsZero() {
		at = time.Now()
	}
	d := day(at.In(madrid))
	var birth time.Time
	var dwellingID string
	err := q.QueryRowContext(ctx, `SELECT i.birth_date, r.dwelling_id FROM census_inscriptions i
		JOIN census_residences r ON r.entity_id = i.entity_id AND r.inscription_id = i.id
		WHERE i.entity_id = $1 AND i.doc_number = $2 AND r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to > $3)
		ORDER BY r.valid_from DESC LIMIT 1`, entityID, doc, d).Scan(&birth, &dwellingID)
	if errors.Is(err, sql.ErrNoRows) {
		return Verification{}, nil
	}
	if err != nil {
		return Verification{}, err
	}
	home, err := territory.DwellingAddress(ctx, q, entityID, dwellingID)
	if err != nil {
		return Verification{}, fmt.Errorf("padrón: leer la vivienda %s de la inscripción: %w", dwellingID, err)
	}
	return Verification{Registered: true, District: home.District, AgeBand: ageBand(ageAt(birth.UTC(), d))}, nil
}
