package signflow

import (
	"context"
	"embed"

	"concejo/internal/platform/auth"
	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

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
