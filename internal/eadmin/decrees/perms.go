package decrees

import "concejo/internal/platform/access"

// Roles of the expedientes application (service catalogue).
const (
	RoleUser    = "usuario"
	RoleManager = "gestor"
	RoleReader  = "consulta"
	RoleAdmin   = "administrador"
)

// Permissions of the libro de resoluciones. The roles count only while the
// entity has an active adhesion to Service; Diputación staff hold none of
// them unless they hold a role in the entity.
const (
	// PermRead reads the book, its resolutions and drafts, and exports it.
	PermRead access.Permission = "decrees:read"
	// PermDraft creates, edits and deletes propuestas de resolución.
	PermDraft access.Permission = "decrees:draft"
	// PermSign records the órgano's signature, which numbers the resolution.
	PermSign access.Permission = "decrees:sign"
)

// permissions declares who holds each permission.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar el libro de resoluciones (decretos) de la entidad y exportarlo",
		Service: Service, Roles: []string{RoleUser, RoleManager, RoleReader, RoleAdmin},
		Denied: "Para consultar el libro de resoluciones necesita un perfil en la aplicación de expedientes de su entidad, y la entidad tiene que estar adherida a ella."},
	{Perm: PermDraft, Label: "Redactar, modificar y borrar propuestas de resolución",
		Service: Service, Roles: []string{RoleUser, RoleManager, RoleAdmin},
		Denied: "Para redactar propuestas de resolución necesita el perfil de usuario, gestor o administrador de expedientes en su entidad."},
	{Perm: PermSign, Label: "Registrar la firma del órgano, que numera y fecha la resolución",
		Service: Service, Roles: []string{RoleManager, RoleAdmin},
		Denied: "Para registrar la firma de una resolución necesita el perfil de gestor o administrador de expedientes en su entidad."},
}
