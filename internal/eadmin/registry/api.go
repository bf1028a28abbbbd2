package registry

import (
	"context"
	"database/sql"
	"time"
)

// Attachment is a document attached to an asiento.
type Attachment struct {
	Filename, ContentType string
	Content               []byte
	DocumentMeta
}

// DocumentMeta is what SICRES says of a document besides its content (all
// optional; an asiento registered here fills Validity and Kind).
type DocumentMeta struct {
	// Validity is the Validez_Documento: "01" copia, "02" copia compulsada,
	// "03" copia original, "04" original.
	Validity string
	// Kind is the Tipo_Documento: "01" formulario, "02" documento adjunto
	// (the default), "03" fichero técnico interno.
	Kind string
	// FileID and SicresHash are the Identificador_Fichero and Hash the
	// document came with through SIR.
	FileID, SicresHash string
	// Signature (detached), Certificate, TimeStamp and OCSP are the
	// binary elements of De_Anexo, as received.
	Signature, Certificate, TimeStamp, OCSP []byte
	// SignedFileID is the Identificador_Documento_Firmado: the document
	// this one is the signature of.
	SignedFileID string
	// Notes are the Observaciones of the annex (≤ 50).
	Notes string
}

// Interested is an interesado of an asiento (person or organisation).
// DocType is "NIF", "NIE", "CIF", "PASAPORTE", "OTRO" or "ORIGEN" (código
// de origen, of an administration; empty when no document is given).
// Name is the whole name shown; the other fields are the parts SICRES
// exchanges, optional for a clerk.
type Interested struct {
	DocType, DocNumber, Name, Email, Phone, Address string
	PersonParts
	// Representative, when set, acts for this interesado.
	Representative *Interested
}

// PersonParts are the parts of a person's data that SICRES exchanges.
type PersonParts struct {
	// GivenName and the surnames of a natural person, or BusinessName
	// (razón social) of an organisation.
	GivenName, Surname1, Surname2, BusinessName string
	// Country (INE code, 4 digits), Province (2) and Municipality (INE
	// code, 5 digits with the province's) and PostCode of the address.
	Country, Province, Municipality, PostCode string
	// DEH is the dirección electrónica habilitada; Channel the preferred
	// channel: "01" postal, "02" DEH, "03" comparecencia electrónica.
	DEH, Channel string
	// Notes are the Observaciones (≤ 160).
	Notes string
}

// NewEntry is what Register needs to make an asiento.
type NewEntry struct {
	EntityID string
	// Kind is "entrada" or "salida".
	Kind string
	// Means is "presencial", "electronico" or "correo".
	Means string
	// Subject is the asunto (≤ 120 characters); Summary the resumen
	// (≤ 240, SICRES); DocType an ENI tipo documental code (TD01…TD99,
	// empty means TD99 Otros) — see DocTypes.
	Subject, Summary, DocType string
	Interested                []Interested
	// UnitID, when set, is the unit of the entity the asiento is
	// distributed to (pending its acceptance).
	UnitID    string
	Documents []Attachment
	// By is the user id of the clerk, or "sede" for citizens' submissions
	// at the sede electrónica.
	By string

	// Optional: origin (entrada) or destination (salida) as a DIR3 unit of
	// another administration, expone/solicita of a generic form, and an
	// external reference (e.g. the sender's number).
	OriginDIR3, OriginName, DestDIR3, DestName string
	Expone, Solicita, ExternalRef              string
	EntryDetails

	// source overrides the source ("sir" for accepted interchanges).
	source string
	// inTx, when set, runs inside the asiento's transaction once it is
	// written (accepting an interchange marks it there).
	inTx func(tx *sql.Tx, e *entryRow) error
}

// EntryDetails are the optional parts of an asiento that SICRES exchanges
// besides the register's own fields.
type EntryDetails struct {
	// OriginUnitDIR3/Name and DestUnitDIR3/Name are the unidades de
	// tramitación of origin and destination (OriginDIR3 and DestDIR3 are
	// the registry offices).
	OriginUnitDIR3, OriginUnitName string
	DestUnitDIR3, DestUnitName     string
	// SubjectCode is the Codigo_Asunto_Segun_Destino; CaseNumber the
	// Numero_Expediente.
	SubjectCode, CaseNumber string
	// TransportType (Tipo_Transporte_Entrada "01"…"07") and its number.
	TransportType, TransportNumber string
	// PhysicalDocs is the Documentacion_Fisica: "1" paper goes with it,
	// "2" digitised and also on paper, "3" digitised only.
	PhysicalDocs string
	// Notes are the Observaciones_Apunte (≤ 50).
	Notes string
	// OriginNumber and OriginRegisteredAt are the origin's own number and
	// date of an asiento received through SIR.
	OriginNumber       string
	OriginRegisteredAt time.Time
}

// Entry is a registered asiento as Register returns it.
type Entry struct {
	ID string
	// Number is "<year>/<E|S>/<6 digits>", e.g. 2026/E/000123.
	Number string
	// RegisteredAt is the official date and time (UTC; show it in Europe/Madrid).
	RegisteredAt time.Time
	// ReceiptCSV is the CSV of the justificante, verifiable at /verificar.
	ReceiptCSV string
}

// Register makes an asiento in its own transaction: it takes the next
// number of the entity's book (entrada or salida) for the current year with
// no gaps, stores the interesados and documents with their SHA-256,
// distributes it to UnitID when set, and audits it. The justificante's CSV
// is fixed in that transaction; the PDF is rendered and stored in the CSV
// register (csvdoc) on first request — Receipt, the asiento's page or the
// verification page /verificar — so registering is not slowed by PDF
// rendering. Bad input is a errs.Fields with Spanish messages.
// It does not check permissions: callers (the sede, the module's own
// handlers) do.
func (m *Module) Register(ctx context.Context, in NewEntry) (Entry, error) {
	return m.register(ctx, in)
}

// Receipt returns the justificante PDF of an asiento of entityID
// (db.ErrNotFound when there is none), issuing it first if it was not yet.
func (m *Module) Receipt(ctx context.Context, entityID, entryID string) ([]byte, error) {
	return m.receipt(ctx, entityID, entryID)
}
