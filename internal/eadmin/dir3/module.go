package dir3

import "concejo/internal/platform/kit"

// Module is the Directorio Común de unidades orgánicas y oficinas.
type Module struct {
	kit *kit.Kit
}

// New returns the module.
func New(k *kit.Kit) *Module {
	return &Module{kit: k}
}
