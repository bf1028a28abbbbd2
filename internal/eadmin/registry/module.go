package registry

import (
	"embed"
	"time"

	"concejo/internal/eadmin/sirlink"
	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Service is the code of the registro application in the service catalogue.
const Service = "registro"

// Module is the registro de entrada y salida.
type Module struct {
	kit *kit.Kit
	// now is the official clock (tests may replace it).
	now func() time.Time
	// Directory is the DIR3 directory destinations are picked from (nil:
	// codes are typed, and the entity exchanges under its own code).
	Directory Directory
	// SIR carries interchanges and messages (nil: by file, the clerk
	// downloads them and hands them over through ORVE/GEISER).
	SIR sirlink.Connector
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k, now: time.Now}
}
