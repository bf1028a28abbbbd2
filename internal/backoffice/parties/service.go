package parties

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/db"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/id"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
	"concejo/internal/platform/web"
)

// Audited actions.
const (
	actionCreate    = "tercero.crear"
	actionUpdate    = "tercero.modificar"
	actionDomicile  = "tercero.domicilio"
	actionAccount   = "tercero.cuenta.alta"
	actionUnaccount = "tercero.cuenta.baja"
	actionRep       = "tercero.representante.alta"
	actionUnrep     = "tercero.representante.baja"
	actionMerge     = "tercero.fusionar"
	objectParty     = "tercero"
)

// target resolves the target of the request (?entidad= or the actor's
// current entity) for reading.
func (m *Module) target(ctx context.Context, a *auth.Actor, explicit string) (territory.Target, error) {
	return perms.Resolve(ctx, m.kit.Access, m.kit.DB, a, explicit)
}

// writable resolves the target for a change.
func (m *Module) writable(ctx context.Context, a *auth.Actor, explicit string) (territory.Target, error) {
	return perms.Writable(ctx, m.kit.Access, m.kit.DB, a, explicit)
}

// load returns a party of the target entity.
func (m *Module) load(ctx context.Context, q db.Queryer, acc territory.Target, partyID string) (Party, error) {
	return getParty(ctx, q, acc.EntityID, partyID)
}

// snapshot is what the audit keeps of a party.
func snapshot(p Party) map[string]any {
	out := map[string]any{"tipo": p.Kind, "tipo_documento": p.DocType, "documento": p.DocNumber, "nombre": p.Name,
		"apellido1": p.Surname1, "apellido2": p.Surname2, "email": p.Email, "telefono": p.Phone,
		"notificacion_electronica": p.ElectronicNotification, "vivienda": p.DwellingID, "direccion": p.AddressText,
		"codigo_postal": p.PostalCode, "localidad": p.Town, "provincia": p.Province, "pais": p.CountryCode}
	if p.BirthDate != nil {
		out["fecha_nacimiento"] = p.BirthDate.Format("2006-01-02")
	}
	return out
}

// duplicateError refuses a document already held by another party, or
// asks to confirm when similar parties exist (confirm false) that may be
// the same person (not when both carry different valid documents).
func duplicateError(ctx context.Context, q db.Queryer, p Party, confirm bool) ([]Party, error) {
	similar, err := Similar(ctx, q, p)
	if err != nil {
		return nil, err
	}
	var fe errs.Fields
	for _, o := range similar {
		if p.DocNumber != "" && o.DocNumber == p.DocNumber {
			fe.Add(FieldDocNumber, fmt.Sprintf("Ya hay un tercero con el documento %s: %s.", p.DocNumber, o.FullName()))
			return similar, fe
		}
	}
	// Two different valid national documents are two people.
	similar = slices.DeleteFunc(similar, func(o Party) bool { return distinctDocuments(p, o) })
	if len(similar) > 0 && !confirm {
		fe.Add("confirmar", fmt.Sprintf("Hay %d tercero(s) con un nombre parecido y la misma fecha de nacimiento. Compruebe que no es la misma persona; si no lo es, marque la casilla de confirmación.", len(similar)))
		return similar, fe
	}
	return similar, nil
}

// create registers a new party.
func (m *Module) create(ctx context.Context, a *auth.Actor, explicit string, p Party, confirm bool) (Party, []Party, error) {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return p, nil, err
	}
	p.EntityID, p.DwellingID = acc.EntityID, ""
	var similar []Party
	err = m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := Check(&p); err != nil {
			return err
		}
		if similar, err = duplicateError(ctx, tx, p, confirm); err != nil {
			return err
		}
		if p, err = Create(ctx, tx, p); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: p.EntityID, Action: actionCreate, ObjectType: objectParty, ObjectID: p.ID, After: snapshot(p)})
	})
	return p, similar, err
}

// withParty runs fn in a transaction with the party partyID of the
// caller's entity, once the caller is known to be allowed to change terceros.
func (m *Module) withParty(ctx context.Context, a *auth.Actor, explicit, partyID string,
	fn func(tx *sql.Tx, acc territory.Target, p Party) error) error {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := m.load(ctx, tx, acc, partyID)
		if err != nil {
			return err
		}
		return fn(tx, acc, p)
	})
}

// save writes p, the changed version of before, and audits action with
// before's snapshot; the audit keeps after, or the saved party's snapshot
// when after is nil.
func (m *Module) save(ctx context.Context, tx *sql.Tx, a *auth.Actor, action string, before, p Party, after map[string]any) (Party, error) {
	saved, err := Update(ctx, tx, p)
	if err != nil {
		return saved, err
	}
	if after == nil {
		after = snapshot(saved)
	}
	return saved, m.kit.Audit(ctx, tx, a, kit.Change{EntityID: p.EntityID, Action: action, ObjectType: objectParty, ObjectID: p.ID,
		Before: snapshot(before), After: after})
}

// update changes a party's data (not its domicile in the callejero).
func (m *Module) update(ctx context.Context, a *auth.Actor, explicit, partyID string, in Party) (Party, error) {
	var after Party
	err := m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, before Party) (err error) {
		if before.Merged() {
			return errs.New(errs.Conflict, "Este tercero se fusionó con otro: cambie los datos del que se conserva.")
		}
		p := before
		p.Kind, p.DocType, p.DocNumber, p.DocCountry = in.Kind, in.DocType, in.DocNumber, in.DocCountry
		p.Name, p.Surname1, p.Surname2, p.BirthDate = in.Name, in.Surname1, in.Surname2, in.BirthDate
		p.Email, p.Phone, p.ElectronicNotification, p.Notes = in.Email, in.Phone, in.ElectronicNotification, in.Notes
		if p.DwellingID == "" {
			p.AddressText, p.PostalCode, p.Town, p.Province, p.CountryCode = in.AddressText, in.PostalCode, in.Town, in.Province, in.CountryCode
		}
		if err := Check(&p); err != nil {
			return err
		}
		if p.DocNumber != "" && p.DocNumber != before.DocNumber {
			others, err := byDocument(ctx, tx, acc.EntityID, p.DocNumber)
			if err != nil {
				return err
			}
			for _, o := range others {
				if o.ID != p.ID {
					return fieldError(FieldDocNumber, fmt.Sprintf("Ya hay un tercero con el documento %s: %s. Si es la misma persona, fusiónelos.", p.DocNumber, o.FullName()))
				}
			}
		}
		if reflect.DeepEqual(snapshot(before), snapshot(p)) && before.Notes == p.Notes {
			after = before
			return nil
		}
		after, err = m.save(ctx, tx, a, actionUpdate, before, p, nil)
		return err
	})
	return after, err
}

// setDomicile moves a party to a dwelling of the callejero, or (dwellingID
// "") back to the free address it has.
func (m *Module) setDomicile(ctx context.Context, a *auth.Actor, explicit, partyID, dwellingID string) (Party, error) {
	var after Party
	err := m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, before Party) error {
		if before.Merged() {
			return errs.New(errs.Conflict, "Este tercero se fusionó con otro: cambie los datos del que se conserva.")
		}
		if dwellingID == "" {
			return fieldError(FieldDwelling, "Elija una de las viviendas encontradas.")
		}
		addr, err := territory.DwellingAddress(ctx, tx, acc.EntityID, dwellingID)
		if errors.Is(err, db.ErrNotFound) {
			return fieldError(FieldDwelling, "Elija una vivienda del callejero del municipio.")
		}
		if err != nil {
			return err
		}
		p := before
		p.DwellingID = dwellingID
		p.AddressText, p.Town, p.Province, p.CountryCode = "", "", "", ""
		p.PostalCode = addr.PostalCode
		after, err = m.save(ctx, tx, a, actionDomicile, before, p, map[string]any{"vivienda": dwellingID, "domicilio": addr.Full()})
		return err
	})
	return after, err
}

// clearDomicile leaves the callejero address, to write a free one.
func (m *Module) clearDomicile(ctx context.Context, a *auth.Actor, explicit, partyID string) (Party, error) {
	var after Party
	err := m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, before Party) (err error) {
		if before.DwellingID == "" {
			after = before
			return nil
		}
		p := before
		p.DwellingID, p.PostalCode = "", ""
		after, err = m.save(ctx, tx, a, actionDomicile, before, p, nil)
		return err
	})
	return after, err
}

// addAccount adds a bank account to a party.
func (m *Module) addAccount(ctx context.Context, a *auth.Actor, explicit, partyID, iban, holder string, isDefault bool) (BankAccount, error) {
	var b BankAccount
	err := m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, p Party) error {
		b = BankAccount{EntityID: acc.EntityID, ID: id.New(), PartyID: partyID, Holder: tidy(holder), IsDefault: isDefault, CreatedAt: time.Now().UTC()}
		if p.Merged() {
			return errs.New(errs.Conflict, "Este tercero se fusionó con otro: añada la cuenta al que se conserva.")
		}
		var fe errs.Fields
		if strings.TrimSpace(iban) == "" {
			fe.Add("iban", "Escriba el IBAN de la cuenta.")
		} else if v, err := validate.IBAN(iban); err != nil {
			fe.Add("iban", message(err))
		} else {
			b.IBAN = v
		}
		maxLen(&fe, "titular", "El titular", b.Holder, 200)
		if len(fe) == 0 {
			list, err := accountsOf(ctx, tx, acc.EntityID, partyID)
			if err != nil {
				return err
			}
			for _, o := range list {
				if o.IBAN == b.IBAN && o.RemovedAt == nil {
					fe.Add("iban", "El tercero ya tiene esa cuenta.")
				}
			}
			if len(list) == 0 {
				b.IsDefault = true
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if b.Holder == "" {
			b.Holder = p.FullName()
		}
		if err := insertAccount(ctx, tx, b); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionAccount, ObjectType: objectParty, ObjectID: partyID,
			After: map[string]any{"iban": b.IBAN, "titular": b.Holder, "principal": b.IsDefault}})
	})
	return b, err
}

// removeAccount marks an account as no longer in use (it is kept).
func (m *Module) removeAccount(ctx context.Context, a *auth.Actor, explicit, partyID, accountID string) error {
	acc, err := m.writable(ctx, a, explicit)
	if err != nil {
		return err
	}
	return m.kit.DB.Tx(ctx, func(tx *sql.Tx) error {
		b, err := getAccount(ctx, tx, acc.EntityID, partyID, accountID)
		if err != nil {
			return err
		}
		if b.RemovedAt != nil {
			return errs.New(errs.Conflict, "Esa cuenta ya estaba dada de baja.")
		}
		if err := removeAccount(ctx, tx, acc.EntityID, accountID, time.Now().UTC()); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionUnaccount, ObjectType: objectParty, ObjectID: partyID,
			Before: map[string]any{"iban": b.IBAN}})
	})
}

// addRepresentative records that the party with document repDoc represents partyID.
func (m *Module) addRepresentative(ctx context.Context, a *auth.Actor, explicit, partyID, repDoc, kind, scope, from string) (Representative, error) {
	var r Representative
	err := m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, p Party) error {
		r = Representative{EntityID: acc.EntityID, ID: id.New(), PartyID: partyID, Kind: kind, Scope: tidy(scope), CreatedAt: time.Now().UTC()}
		if p.Merged() {
			return errs.New(errs.Conflict, "Este tercero se fusionó con otro: añada el representante al que se conserva.")
		}
		var fe errs.Fields
		if strings.TrimSpace(repDoc) == "" {
			fe.Add("documento_representante", "Escriba el documento del representante (debe estar dado de alta como tercero).")
		} else if rep, err := ByDocument(ctx, tx, acc.EntityID, repDoc); errors.Is(err, db.ErrNotFound) {
			fe.Add("documento_representante", "No hay ningún tercero con el documento "+normDoc(repDoc)+": dé de alta antes al representante.")
		} else if err != nil {
			return err
		} else if rep.ID == partyID {
			fe.Add("documento_representante", "Un tercero no puede ser su propio representante.")
		} else {
			r.RepresentativeID = rep.ID
			r.Other = rep
		}
		if kind != "legal" && kind != "voluntaria" {
			fe.Add("clase_representacion", "Elija si la representación es legal o voluntaria.")
		}
		maxLen(&fe, "alcance", "El alcance", r.Scope, 300)
		r.ValidFrom = time.Date(r.CreatedAt.Year(), r.CreatedAt.Month(), r.CreatedAt.Day(), 0, 0, 0, 0, time.UTC)
		if strings.TrimSpace(from) != "" {
			d, ok := web.ParseDay(from, time.UTC)
			if !ok {
				fe.Add("desde_representacion", web.BadDay("la fecha de inicio de la representación"))
			}
			r.ValidFrom = d
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := insertRepresentative(ctx, tx, r); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionRep, ObjectType: objectParty, ObjectID: partyID,
			After: map[string]any{"representante": r.RepresentativeID, "documento": r.Other.DocNumber, "clase": r.Kind, "alcance": r.Scope}})
	})
	return r, err
}

func (m *Module) removeRepresentative(ctx context.Context, a *auth.Actor, explicit, partyID, repID string) error {
	return m.withParty(ctx, a, explicit, partyID, func(tx *sql.Tx, acc territory.Target, _ Party) error {
		if err := removeRepresentative(ctx, tx, acc.EntityID, partyID, repID, time.Now().UTC()); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionUnrep, ObjectType: objectParty, ObjectID: partyID,
			Before: map[string]any{"representacion": repID}})
	})
}

// merge folds the party mergedID into keptID: the kept one takes the data
// it lacks, the accounts and representations; the merged one stays with
// merged_into set, and the merge is recorded with its snapshot.
func (m *Module) merge(ctx context.Context, a *auth.Actor, explicit, keptID, mergedID, reason string) (Party, error) {
	var kept Party
	err := m.withParty(ctx, a, explicit, keptID, func(tx *sql.Tx, acc territory.Target, p Party) error {
		kept = p
		var fe errs.Fields
		merged, err := m.load(ctx, tx, acc, mergedID)
		switch {
		case mergedID == "" || errors.Is(err, db.ErrNotFound):
			fe.Add("duplicado", "Elija el tercero duplicado que quiere fusionar con este.")
		case err != nil:
			return err
		case merged.ID == kept.ID:
			fe.Add("duplicado", "Un tercero no se puede fusionar consigo mismo.")
		case kept.Merged() || merged.Merged():
			return errs.New(errs.Conflict, "Uno de los dos terceros ya se fusionó con otro.")
		case kept.Kind != merged.Kind:
			fe.Add("duplicado", "No se puede fusionar una persona física con una jurídica.")
		case kept.DocNumber != "" && merged.DocNumber != "" && kept.DocNumber != merged.DocNumber && kept.DocType == merged.DocType:
			fe.Add("duplicado", fmt.Sprintf("Los dos terceros tienen documentos distintos del mismo tipo (%s y %s): no son la misma persona.", kept.DocNumber, merged.DocNumber))
		}
		reason = tidy(reason)
		if reason == "" {
			fe.Add("motivo_fusion", "Escriba por qué son el mismo tercero; por ejemplo, que se comprobó su documento.")
		}
		maxLen(&fe, "motivo_fusion", "El motivo", reason, 300)
		if err := fe.Err(); err != nil {
			return err
		}
		before := kept
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		if kept.DocNumber == "" && merged.DocNumber != "" {
			kept.DocType, kept.DocNumber = merged.DocType, merged.DocNumber
		}
		fill(&kept.Surname2, merged.Surname2)
		fill(&kept.Email, merged.Email)
		fill(&kept.Phone, merged.Phone)
		if kept.BirthDate == nil {
			kept.BirthDate = merged.BirthDate
		}
		if kept.DwellingID == "" && kept.AddressText == "" {
			kept.DwellingID, kept.AddressText, kept.PostalCode, kept.Town, kept.Province, kept.CountryCode =
				merged.DwellingID, merged.AddressText, merged.PostalCode, merged.Town, merged.Province, merged.CountryCode
		}
		now := time.Now().UTC()
		snap, _ := json.Marshal(snapshot(merged))
		if err := moveLinks(ctx, tx, acc.EntityID, merged.ID, kept.ID, now); err != nil {
			return err
		}
		for _, h := range m.onMerge {
			if err := h(ctx, tx, acc.EntityID, merged.ID, kept.ID); err != nil {
				return err
			}
		}
		kept.UpdatedAt = now
		if err := updateParty(ctx, tx, kept); err != nil {
			return err
		}
		mg := Merge{ID: id.New(), KeptID: kept.ID, MergedID: merged.ID, Reason: reason, Snapshot: string(snap), MergedAt: now, MergedBy: a.Name}
		if err := insertMerge(ctx, tx, acc.EntityID, mg); err != nil {
			return err
		}
		if err := m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionMerge, ObjectType: objectParty, ObjectID: kept.ID,
			Before: map[string]any{"conservado": snapshot(before), "fusionado": snapshot(merged)},
			After:  map[string]any{"conservado": snapshot(kept), "fusionado_en": kept.ID, "motivo": reason}}); err != nil {
			return err
		}
		return m.kit.Audit(ctx, tx, a, kit.Change{EntityID: acc.EntityID, Action: actionMerge, ObjectType: objectParty, ObjectID: merged.ID,
			Before: snapshot(merged), After: map[string]any{"fusionado_en": kept.ID, "motivo": reason}})
	})
	return kept, err
}

// DuplicateGroup is a set of parties that may be the same.
type DuplicateGroup struct {
	Why     string // "documento" or "nombre"
	Parties []Party
}

// duplicates lists the groups of possible duplicates of an entity: the
// same document, or similar names with the same birth date (at most limit
// groups of each). It reads only the terceros marked as possible
// duplicates (duplicates.go), marking the entity's first when some are
// unknown: every tercero that would join a group is marked.
func duplicates(ctx context.Context, d *db.DB, entityID string, limit int) ([]DuplicateGroup, error) {
	if err := d.Tx(ctx, func(tx *sql.Tx) error { return checkDuplicates(ctx, tx, entityID) }); err != nil {
		return nil, err
	}
	marked, err := db.Collect(ctx, d, scanParty, `SELECT `+partyCols+` FROM parties p
		WHERE p.entity_id = $1 AND p.possible_duplicate = TRUE ORDER BY p.birth_date, p.id`, entityID)
	if err != nil {
		return nil, fmt.Errorf("terceros: leer los posibles duplicados: %w", err)
	}
	marked = slices.DeleteFunc(marked, Party.Merged)
	var out []DuplicateGroup
	// The same document, by document number; each group's oldest first.
	byDoc := map[string][]Party{}
	for _, p := range marked {
		if p.DocNumber != "" {
			byDoc[p.DocNumber] = append(byDoc[p.DocNumber], p)
		}
	}
	docs := slices.Sorted(maps.Keys(byDoc))
	for _, doc := range docs {
		if g := byDoc[doc]; len(g) > 1 && len(out) < limit {
			slices.SortFunc(g, func(a, b Party) int { return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID)) })
			out = append(out, DuplicateGroup{Why: "documento", Parties: g})
		}
	}
	// Similar names with the same birth date: walk the parties by birth date.
	var day []Party
	flush := func() {
		used := map[int]bool{}
		for i := range day {
			if used[i] {
				continue
			}
			g := []Party{day[i]}
			for j := i + 1; j < len(day); j++ {
				if !used[j] && similarNames(day[i], day[j]) && !slices.ContainsFunc(g, func(p Party) bool { return distinctDocuments(p, day[j]) }) {
					used[j] = true
					g = append(g, day[j])
				}
			}
			if len(g) > 1 && len(out) < 2*limit {
				out = append(out, DuplicateGroup{Why: "nombre", Parties: g})
			}
		}
		day = day[:0]
	}
	for _, p := range marked {
		if p.BirthDate == nil {
			continue
		}
		if len(day) > 0 && !day[0].BirthDate.Equal(*p.BirthDate) {
			flush()
		}
		day = append(day, p)
	}
	flush()
	return out, nil
}

// distinctDocuments reports whether a and b cannot be one person by their
// documents: both carry a valid NIF, NIE or CIF and they differ (the same
// document already groups them by "documento"). A passport, another
// document or a number that does not validate (a typing error) leaves the
// question to the names.
func distinctDocuments(a, b Party) bool {
	if a.DocNumber == "" || b.DocNumber == "" {
		return false
	}
	if a.DocNumber == b.DocNumber {
		return true
	}
	return validNationalID(a) && validNationalID(b)
}

// validNationalID reports whether p's document is a NIF, NIE or CIF whose
// control character is right.
func validNationalID(p Party) bool {
	switch p.DocType {
	case DocNIF, DocNIE, DocCIF:
		_, _, err := CheckDocument(p.Kind, p.DocType, p.DocNumber)
		return err == nil
	}
	return false
}
