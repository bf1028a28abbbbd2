package territory

import "concejo/internal/platform/access"

// PadronService is the catalogue code of the padrón service, whose roles
// give access to the callejero and the terceros.
const PadronService = "padron"

// padronRoles are every role of the padrón service: each reads.
var padronRoles = []string{"consulta", "usuario", "gestor"}

// The 403s of the callejero and the terceros, for who may not read an
// entity's data and for who may only read it.
const (
	DeniedRead = "No tiene permiso para consultar estos datos: hace falta un perfil del servicio de padrón " +
		"en la entidad o ser su administrador de usuarios."
	DeniedChange = "Solo puede consultar estos datos: los cambios los hace el personal de la entidad " +
		"con un perfil de gestión del padrón o su administrador de usuarios."
)

// The callejero's permissions.
const (
	// PermOpen is declared by every route of the callejero.
	PermOpen access.Permission = "territory:open"
	// PermRead: read an entity's callejero.
	PermRead access.Permission = "territory:read"
	// PermChange: add núcleos, secciones, vías, números and viviendas, and rename vías.
	PermChange access.Permission = "territory:change"
)

// perms are the callejero's permissions: only the padrón's gestor changes it.
var perms = Perms{Open: PermOpen, Read: PermRead, Change: PermChange}

// permissions are the callejero's declarations.
var permissions = perms.Defs("el callejero", "gestor")
