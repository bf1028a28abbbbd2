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
	DeniedRead = "No tiene permiso para consultar estos datos: hace falta un permiso del servicio de padrón " +
		"en la entidad o ser su administrador de usuarios."
	DeniedChange = "Solo puede consultar estos datos: los cambios los hace el personal de la entidad " +
		"con permiso de gestión del padrón o su administrador de usuarios."
)

// Perms are the permissions of a module whose pages work on one entity's
// data kept under the padrón service (the callejero, the terceros); the
// entity is the request's ?entidad= or the actor's current one, so all are
// chosen per entity.
type Perms struct {
	// Open lets the module's pages through for who sees some entity (his
	// own, those he operates, every one for Diputación staff): the routes
	// declare it, and an entity he does not see is a 404, not a 403.
	Open access.Permission
	// Read and Change are asked in the entity the request works on.
	Read, Change access.Permission
}

// Defs declares p for what (Spanish, "el callejero"): Open for who sees
// the entity; Read for Diputación staff, the entity's user administrator
// and every padrón role; Change for the user administrator and
// changeRoles of the padrón. Roles count only with the padrón adhesion
// active.
func (p Perms) Defs(what string, changeRoles ...string) []access.Def {
	return []access.Def{
		{Perm: p.Open, Label: "Abrir " + what + " de las entidades que ve (la suya, las que atiende como operador; la Diputación, todas)",
			Holders: access.Member | access.Operator | access.DipStaff, Chosen: true, Denied: DeniedRead},
		{Perm: p.Read, Label: "Consultar " + what + " de una entidad", Holders: access.DipStaff | access.UserAdmin,
			Service: PadronService, Roles: padronRoles, Chosen: true, Denied: DeniedRead},
		{Perm: p.Change, Label: "Cambiar " + what + " de una entidad", Holders: access.UserAdmin,
			Service: PadronService, Roles: changeRoles, Chosen: true, Denied: DeniedChange},
	}
}

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
