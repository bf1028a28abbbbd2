package signflow

import (
	"context"
	"database/sql"
	"embed"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Source is a module whose records go through signing circuits (the libro
// de resoluciones): it renders the document to sign, and hears, inside the
// transaction of each step, what happens in the circuit and, at its end,
// that it was signed by everyone.
type Source interface {
	// Document renders the record's document for a circuit (a PDF with
	// its CSV printed), or an error of kind Conflict when the record may
	// not go to the signature (already signed…).
	Document(ctx context.Context, entityID, id string) (SourceDocument, error)
	// CircuitSigned receives the request with its signed document.
	CircuitSigned(ctx context.Context, tx *sql.Tx, r Request) error
	// CircuitEvent receives each line of the circuit's history (sent,
	// visto bueno, signed, rejected with its reason, corrected, withdrawn)
	// as a sentence for the record's own history.
	CircuitEvent(ctx context.Context, tx *sql.Tx, r Request, text string) error
}

// SourceDocument is the document of another module's record.
type SourceDocument struct {
	Title, Kind, FileName string
	Content               []byte
	// CSV is the código seguro de verificación printed on it.
	CSV string
}

// Module is the portafirmas.
type Module struct {
	kit *kit.Kit
	// Confirm checks the signer's password again before a signature with
	// his centrally held certificate (the account module's).
	Confirm func(ctx context.Context, a *auth.Actor, field, password string) error
	sources map[string]Source
	af      *autoFirma
}

// CrossOriginEndpoints are the routes AutoFirma calls from the desktop
// (its Java client sends an Origin without the port): the app exempts them
// from http.CrossOriginProtection. They carry no session; the batch they
// serve is bound to its signer's certificate and checked against it.
var CrossOriginEndpoints = []string{"POST /afirma/StorageService", "POST /afirma/RetrieveService",
	"POST /afirma/lote/prefirma", "POST /afirma/lote/postfirma"}

// New returns the module.
func New(k *kit.Kit) *Module {
	m := &Module{kit: k, sources: map[string]Source{}}
	m.af = &autoFirma{storage: autofirma.NewStorage(autofirma.StorageOptions{}), owners: map[string]afOwner{}}
	m.af.batches = autofirma.NewBatchSigner(afDocuments{m}, autofirma.BatchOptions{Log: k.Log})
	return m
}

// HandleSource makes s hear the end of the circuits of its records of type
// sourceType.
func (m *Module) HandleSource(sourceType string, s Source) { m.sources[sourceType] = s }
