package census

// What the sede electrónica reads of the padrón for a citizen identified
// there (Cl@ve, certificate): only his own inscription, found by the
// document of his identification, never by a document he types. The
// functions check no permissions: the caller binds the document to the
// citizen's session in that entity's sede.

import (
	"context"
	"fmt"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// OwnRecord is what a person sees at the sede of his own active inscription.
type OwnRecord struct {
	Number       int64
	Name         string // "Nombre Apellido1 Apellido2"
	Document     string // "DNI 12345678Z"
	Address      string
	RegisteredOn time.Time // alta in the municipality
	Since        time.Time // in his present dwelling
	Household    int       // people inscribed in his dwelling, him included
}

// OwnInscription returns the active inscription in entityID's padrón of the
// person whose document is document; db.ErrNotFound when he is not
// inscribed there now.
func OwnInscription(ctx context.Context, q db.Queryer, entityID, document string) (OwnRecord, error) {
	i, err := activeByDocument(ctx, q, entityID, normDoc(document))
	if err != nil {
		return OwnRecord{}, err
	}
	addr, err := territory.DwellingAddress(ctx, q, entityID, i.DwellingID)
	if err != nil {
		return OwnRecord{}, err
	}
	res, err := residencesOf(ctx, q, entityID, i.ID)
	if err != nil {
		return OwnRecord{}, err
	}
	hh, err := household(ctx, q, entityID, i.DwellingID)
	if err != nil {
		return OwnRecord{}, fmt.Errorf("padrón: leer la hoja de la vivienda %s: %w", i.DwellingID, err)
	}
	r := OwnRecord{Number: i.Number, Name: i.FullName(), Document: i.DocLabel(), Address: addr.Full(),
		RegisteredOn: i.RegisteredOn, Since: i.RegisteredOn, Household: len(hh)}
	if len(res) > 0 {
		r.Since = res[len(res)-1].From
	}
	return r, nil
}

// IssueOwnVolante issues to the person himself, at the sede electrónica,
// the volante de empadronamiento of his active inscription in entityID
// (entityName names the entity in the document): the same sealed PDF with
// CSV as the office issues, recorded with channel "sede". It returns the CSV
// and the PDF; db.ErrNotFound when he is not inscribed there now.
func (m *Module) IssueOwnVolante(ctx context.Context, entityID, entityName, document string) (string, []byte, error) {
	if _, err := activeByDocument(ctx, m.kit.DB, entityID, normDoc(document)); err != nil {
		return "", nil, err
	}
	return m.IssueForCitizen(ctx, entityID, entityName, document, IssueInput{Kind: "volante", Scope: "individual"})
}

// Resident is a person of the padrón as an identity provider names him.
type Resident struct{ Document, Name, Surnames string }

// SampleResidents lists up to n adults with a DNI or NIE actively inscribed
// in entityID's padrón, by inscription number: the people the demo's local
// identity provider offers to play (never used outside the demo).
func SampleResidents(ctx context.Context, q db.Queryer, entityID string, n int, at time.Time) ([]Resident, error) {
	adult := at.AddDate(-18, 0, 0).UTC()
	out, err := db.Collect(ctx, q, func(s db.Scanner) (Resident, error) {
		var r Resident
		var s1, s2 string
		err := s.Scan(&r.Document, &r.Name, &s1, &s2)
		r.Surnames = web.Join(" ", s1, s2)
		return r, err
	}, `SELECT doc_number, name, surname1, surname2 FROM census_inscriptions
		WHERE entity_id = $1 AND active AND doc_type IN ('dni', 'nie') AND birth_date <= $2
		ORDER BY number LIMIT $3`, entityID, adult, n)
	if err != nil {
		return nil, fmt.Errorf("padrón: elegir vecinos de muestra de la entidad %s: %w", entityID, err)
	}
	return out, nil
}
