package decrees

import (
	"context"
	"database/sql"
	"embed"

	"concejo/internal/eadmin/signflow"
	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Service is the code of the expedientes application in the service
// catalogue, whose roles give access to the book of resoluciones.
const Service = "expedientes"

// Module is the libro de resoluciones.
type Module struct {
	kit *kit.Kit
	// OnSigned, when set by the app, runs inside the signing transaction
	// once the resolution is numbered (an expediente may be marked resuelto
	// atomically). An error rolls the signature back, number included.
	OnSigned func(ctx context.Context, tx *sql.Tx, d Decree) error
	// OnCircuit, when set by the app, hears in its transaction each step
	// of the portafirmas' circuit of a resolution of an expediente.
	OnCircuit func(ctx context.Context, tx *sql.Tx, d Decree, text string) error
	// Signflow, when set by the app, is the portafirmas through which a
	// draft is signed electronically.
	Signflow *signflow.Module
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}
