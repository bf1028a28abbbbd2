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
}

// Interested is an interesado of an asiento (person or organisation).
// DocType is "NIF", "NIE", "CIF", "PASAPORTE" or "OTRO" (empty when no
// document is given).
type Interested struct {
	DocType, DocNumber, Name, Email, Phone, Address string
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

	// source overrides the source ("sir" for accepted interchanges).
	source string
	// inTx, when set, runs inside the asiento's transaction once it is
	// written (accepting an interchange marks it there).
	inTx func(tx *sql.Tx, e *entryRow) error
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
