package dir3

import (
	"embed"

	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Module is the Directorio Común de unidades orgánicas y oficinas.
type Module struct {
	kit *kit.Kit
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}
