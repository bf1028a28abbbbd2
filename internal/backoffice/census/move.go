package census

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"time"

	"concejo/internal/backoffice/parties"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// proofKinds are the documents that prove the residence in a new dwelling
// (Resolución de 17 de febrero de 2020, on the padrón's management: the
// title that entitles to live there, the owner's authorisation, or the
// municipal services' check when there is no title).
var proofKinds = []option{
	{"escritura", "Escritura de propiedad o nota simple del Registro de la Propiedad"},
	{"alquiler", "Contrato de alquiler en vigor"},
	{"autorizacion", "Autorización del titular de la vivienda, con copia de su documento de identidad"},
	{"suministro", "Contrato o factura reciente de un suministro de la vivienda (agua, luz, gas)"},
	{"comprobacion", "Informe de comprobación de la residencia (Policía Local o servicios sociales)"},
}

// maxMove bounds the people of one cambio de domicilio (a hoja padronal of
// a collective establishment may be long, but not endless).
const maxMove = 200

// MoveInput is a cambio de domicilio inside the municipality: people of one
// hoja padronal (all of it or some) go to another dwelling.
type MoveInput struct {
	InscriptionIDs []string
	// FromDwellingID, when set, is the dwelling they all leave.
	FromDwellingID string
	DwellingID     string
	EffectiveOn    time.Time
	// ProofKind is one of proofKinds; Proof is its file (required).
	ProofKind string
	Proof     *Proof
	Notes     string
}

// Move records the cambio de domicilio of the people of in, who must live
// in the same dwelling, to in.DwellingID: one variation per person (cause
// MD), all with the same date, justificante and observations. It returns
// the inscriptions as they are after the move.
func (m *Module) Move(ctx context.Context, a *auth.Actor, in MoveInput) ([]Inscription, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return nil, err
	}
	entityID := a.Entity.ID
	var moved []Inscription
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var fe errs.Fields
		people, err := moving(ctx, tx, &fe, entityID, in.FromDwellingID, in.InscriptionIDs)
		if err != nil {
			return err
		}
		dwellingIn(ctx, tx, &fe, entityID, in.DwellingID)
		if len(people) > 0 && in.DwellingID == people[0].DwellingID {
			fe.Add("vivienda", "Esa es la vivienda donde ya están inscritas: elija la nueva.")
		}
		if err := checkMoveDate(ctx, tx, &fe, entityID, people, in.EffectiveOn); err != nil {
			return err
		}
		proof, ok := optionLabel(proofKinds, in.ProofKind)
		if !ok {
			fe.Add("justificante", "Elija el documento que acredita la residencia en la nueva vivienda.")
		}
		checkProof(&fe, in.Proof)
		if len([]rune(in.Notes)) > 1000 {
			fe.Add("observaciones", "Escriba las observaciones en 1.000 caracteres como mucho.")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		fileID, err := storeProof(ctx, tx, a, entityID, in.Proof)
		if err != nil {
			return err
		}
		if _, err := sheetNumber(ctx, tx, entityID, in.DwellingID); err != nil {
			return err
		}
		eff := day(in.EffectiveOn)
		for _, i := range people {
			after, err := m.moveOne(ctx, tx, a, i, in.DwellingID, change{kind: "M", cause: "MD", effective: eff,
				document: proof, notes: in.Notes, file: fileID})
			if err != nil {
				return err
			}
			moved = append(moved, after)
		}
		return nil
	})
	return moved, err
}

// moving reads the active inscriptions that move, checking that there is
// at least one and that they share a dwelling (from, when given). Another
// entity's inscription is not found; one de baja is a conflict.
func moving(ctx context.Context, tx *sql.Tx, fe *errs.Fields, entityID, from string, ids []string) ([]Inscription, error) {
	if len(ids) == 0 {
		fe.Add("personas", "Marque al menos a una persona que cambia de domicilio.")
		return nil, nil
	}
	if len(ids) > maxMove {
		return nil, errs.New(errs.Invalid, fmt.Sprintf("Un cambio de domicilio traslada como mucho a %d personas.", maxMove))
	}
	var people []Inscription
	for _, id := range ids {
		if slices.ContainsFunc(people, func(i Inscription) bool { return i.ID == id }) {
			continue
		}
		i, err := getInscription(ctx, tx, entityID, id)
		if err != nil {
			return nil, err
		}
		if !i.Active {
			return nil, errs.New(errs.Conflict, i.FullName()+" está de baja en el padrón desde el "+web.Date(i.LeftOn)+
				": para volver a inscribirla dé un alta nueva.")
		}
		if from == "" {
			from = i.DwellingID
		}
		if i.DwellingID != from {
			fe.Add("personas", "Solo cambian de domicilio juntas personas inscritas en la misma vivienda.")
			return people, nil
		}
		people = append(people, i)
	}
	return people, nil
}

// checkMoveDate checks the effective date against each person's latest
// variation about residence, naming the person when several move.
func checkMoveDate(ctx context.Context, tx *sql.Tx, fe *errs.Fields, entityID string, people []Inscription, d time.Time) error {
	if len(people) == 0 {
		checkDate(fe, "fecha", d, time.Time{}, "")
		return nil
	}
	for _, i := range people {
		last, err := lastChange(ctx, tx, entityID, i)
		if err != nil {
			return err
		}
		what := "la última variación de la inscripción"
		if len(people) > 1 {
			what = "la última variación de " + i.FullName()
		}
		var one errs.Fields
		if checkDate(&one, "fecha", d, last, what); len(one) > 0 {
			fe.Add("fecha", one.For("fecha"))
			return nil
		}
	}
	return nil
}

// moveOne moves i to dwellingID inside tx: its residence closes and a new
// one opens, its tercero follows, and the variation c is recorded.
func (m *Module) moveOne(ctx context.Context, tx *sql.Tx, a *auth.Actor, i Inscription, dwellingID string, c change) (Inscription, error) {
	before := i
	i.DwellingID, i.UpdatedAt = dwellingID, time.Now().UTC()
	if err := updateInscription(ctx, tx, i); err != nil {
		return i, err
	}
	if err := closeResidence(ctx, tx, i.EntityID, i.ID, c.effective); err != nil {
		return i, err
	}
	if err := insertResidence(ctx, tx, i, c.effective); err != nil {
		return i, err
	}
	if party, err := parties.Get(ctx, tx, i.EntityID, i.PartyID); err == nil {
		party.DwellingID, party.AddressText = i.DwellingID, ""
		parties.Update(ctx, tx, party) // the tercero follows when its data allow it
	}
	_, err := m.record(ctx, tx, a, &before, i, c)
	return i, err
}

// optionLabel is the label of the option with value v.
func optionLabel(opts []option, v string) (string, bool) {
	for _, o := range opts {
		if o.Value == v {
			return o.Label, true
		}
	}
	return "", false
}

// storeProof keeps the justificante and returns its id.
func storeProof(ctx context.Context, tx *sql.Tx, a *auth.Actor, entityID string, p *Proof) (string, error) {
	fileID := id.New()
	_, err := tx.ExecContext(ctx, `INSERT INTO census_documents (entity_id, id, filename, content_type, size, content,
		created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		entityID, fileID, p.Filename, p.ContentType, len(p.Content), p.Content, time.Now().UTC(), a.UserID)
	if err != nil {
		return "", fmt.Errorf("padrón: guardar el justificante %s: %w", p.Filename, err)
	}
	return fileID, nil
}

// proofDownload shows a justificante to the padrón's staff; the look-up is
// logged.
func (m *Module) proofDownload(w http.ResponseWriter, r *http.Request) error {
	a := kit.Actor(r)
	ctx := r.Context()
	var p Proof
	err := m.kit.DB.QueryRowContext(ctx, `SELECT filename, content_type, content FROM census_documents
		WHERE entity_id = $1 AND id = $2`, a.Entity.ID, r.PathValue("id")).Scan(&p.Filename, &p.ContentType, &p.Content)
	if err := db.NotFound(err); err != nil {
		return err
	}
	if err := m.logAccess(ctx, a.Entity.ID, "", "descarga", "Justificante "+p.Filename, a.UserID, a.Name, a.IP); err != nil {
		return err
	}
	return web.SendFile(w, web.File{Name: p.Filename, ContentType: p.ContentType, Content: p.Content, Inline: true})
}
