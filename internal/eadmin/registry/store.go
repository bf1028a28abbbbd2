package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"concejo/internal/backoffice/parties"
	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/web"
)

// entryRow is a registry_entries row.
type entryRow struct {
	EntityID, ID, Book     string
	Year                   int
	Seq                    int64
	Number                 string
	RegisteredAt           time.Time
	Means, Source          string
	Subject, Summary       string
	DocType                string
	OriginDIR3, OriginName string
	DestDIR3, DestName     string
	UnitID                 string
	ExternalRef            string
	Expone, Solicita       string
	FirstParty, SearchText string
	ReceiptCSV             string
	ClerkID, ClerkName     string
	EntryDetails
}

const entryColumns = `entity_id, id, book, year, seq, number, registered_at, means, source, subject, summary,
	doc_type, origin_dir3, origin_name, dest_dir3, dest_name, unit_id, external_ref, expone, solicita,
	first_party, search_text, receipt_csv, clerk_id, clerk_name, ` + detailColumns

// detailColumns are the columns of EntryDetails.
const detailColumns = `origin_unit_dir3, origin_unit_name, dest_unit_dir3, dest_unit_name, subject_code,
	case_number, transport_type, transport_number, physical_docs, entry_notes, origin_number, origin_registered_at`

func insertEntryRow(ctx context.Context, tx *sql.Tx, e *entryRow) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_entries (`+entryColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		$21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37)`, e.values()...)
	if err != nil {
		return fmt.Errorf("registro: guardar el asiento %s: %w", e.ID, err)
	}
	return nil
}

// values are the row's values in the order of entryColumns.
func (e *entryRow) values() []any {
	return []any{e.EntityID, e.ID, e.Book, e.Year, e.Seq, e.Number, e.RegisteredAt, e.Means, e.Source, e.Subject, e.Summary,
		e.DocType, e.OriginDIR3, e.OriginName, e.DestDIR3, e.DestName, db.NullString(e.UnitID), e.ExternalRef,
		e.Expone, e.Solicita, e.FirstParty, e.SearchText, e.ReceiptCSV, e.ClerkID, e.ClerkName,
		e.OriginUnitDIR3, e.OriginUnitName, e.DestUnitDIR3, e.DestUnitName, e.SubjectCode, e.CaseNumber,
		e.TransportType, e.TransportNumber, e.PhysicalDocs, e.Notes, e.OriginNumber, db.NullTime(e.OriginRegisteredAt)}
}

func scanEntry(sc db.Scanner) (entryRow, error) { return scanEntryWith(sc) }

// scanEntryWith scans the entry columns followed by extra columns.
func scanEntryWith(sc db.Scanner, extra ...any) (entryRow, error) {
	var e entryRow
	var unit sql.NullString
	var originAt sql.NullTime
	dest := []any{&e.EntityID, &e.ID, &e.Book, &e.Year, &e.Seq, &e.Number, &e.RegisteredAt, &e.Means, &e.Source,
		&e.Subject, &e.Summary, &e.DocType, &e.OriginDIR3, &e.OriginName, &e.DestDIR3, &e.DestName, &unit,
		&e.ExternalRef, &e.Expone, &e.Solicita, &e.FirstParty, &e.SearchText, &e.ReceiptCSV, &e.ClerkID, &e.ClerkName,
		&e.OriginUnitDIR3, &e.OriginUnitName, &e.DestUnitDIR3, &e.DestUnitName, &e.SubjectCode, &e.CaseNumber,
		&e.TransportType, &e.TransportNumber, &e.PhysicalDocs, &e.Notes, &e.OriginNumber, &originAt}
	err := sc.Scan(append(dest, extra...)...)
	e.UnitID = unit.String
	e.RegisteredAt = e.RegisteredAt.UTC()
	if originAt.Valid {
		e.OriginRegisteredAt = originAt.Time.UTC()
	}
	return e, err
}

func entryByID(ctx context.Context, q db.Queryer, entityID, entryID string) (entryRow, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM registry_entries
		WHERE entity_id = $1 AND id = $2`, entityID, entryID))
	if err := db.NotFound(err); err != nil {
		return e, fmt.Errorf("registro: leer el asiento %s: %w", entryID, err)
	}
	return e, nil
}

// insertInterested writes an interesado at pos (role "interesado",
// represents 0) or a representante of the interesado at represents.
func insertInterested(ctx context.Context, tx *sql.Tx, entityID, entryID string, pos, represents int, p Interested, partyID string) error {
	role := "interesado"
	if represents > 0 {
		role = "representante"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_interested (entity_id, entry_id, pos, doc_type, doc_number,
		name, email, phone, address, party_id, role, represents, `+partColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		entityID, entryID, pos, p.DocType, p.DocNumber, p.Name, p.Email, p.Phone, p.Address, partyID, role, represents,
		p.GivenName, p.Surname1, p.Surname2, p.BusinessName, p.Country, p.Province, p.Municipality, p.PostCode,
		p.DEH, p.Channel, p.Notes)
	if err != nil {
		return fmt.Errorf("registro: guardar el interesado %d del asiento %s: %w", pos, entryID, err)
	}
	return nil
}

// partColumns are the columns of PersonParts.
const partColumns = `given_name, surname1, surname2, business_name, country, province, municipality, postcode,
	deh, channel, notes`

// partyIDs links each interesado with a document to the entity's tercero
// with that document, if any ("" otherwise). It reads outside the
// asiento's transaction: the link is a convenience, the asiento keeps the
// data as presented.
func partyIDs(ctx context.Context, q db.Queryer, entityID string, people []Interested) ([]string, error) {
	ids := make([]string, len(people))
	for i, p := range people {
		if p.DocNumber == "" {
			continue
		}
		t, err := partyByDocument(ctx, q, entityID, p.DocNumber)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, fmt.Errorf("registro: buscar los terceros de los interesados de la entidad %s: %w", entityID, err)
		}
		ids[i] = t.ID
	}
	return ids, nil
}

// tercero is a person or organisation of the entity's register of
// terceros (module parties), as the registro looks it up.
type tercero struct {
	ID string
	Interested
}

// partyByDocument finds the tercero of the entity with a document number
// (the asiento keeps its own copy of the data as presented, and the link).
func partyByDocument(ctx context.Context, q db.Queryer, entityID, doc string) (tercero, error) {
	p, err := parties.ByDocument(ctx, q, entityID, doc)
	if err != nil {
		return tercero{}, fmt.Errorf("registro: buscar el tercero por documento en la entidad %s: %w", entityID, err)
	}
	t := tercero{ID: p.ID, Interested: Interested{DocType: p.DocType, DocNumber: p.DocNumber,
		Name: web.Join(" ", p.Name, p.Surname1, p.Surname2), Email: p.Email, Phone: p.Phone,
		Address: web.Join(", ", p.AddressText, strings.TrimSpace(p.PostalCode+" "+p.Town))}}
	if p.Kind == parties.KindLegal {
		t.BusinessName = p.Name
	}
	return t, nil
}

// interestedOf reads the interesados of an asiento, each with its
// representante.
func interestedOf(ctx context.Context, q db.Queryer, entityID, entryID string) ([]Interested, error) {
	type row struct {
		Interested
		pos, represents int
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (r row, err error) {
		p := &r.Interested
		err = sc.Scan(&r.pos, &r.represents, &p.DocType, &p.DocNumber, &p.Name, &p.Email, &p.Phone, &p.Address,
			&p.GivenName, &p.Surname1, &p.Surname2, &p.BusinessName, &p.Country, &p.Province, &p.Municipality,
			&p.PostCode, &p.DEH, &p.Channel, &p.Notes)
		return r, err
	}, `SELECT pos, represents, doc_type, doc_number, name, email, phone, address, `+partColumns+`
		FROM registry_interested WHERE entity_id = $1 AND entry_id = $2 ORDER BY pos`, entityID, entryID)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los interesados del asiento %s: %w", entryID, err)
	}
	var out []Interested
	at := map[int]int{}
	for _, r := range rows {
		if r.represents == 0 {
			at[r.pos] = len(out)
			out = append(out, r.Interested)
		}
	}
	for _, r := range rows {
		if i, ok := at[r.represents]; ok && r.represents > 0 {
			rep := r.Interested
			out[i].Representative = &rep
		}
	}
	return out, nil
}

// storedDoc is a registry_documents row (Content empty in listings).
type storedDoc struct {
	Pos                   int
	Filename, ContentType string
	SHA256                string
	Size                  int64
	Content               []byte
	DocumentMeta
	// Signatures is the verdict on its electronic signatures in one line,
	// set on the asiento's page for a PDF or XML (describeSignatures).
	Signatures string
}

func insertDocument(ctx context.Context, tx *sql.Tx, entityID, entryID string, d storedDoc) error {
	kind := d.Kind
	if kind == "" {
		kind = "02"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_documents (entity_id, entry_id, pos, filename, content_type,
		sha256, size, content, `+metaColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
		$15, $16, $17, $18)`,
		entityID, entryID, d.Pos, d.Filename, d.ContentType, d.SHA256, d.Size, d.Content, d.Validity, kind, d.FileID,
		d.SicresHash, db.NullBytes(d.Signature), db.NullBytes(d.Certificate), db.NullBytes(d.TimeStamp), db.NullBytes(d.OCSP),
		d.SignedFileID, d.Notes)
	if err != nil {
		return fmt.Errorf("registro: guardar el documento %d del asiento %s: %w", d.Pos, entryID, err)
	}
	return nil
}

// metaColumns are the columns of DocumentMeta.
const metaColumns = `validity, doc_kind, file_id, sicres_hash, signature, certificate, time_stamp, ocsp,
	signed_file_id, notes`

func documentsOf(ctx context.Context, q db.Queryer, entityID, entryID string) ([]storedDoc, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (d storedDoc, err error) {
		err = sc.Scan(&d.Pos, &d.Filename, &d.ContentType, &d.SHA256, &d.Size, &d.Validity, &d.Kind, &d.FileID,
			&d.SicresHash, &d.Signature, &d.Certificate, &d.TimeStamp, &d.OCSP, &d.SignedFileID, &d.Notes)
		return d, err
	}, `SELECT pos, filename, content_type, sha256, size, `+metaColumns+` FROM registry_documents
		WHERE entity_id = $1 AND entry_id = $2 ORDER BY pos`, entityID, entryID)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los documentos del asiento %s: %w", entryID, err)
	}
	return rows, nil
}

func documentContent(ctx context.Context, q db.Queryer, entityID, entryID string, pos int) (storedDoc, error) {
	var d storedDoc
	err := q.QueryRowContext(ctx, `SELECT pos, filename, content_type, sha256, size, content FROM registry_documents
		WHERE entity_id = $1 AND entry_id = $2 AND pos = $3`, entityID, entryID, pos).
		Scan(&d.Pos, &d.Filename, &d.ContentType, &d.SHA256, &d.Size, &d.Content)
	if err := db.NotFound(err); err != nil {
		return d, fmt.Errorf("registro: leer el documento %d del asiento %s: %w", pos, entryID, err)
	}
	return d, nil
}

// unit is a unidad de tramitación of the entity.
type unit struct {
	EntityID, ID, Name, DIR3 string
	Active                   bool
	CreatedAt                time.Time
	Members, Pending         int
}

func unitByID(ctx context.Context, q db.Queryer, entityID, unitID string) (unit, error) {
	var u unit
	err := q.QueryRowContext(ctx, `SELECT entity_id, id, name, dir3, active, created_at FROM registry_units
		WHERE entity_id = $1 AND id = $2`, entityID, unitID).
		Scan(&u.EntityID, &u.ID, &u.Name, &u.DIR3, &u.Active, &u.CreatedAt)
	if err := db.NotFound(err); err != nil {
		return u, fmt.Errorf("registro: leer la unidad %s: %w", unitID, err)
	}
	return u, nil
}

func insertDistribution(ctx context.Context, tx *sql.Tx, entityID, entryID string, step int, unitID string, at time.Time, by string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_distributions (entity_id, entry_id, step, unit_id, state,
		sent_at, sent_by) VALUES ($1, $2, $3, $4, 'pendiente', $5, $6)`, entityID, entryID, step, unitID, at, by)
	if err != nil {
		return fmt.Errorf("registro: distribuir el asiento %s a la unidad %s: %w", entryID, unitID, err)
	}
	return nil
}

// kitChange builds an audit change on an asiento.
func kitChange(entityID, action, entryID string, before, after any) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: "asiento", ObjectID: entryID, Before: before, After: after}
}

// unitChange builds an audit change on a unit.
func unitChange(entityID, action, unitID string, before, after any) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: "unidad_registro", ObjectID: unitID, Before: before, After: after}
}

// unitsOf lists the units of an entity with their members and pending asientos.
func unitsOf(ctx context.Context, q db.Queryer, entityID string, onlyActive bool) ([]unit, error) {
	cond := ""
	if onlyActive {
		cond = " AND u.active"
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (u unit, err error) {
		err = sc.Scan(&u.EntityID, &u.ID, &u.Name, &u.DIR3, &u.Active, &u.CreatedAt, &u.Members, &u.Pending)
		return u, err
	}, `SELECT u.entity_id, u.id, u.name, u.dir3, u.active, u.created_at,
		(SELECT COUNT(*) FROM registry_unit_members m WHERE m.entity_id = u.entity_id AND m.unit_id = u.id),
		(SELECT COUNT(*) FROM registry_distributions d WHERE d.entity_id = u.entity_id AND d.unit_id = u.id AND d.state = 'pendiente')
		FROM registry_units u WHERE u.entity_id = $1`+cond+` ORDER BY u.name`, entityID)
	if err != nil {
		return nil, fmt.Errorf("registro: leer las unidades de la entidad %s: %w", entityID, err)
	}
	return rows, nil
}

// member is a user of the entity (for unit membership).
type member struct {
	UserID, Name, Job string
	InUnit            bool
}

func entityMembers(ctx context.Context, q db.Queryer, entityID, unitID string) ([]member, error) {
	people, err := directory.Members(ctx, q, directory.MemberFilter{Entities: []string{entityID}}, directory.BySurnames)
	if err != nil {
		return nil, fmt.Errorf("registro: leer el personal de la entidad %s: %w", entityID, err)
	}
	inUnit, err := unitMembers(ctx, q, entityID, unitID)
	if err != nil {
		return nil, err
	}
	rows := make([]member, len(people))
	for i, p := range people {
		rows[i] = member{UserID: p.ID, Name: p.Name(), Job: p.JobTitle, InUnit: inUnit[p.ID]}
	}
	return rows, nil
}

// unitMembers returns the ids of the members of unitID.
func unitMembers(ctx context.Context, q db.Queryer, entityID, unitID string) (map[string]bool, error) {
	ids, err := db.Collect(ctx, q, func(sc db.Scanner) (id string, err error) {
		err = sc.Scan(&id)
		return id, err
	}, `SELECT user_id FROM registry_unit_members WHERE entity_id = $1 AND unit_id = $2`, entityID, unitID)
	if err != nil {
		return nil, fmt.Errorf("registro: leer los miembros de la unidad %s: %w", unitID, err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// MeansLabel is the Spanish name of the means of presentation.
func (e entryRow) MeansLabel() string { return MeansName(e.Means) }

// DocTypeLabel is the Spanish name of the tipo documental.
func (e entryRow) DocTypeLabel() string { return DocTypeName(e.DocType) }

// SourceLabel says where the asiento came from.
func (e entryRow) SourceLabel() string { return sourceName(e.Source) }

// OfficialTime is the official date and time with seconds, in Madrid.
func (e entryRow) OfficialTime() string {
	return e.RegisteredAt.In(web.Madrid).Format("02/01/2006 15:04:05")
}

// TransportLabel is the Spanish name of the transport.
func (e entryRow) TransportLabel() string { return TransportName(e.TransportType) }

// PhysicalDocsLabel says what goes on paper with the asiento.
func (e entryRow) PhysicalDocsLabel() string { return PhysicalDocsName(e.PhysicalDocs) }

// SizeLabel is the document size in bytes, Spanish style.
func (d storedDoc) SizeLabel() string { return web.Thousands(d.Size) + " bytes" }

// interchangeChange builds an audit change on a SIR interchange.
func interchangeChange(entityID, action, iid string, after any) kit.Change {
	return kit.Change{EntityID: entityID, Action: action, ObjectType: "intercambio_sir", ObjectID: iid, After: after}
}
