package casefile

import (
	"embed"

	"concejo/internal/eadmin/decrees"
	"concejo/internal/eadmin/registry"
	"concejo/internal/platform/kit"
	"concejo/internal/portal"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Service is the code of the tramitador in the service catalogue.
const Service = "expedientes"

// Module is the tramitador de expedientes.
type Module struct {
	kit         *kit.Kit
	registry    *registry.Module
	resolutions *decrees.Module
	// Tablon is the portal whose tablón de anuncios the expedientes
	// publish on (set by the app; nil: none).
	Tablon *portal.Module
}

// New returns the module; reg is the registro the expedientes take their
// entradas from, dec the libro de resoluciones their resolutions go to
// (the app sets dec.OnSigned to OnResolutionSigned).
func New(k *kit.Kit, reg *registry.Module, dec *decrees.Module) *Module {
	return &Module{kit: k, registry: reg, resolutions: dec}
}
