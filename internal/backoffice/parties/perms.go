package parties

import (
	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/access"
)

// The register of terceros' permissions.
const (
	// PermOpen is declared by every route of the terceros.
	PermOpen access.Permission = "parties:open"
	// PermRead: read an entity's terceros.
	PermRead access.Permission = "parties:read"
	// PermChange: create, change and merge terceros, their domicile,
	// bank accounts and representatives.
	PermChange access.Permission = "parties:change"
)

// perms are the terceros' permissions: the padrón's gestor and usuario
// change them (consulta only reads).
var perms = territory.Perms{Open: PermOpen, Read: PermRead, Change: PermChange}

// permissions are the terceros' declarations.
var permissions = perms.Defs("los terceros", "gestor", "usuario")
