package dir3

import "concejo/internal/platform/access"

// registryService and registryRoles are the registro's application in the
// service catalogue and its roles (internal/eadmin/registry, which uses
// this module and so is not imported by it).
const registryService = "registro"

var registryRoles = []string{"usuario", "registrador", "consulta", "administrador"}

// Permissions of the directory.
const (
	// PermRead searches the directory and reads its units and offices.
	PermRead access.Permission = "dir3:read"
	// PermImport imports the Directorio's files and reads the imports.
	PermImport access.Permission = "dir3:import"
)

// permissions declares who holds each permission: the directory is read by
// whoever works the registro of an adhered entity (its roles or its user
// administrator) and by the Diputación's staff; it is imported by the
// Diputación's administrators alone.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar el Directorio Común (DIR3) de unidades y oficinas de todas las administraciones",
		Holders: access.UserAdmin | access.DipStaff, Adhered: true, Service: registryService, Roles: registryRoles,
		Denied: "Para consultar el directorio DIR3 necesita un perfil en el registro de una entidad adherida a él."},
	{Perm: PermImport, Label: "Importar los ficheros del Directorio Común (DIR3) y ver sus importaciones",
		Holders: access.DipAdmin,
		Denied:  "Solo los administradores de la Diputación importan los ficheros del DIR3."},
}
