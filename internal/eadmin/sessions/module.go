package sessions

import (
	"embed"

	"concejo/internal/eadmin/casefile"
	"concejo/internal/platform/kit"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Service is the code of the expedientes application in the service
// catalogue, whose roles give access to the órganos colegiados.
const Service = "expedientes"

// Module is the órganos colegiados: Pleno and Junta de Gobierno Local.
type Module struct {
	kit   *kit.Kit
	cases *casefile.Module
}

// New returns the module; cf gives the expedientes ready for a session and
// takes back the certificates of the acuerdos.
func New(k *kit.Kit, cf *casefile.Module) *Module {
	return &Module{kit: k, cases: cf}
}
