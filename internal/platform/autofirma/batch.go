package autofirma

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/sign"
)

// Documents is what a BatchSigner needs from the application.
type Documents interface {
	// Prepare returns the pending signature of the document named by ref
	// for the signer's chain (signer first). It decides whether that signer
	// may sign that document; an errs.Error's message reaches the clerk.
	Prepare(ctx context.Context, ref string, f sign.Format, chain []*x509.Certificate) (*sign.Pending, error)
	// Save keeps the signed file of ref (called after Finish succeeds).
	Save(ctx context.Context, ref string, signed []byte, chain []*x509.Certificate) error
}

// BatchItem is one document of a batch.
type BatchItem struct {
	// ID names the document in AutoFirma's result (letters, digits, '-'
	// and '_').
	ID string
	// Ref is the application's reference of the document, for Documents.
	Ref    string
	Format sign.Format
}

// BatchOptions shape a BatchSigner; zero fields take the defaults.
type BatchOptions struct {
	// TTL is how long a batch waits for AutoFirma after Open and between
	// its requests; 15 minutes by default.
	TTL time.Duration
	// MaxItems bounds the documents of one batch (200).
	MaxItems int
	// MaxMemory bounds what the open batches hold together, their pending
	// signatures included (512 MiB).
	MaxMemory int
	// Log receives the errors the clerk is not shown; nil: slog.Default().
	Log *slog.Logger
}

// BatchSigner serves AutoFirma's trifásica batch: Open registers the
// documents, the pre-signer prepares them for the signer's certificate and
// hands out what the key must sign, the post-signer completes and saves
// them. The documents and every pending signature stay on the server;
// from AutoFirma's requests only the batch's session, the certificate and
// the signature values are taken.
type BatchSigner struct {
	docs     Documents
	maxItems int
	log      *slog.Logger
	batches  *expiring[*batch]
	mu       sync.Mutex // guards the fields of every batch
}

type batchState int

const (
	batchOpen      batchState = iota // waiting for the pre-signer
	batchBusy                        // a request is working on it
	batchPresigned                   // waiting for the post-signer
	batchDone                        // finished: outcome is final
)

type batch struct {
	items       []BatchItem
	stopOnError bool
	state       batchState
	chain       []*x509.Certificate
	pending     map[string]*sign.Pending
	outcome     []SignStatus
}

// NewBatchSigner returns a BatchSigner over docs.
func NewBatchSigner(docs Documents, o BatchOptions) *BatchSigner {
	if o.TTL <= 0 {
		o.TTL = 15 * time.Minute
	}
	if o.MaxItems <= 0 {
		o.MaxItems = 200
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = 512 << 20
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &BatchSigner{docs: docs, maxItems: o.MaxItems, log: o.Log, batches: newExpiring[*batch](o.TTL, o.MaxMemory)}
}

// Open registers a batch of documents and returns its session and the JSON
// batch definition to put in the Invocation's Data. With stopOnError the
// batch is all or nothing: one failure and no document is saved.
func (b *BatchSigner) Open(items []BatchItem, stopOnError bool) (session string, definition []byte, err error) {
	if len(items) == 0 || len(items) > b.maxItems {
		return "", nil, errs.New(errs.Invalid, "El lote de firma no tiene documentos o tiene demasiados.")
	}
	def := BatchDefinition{Algorithm: DefaultAlgorithm, Format: items[0].Format, Suboperation: "sign",
		StopOnError: stopOnError, Session: NewID()}
	seen := map[string]bool{}
	for _, it := range items {
		if !validID(it.ID) || seen[it.ID] {
			return "", nil, errs.New(errs.Invalid, "Los documentos del lote necesitan identificadores distintos de letras y cifras.")
		}
		seen[it.ID] = true
		def.SingleSigns = append(def.SingleSigns, SingleSign{ID: it.ID, DataReference: it.Ref, Format: it.Format, Suboperation: "sign"})
	}
	definition, err = json.Marshal(def)
	if err != nil {
		return "", nil, err
	}
	bt := &batch{items: append([]BatchItem(nil), items...), stopOnError: stopOnError}
	if !b.batches.put(def.Session, bt, bt.size()) {
		return "", nil, errBusy
	}
	return def.Session, definition, nil
}

// Outcome returns the result of each document of the batch named by
// session and whether it is final. It is the server's own record: trust it
// rather than the result AutoFirma hands to the page.
func (b *BatchSigner) Outcome(session string) ([]SignStatus, bool) {
	bt, ok := b.batches.get(session)
	if !ok {
		return nil, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if bt.outcome == nil {
		return nil, false
	}
	return append([]SignStatus(nil), bt.outcome...), bt.state == batchDone
}

var errBusy = errs.New(errs.Unavailable, "Hay demasiados lotes de firma en curso; inténtelo de nuevo en unos minutos.")

var errNoBatch = errors.New("El lote de firma no existe, ya se ha firmado o ha caducado; vuelva a la página y firme de nuevo.")

// acquire marks the batch of session busy if it is in one of the states
// allowed, and returns it.
func (b *BatchSigner) acquire(session string, allowed ...batchState) (*batch, error) {
	bt, ok := b.batches.get(session)
	if !ok {
		return nil, errNoBatch
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range allowed {
		if bt.state == s {
			bt.state = batchBusy
			return bt, nil
		}
	}
	return nil, errNoBatch
}

// release applies update (if any) to the batch, sets its new state and
// renews its lifetime; it reports false when the batch no longer fits in
// memory, and then drops it.
func (b *BatchSigner) release(session string, bt *batch, s batchState, update func(*batch)) bool {
	b.mu.Lock()
	if update != nil {
		update(bt)
	}
	bt.state = s
	size := bt.size()
	b.mu.Unlock()
	if !b.batches.put(session, bt, size) {
		b.batches.take(session)
		return false
	}
	return true
}

// size is what the batch is counted for in memory.
func (bt *batch) size() int {
	n := 1 << 10
	for _, p := range bt.pending {
		n += len(p.State) + len(p.ToBeSigned)
	}
	return n
}

// userMessage returns what the clerk may read of err: the message of an
// errs.Error that is not internal or of a sign error, else fallback (and
// the error goes to the log).
func (b *BatchSigner) userMessage(ctx context.Context, err error, fallback string) string {
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != errs.Internal {
		return e.Message
	}
	for _, known := range []error{sign.ErrUnsupported, sign.ErrBadInput, sign.ErrBadSignature, sign.ErrTooLarge} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	b.log.ErrorContext(ctx, "autofirma: lote", "error", err)
	return fallback
}
