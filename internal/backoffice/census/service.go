package census

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"concejo/internal/backoffice/census/inefile"
	"concejo/internal/backoffice/parties"
	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// snapshot is an inscription as recorded in a variation and the audit.
type snapshot struct {
	Number      int64  `json:"numero"`
	Dwelling    string `json:"vivienda"`
	Active      bool   `json:"activa"`
	Name        string `json:"nombre"`
	Surname1    string `json:"apellido1"`
	Surname2    string `json:"apellido2,omitempty"`
	Sex         string `json:"sexo"`
	Birth       string `json:"nacimiento"`
	BirthPlace  string `json:"lugar_nacimiento"`
	Nationality string `json:"nacionalidad"`
	DocType     string `json:"tipo_documento,omitempty"`
	DocNumber   string `json:"documento,omitempty"`
	Studies     string `json:"estudios,omitempty"`
	Renewal     string `json:"renovacion,omitempty"`
}

func snap(i Inscription) snapshot {
	s := snapshot{Number: i.Number, Dwelling: i.DwellingID, Active: i.Active, Name: i.Name, Surname1: i.Surname1,
		Surname2: i.Surname2, Sex: i.Sex, Birth: i.BirthDate.Format("2006-01-02"),
		BirthPlace: i.BirthProvince + i.BirthMunicipality, Nationality: i.Nationality, DocType: i.DocType,
		DocNumber: i.DocNumber, Studies: i.Studies}
	if !i.RenewalOn.IsZero() {
		s.Renewal = i.RenewalOn.Format("2006-01-02")
	}
	return s
}

func snapJSON(i *Inscription) string {
	if i == nil {
		return ""
	}
	b, _ := json.Marshal(snap(*i))
	return string(b)
}

// change is one variation to record.
type change struct {
	kind, cause, document, notes, origin string
	effective                            time.Time
	ineState                             string
	placeProvince, placeMunicipality     string
	// file is the justificante attached (census_documents), or "".
	file string
}

// record writes the variation of before → after and its audit row.
func (m *Module) record(ctx context.Context, tx *sql.Tx, a *auth.Actor, before *Inscription, after Inscription, c change) (Variation, error) {
	was, now := diffJSON(before, after)
	v := Variation{EntityID: after.EntityID, ID: id.New(), InscriptionID: after.ID, Kind: c.kind, Cause: c.cause,
		EffectiveOn: c.effective, Document: c.document, Notes: c.notes, Origin: c.origin, DwellingID: after.DwellingID,
		PlaceProvince: c.placeProvince, PlaceMunicipality: c.placeMunicipality,
		Before: was, After: now, INEState: c.ineState, DocumentFileID: c.file, RecordedAt: time.Now().UTC(),
		RecordedBy: "sistema", RecorderName: "Sistema"}
	if v.Origin == "" {
		v.Origin = "ayuntamiento"
	}
	if a != nil {
		v.RecordedBy, v.RecorderName = a.UserID, a.Name
	}
	if err := insertVariation(ctx, tx, v); err != nil {
		return v, err
	}
	action := map[string]string{"A": "padron.alta", "B": "padron.baja", "M": "padron.modificacion"}[c.kind]
	var b any
	if before != nil {
		b = snap(*before)
	}
	return v, m.kit.Audit(ctx, tx, a, kit.Change{EntityID: after.EntityID, Action: action, ObjectType: "inscripcion",
		ObjectID: after.ID, Before: b, After: struct {
			snapshot
			Cause     string `json:"causa"`
			Effective string `json:"fecha_efecto"`
			Document  string `json:"documento_acreditativo"`
		}{snap(after), c.cause, c.effective.Format("2006-01-02"), c.document}})
}

// checkDate validates an effective date: not after today, not before after.
func checkDate(fe *errs.Fields, field string, d time.Time, notBefore time.Time, what string) {
	switch {
	case d.IsZero():
		fe.Add(field, "Escriba la fecha de efecto como día/mes/año, por ejemplo 27/11/2026.")
	case d.After(today()):
		fe.Add(field, "La fecha de efecto no puede ser posterior a hoy.")
	case !notBefore.IsZero() && d.Before(notBefore):
		fe.Add(field, fmt.Sprintf("La fecha de efecto no puede ser anterior a %s (%s).", what, web.Date(notBefore)))
	}
}

// dwellingIn checks that dwellingID is an active dwelling of the callejero of entityID.
func dwellingIn(ctx context.Context, q db.Queryer, fe *errs.Fields, entityID, dwellingID string) territory.Address {
	if dwellingID == "" {
		fe.Add("vivienda", "Elija la vivienda del callejero donde reside.")
		return territory.Address{}
	}
	addr, err := territory.DwellingAddress(ctx, q, entityID, dwellingID)
	if err != nil || !addr.Active {
		fe.Add("vivienda", "La vivienda elegida no está en el callejero del municipio: búsquela por la calle y el número.")
	}
	return addr
}

// AltaInput is an alta in the padrón.
type AltaInput struct {
	Cause       string
	EffectiveOn time.Time
	Document    string
	Notes       string
	DwellingID  string
	Person      PersonData
	// FromProvince/FromMunicipality: procedencia (another municipality, or "66" + country).
	FromProvince, FromMunicipality string
	// Encsarp: non-EU foreigner without permanent residence (renews every two years).
	Encsarp bool
}

// Alta inscribes a person in a dwelling of the current entity.
func (m *Module) Alta(ctx context.Context, a *auth.Actor, in AltaInput) (Inscription, error) {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return Inscription{}, err
	}
	entityID := a.Entity.ID
	var fe errs.Fields
	if c, ok := inefile.CauseByCode(in.Cause); !ok || c.Variation != inefile.Alta {
		fe.Add("causa", "Elija la causa del alta.")
	}
	checkPerson(&fe, &in.Person, today())
	checkDate(&fe, "fecha", in.EffectiveOn, in.Person.BirthDate, "la fecha de nacimiento")
	if in.Document == "" {
		fe.Add("documento_acreditativo", "Indique el documento que acredita el alta (por ejemplo, contrato de alquiler o escritura).")
	}
	if in.Cause == "AN" && !in.Person.BirthDate.IsZero() && in.EffectiveOn.After(in.Person.BirthDate.AddDate(1, 0, 0)) {
		fe.Add("causa", "El alta por nacimiento es para recién nacidos: para mayores de un año use «Alta por omisión».")
	}
	if in.Encsarp && in.Person.Nationality == "108" {
		fe.Add("encsarp", "Un español no está sujeto a la renovación de extranjeros no comunitarios.")
	}
	if err := fe.Err(); err != nil {
		return Inscription{}, err
	}
	var out Inscription
	err := m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		var fe errs.Fields
		dwellingIn(ctx, tx, &fe, entityID, in.DwellingID)
		if in.Person.DocNumber != "" {
			if prev, err := activeByDocument(ctx, tx, entityID, in.Person.DocNumber); err == nil {
				fe.Add("documento", fmt.Sprintf("Esta persona ya está inscrita en el padrón del municipio (inscripción n.º %d, desde el %s). "+
					"Una persona solo puede tener una inscripción vigente: para cambiarla de vivienda use «Cambio de domicilio».",
					prev.Number, web.Date(prev.RegisteredOn)))
			} else if !errors.Is(err, db.ErrNotFound) {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		party, err := m.partyFor(ctx, tx, entityID, in.Person, in.DwellingID)
		if err != nil {
			return err
		}
		if prev, err := activeByParty(ctx, tx, entityID, party.ID); err == nil {
			fe.Add("documento", fmt.Sprintf("Esta persona ya está inscrita en el padrón del municipio (inscripción n.º %d).", prev.Number))
			return fe.Err()
		}
		n, err := nextNumber(ctx, tx, entityID)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		p := in.Person
		i := Inscription{EntityID: entityID, ID: id.New(), Number: n, PartyID: party.ID, DwellingID: in.DwellingID,
			Active: true, Name: p.Name, Surname1: p.Surname1, Surname2: p.Surname2, Sex: p.Sex, BirthDate: day(p.BirthDate),
			BirthProvince: p.BirthProvince, BirthMunicipality: p.BirthMunicipality, Nationality: p.Nationality,
			DocType: p.DocType, DocNumber: p.DocNumber, Studies: p.Studies, RegisteredOn: day(in.EffectiveOn),
			AltaCause: in.Cause, CreatedAt: now, UpdatedAt: now}
		if in.Encsarp {
			i.RenewalOn = i.RegisteredOn
		}
		if err := insertInscription(ctx, tx, i); err != nil {
			return err
		}
		if err := insertResidence(ctx, tx, i, i.RegisteredOn); err != nil {
			return err
		}
		if _, err := sheetNumber(ctx, tx, entityID, i.DwellingID); err != nil {
			return err
		}
		notes := in.Notes
		if in.FromProvince != "" {
			notes = joinNotes("Procedencia: "+placeName(in.FromProvince, in.FromMunicipality), notes)
		}
		_, err = m.record(ctx, tx, a, nil, i, change{kind: "A", cause: in.Cause, effective: i.RegisteredOn,
			document: in.Document, notes: notes, placeProvince: in.FromProvince, placeMunicipality: in.FromMunicipality})
		out = i
		return err
	})
	return out, err
}

func joinNotes(a, b string) string {
	if b == "" {
		return a
	}
	return a + ". " + b
}

// partyFor finds the tercero with the person's document, or creates it.
func (m *Module) partyFor(ctx context.Context, tx *sql.Tx, entityID string, p PersonData, dwellingID string) (parties.Party, error) {
	if p.DocNumber != "" {
		if found, err := parties.ByDocument(ctx, tx, entityID, p.DocNumber); err == nil {
			if found.DwellingID != dwellingID {
				found.DwellingID = dwellingID
				found.AddressText = ""
				if upd, err := parties.Update(ctx, tx, found); err == nil {
					return upd, nil
				}
			}
			return found, nil
		} else if !errors.Is(err, db.ErrNotFound) {
			return parties.Party{}, err
		}
	}
	b := day(p.BirthDate)
	party, err := parties.Create(ctx, tx, parties.Party{EntityID: entityID, Kind: parties.KindPerson,
		DocType: partyDocType(p.DocType), DocNumber: p.DocNumber, DocCountry: docCountry(p), Name: p.Name,
		Surname1: p.Surname1, Surname2: p.Surname2, BirthDate: &b, DwellingID: dwellingID, CountryCode: "108"})
	if err != nil {
		var fe errs.Fields
		if ferr, ok := errs.AsFields(err); ok {
			for _, f := range ferr {
				fe.Add("documento", "El tercero no se pudo crear: "+f.Message)
			}
			return party, fe.Err()
		}
	}
	return party, err
}

func partyDocType(t string) string {
	switch t {
	case "dni":
		return parties.DocNIF
	case "nie":
		return parties.DocNIE
	case "pasaporte":
		return parties.DocPassport
	}
	return parties.DocOther
}

func docCountry(p PersonData) string {
	if p.DocType == "pasaporte" {
		return p.Nationality
	}
	return ""
}

// BajaInput is a baja.
type BajaInput struct {
	Cause       string
	EffectiveOn time.Time
	Document    string
	Notes       string
	// ToProvince/ToMunicipality: destino of a cambio de residencia.
	ToProvince, ToMunicipality string
}

// Baja ends an active inscription.
func (m *Module) Baja(ctx context.Context, a *auth.Actor, inscriptionID string, in BajaInput) error {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return err
	}
	return m.baja(ctx, a, a.Entity.ID, inscriptionID, in, "ayuntamiento")
}

func (m *Module) baja(ctx context.Context, a *auth.Actor, entityID, inscriptionID string, in BajaInput, origin string) error {
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		return m.bajaTx(ctx, tx, a, entityID, inscriptionID, in, origin)
	})
}

// bajaTx records a baja inside the caller's transaction.
func (m *Module) bajaTx(ctx context.Context, tx *sql.Tx, a *auth.Actor, entityID, inscriptionID string, in BajaInput, origin string) error {
	i, err := getInscription(ctx, tx, entityID, inscriptionID)
	if err != nil {
		return err
	}
	if !i.Active {
		return errs.New(errs.Conflict, "Esta inscripción ya está de baja desde el "+web.Date(i.LeftOn)+".")
	}
	var fe errs.Fields
	if c, ok := inefile.CauseByCode(in.Cause); !ok || c.Variation != inefile.Baja {
		fe.Add("causa", "Elija la causa de la baja.")
	}
	last, err := lastChange(ctx, tx, entityID, i)
	if err != nil {
		return err
	}
	checkDate(&fe, "fecha", in.EffectiveOn, last, "la última variación de la inscripción")
	if in.Document == "" {
		fe.Add("documento_acreditativo", "Indique el documento o el acto que justifica la baja (por ejemplo, certificado de defunción o resolución).")
	}
	if (in.Cause == "BC" || in.Cause == "BE") && in.ToProvince == "" {
		fe.Add("destino", "Indique el municipio o el país de destino.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	before := i
	i.Active, i.LeftOn, i.BajaCause, i.UpdatedAt = false, day(in.EffectiveOn), in.Cause, time.Now().UTC()
	if err := updateInscription(ctx, tx, i); err != nil {
		return err
	}
	if err := closeResidence(ctx, tx, entityID, i.ID, i.LeftOn); err != nil {
		return err
	}
	notes := in.Notes
	if in.ToProvince != "" {
		notes = joinNotes("Destino: "+placeName(in.ToProvince, in.ToMunicipality), notes)
	}
	state := ""
	if origin == "ine" {
		state = "no_procede"
	}
	_, err = m.record(ctx, tx, a, &before, i, change{kind: "B", cause: in.Cause, effective: i.LeftOn,
		document: in.Document, notes: notes, origin: origin, ineState: state,
		placeProvince: in.ToProvince, placeMunicipality: in.ToMunicipality})
	return err
}

// lastChange is the effective date of the latest variation of i about its
// residence (or its alta); corrections of data do not count.
func lastChange(ctx context.Context, q db.Queryer, entityID string, i Inscription) (time.Time, error) {
	var t time.Time
	err := q.QueryRowContext(ctx, `SELECT effective_on FROM census_variations WHERE entity_id = $1 AND inscription_id = $2
		AND cause <> 'MC' ORDER BY effective_on DESC LIMIT 1`, entityID, i.ID).Scan(&t)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, err
	}
	last := i.RegisteredOn
	if t.After(last) {
		last = t.UTC()
	}
	return last, nil
}

// changeInscription runs change in one transaction on an inscription of
// the actor's entity, once the actor may record variations and the
// inscription is one that open says may take it (else the conflict
// message refused).
func (m *Module) changeInscription(ctx context.Context, a *auth.Actor, inscriptionID string, open func(Inscription) bool,
	refused string, change func(tx *sql.Tx, i Inscription) error) error {
	if err := m.kit.Access.RequireHere(ctx, a, PermChange); err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		i, err := getInscription(ctx, tx, a.Entity.ID, inscriptionID)
		if err != nil {
			return err
		}
		if !open(i) {
			return errs.New(errs.Conflict, refused)
		}
		return change(tx, i)
	})
}

func isActive(i Inscription) bool { return i.Active }

// Correct corrects the personal data of an inscription (corrección de datos).
func (m *Module) Correct(ctx context.Context, a *auth.Actor, inscriptionID string, p PersonData, document, notes string, encsarp bool) error {
	entityID := a.Entity.ID
	return m.changeInscription(ctx, a, inscriptionID, isActive,
		"La inscripción está de baja: sus datos ya no se corrigen.", func(tx *sql.Tx, i Inscription) error {
			var fe errs.Fields
			checkPerson(&fe, &p, today())
			if document == "" {
				fe.Add("documento_acreditativo", "Indique el documento que acredita la corrección (por ejemplo, el DNI o el libro de familia).")
			}
			if !p.BirthDate.IsZero() && p.BirthDate.After(i.RegisteredOn) && i.AltaCause != "AN" {
				fe.Add("nacimiento", "La fecha de nacimiento no puede ser posterior al alta en el padrón ("+web.Date(i.RegisteredOn)+").")
			}
			if p.DocNumber != "" && p.DocNumber != i.DocNumber {
				if prev, err := activeByDocument(ctx, tx, entityID, p.DocNumber); err == nil && prev.ID != i.ID {
					fe.Add("documento", fmt.Sprintf("Ese documento es de otra persona inscrita (inscripción n.º %d).", prev.Number))
				}
			}
			if encsarp && p.Nationality == "108" {
				fe.Add("encsarp", "Un español no está sujeto a la renovación de extranjeros no comunitarios.")
			}
			if err := fe.Err(); err != nil {
				return err
			}
			before := i
			i.Name, i.Surname1, i.Surname2, i.Sex, i.BirthDate = p.Name, p.Surname1, p.Surname2, p.Sex, day(p.BirthDate)
			i.BirthProvince, i.BirthMunicipality, i.Nationality = p.BirthProvince, p.BirthMunicipality, p.Nationality
			i.DocType, i.DocNumber, i.Studies, i.UpdatedAt = p.DocType, p.DocNumber, p.Studies, time.Now().UTC()
			switch {
			case encsarp && i.RenewalOn.IsZero():
				i.RenewalOn = today()
			case !encsarp:
				i.RenewalOn = time.Time{}
			}
			if err := updateInscription(ctx, tx, i); err != nil {
				return err
			}
			if err := syncResidences(ctx, tx, i); err != nil {
				return err
			}
			_, err := m.record(ctx, tx, a, &before, i, change{kind: "M", cause: "MC", effective: today(), document: document, notes: notes})
			return err
		})
}

// Renew records the renewal of an ENCSARP inscription.
func (m *Module) Renew(ctx context.Context, a *auth.Actor, inscriptionID string, effective time.Time, document string) error {
	return m.changeInscription(ctx, a, inscriptionID, func(i Inscription) bool { return i.Active && i.Encsarp() },
		"Solo se renuevan las inscripciones vigentes de extranjeros no comunitarios sin residencia permanente.", func(tx *sql.Tx, i Inscription) error {
			var fe errs.Fields
			checkDate(&fe, "fecha", effective, i.RenewalOn, "la renovación anterior")
			if !effective.IsZero() && effective.After(i.ExpiresOn()) {
				fe.Add("fecha", "La inscripción caducó el "+web.Date(i.ExpiresOn())+": ya no se renueva; si la persona sigue residiendo, dé un alta nueva por omisión.")
			}
			if document == "" {
				fe.Add("documento_acreditativo", "Indique el documento con el que se solicita la renovación (pasaporte o tarjeta vigente).")
			}
			if err := fe.Err(); err != nil {
				return err
			}
			before := i
			i.RenewalOn, i.RenewalWarnedAt, i.UpdatedAt = day(effective), time.Time{}, time.Now().UTC()
			if err := updateInscription(ctx, tx, i); err != nil {
				return err
			}
			_, err := m.record(ctx, tx, a, &before, i, change{kind: "M", cause: "MR", effective: i.RenewalOn, document: document})
			return err
		})
}
