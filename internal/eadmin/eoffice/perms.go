package eoffice

import "concejo/internal/platform/access"

// Permissions of the staff's side of the sede electrónica, on the current
// entity. Its public pages and the identified citizen's (who is never a
// signed-in actor: see citizen.go) declare access.Public.
const (
	// PermRead sees the entity's sede and its catalogue of procedures.
	PermRead access.Permission = "eoffice:read"
	// PermChange changes the sede's content and its catalogue.
	PermChange access.Permission = "eoffice:change"
)

// permissions declares who holds each permission of the sede.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Ver la sede electrónica de la entidad y su catálogo de procedimientos",
		Holders: access.Member | access.Operator | access.DipStaff},
	{Perm: PermChange, Label: "Cambiar el contenido de la sede electrónica y su catálogo de procedimientos",
		Holders: access.UserAdmin | access.DipAdmin, Service: Service, Roles: []string{"administrador", "gestor"},
		Denied: "Solo el administrador de la entidad o quien tenga el perfil de gestor de la sede electrónica puede cambiar su contenido y su catálogo."},
}
