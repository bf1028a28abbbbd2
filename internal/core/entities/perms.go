package entities

import "concejo/internal/platform/access"

// Permissions of the register of entities. The entity is the one the
// request names (/entidades/{id}), so the entity-bound ones are Chosen.
// (PermRead, which other modules ask too, is in api.go.)
const (
	// PermBrowse shows the register in the menu to whoever sees several
	// entities: Diputación staff and mancomunidad operators.
	PermBrowse access.Permission = "entities:browse"
	// PermNotes lets read an entity's internal notes.
	PermNotes access.Permission = "entities:notes"
	// PermHistory lets see an entity's history of changes.
	PermHistory access.Permission = "entities:history"
	// PermContact lets change an entity's contact data.
	PermContact access.Permission = "entities:contact"
	// PermManage lets register entities and change the rest: their
	// registration data, a mancomunidad's members, deactivation.
	PermManage access.Permission = "entities:manage"
)

// usersRead is the users module's permission to read an entity's users
// (users.PermRead, named here because that module imports this one): the
// entity's page links to its users for who holds it there.
const usersRead access.Permission = "users:read"

// permissions are the module's, declared in Register.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar los datos de una entidad", Chosen: true,
		Holders: access.Member | access.Operator | access.DipStaff,
		Denied: "No trabaja para ninguna entidad de Concejo, así que no hay entidades que pueda consultar. " +
			"Si trabaja para una, pida a la Diputación que le dé acceso."},
	{Perm: PermBrowse, Label: "Recorrer el registro de entidades desde el menú", Chosen: true,
		Holders: access.Operator | access.DipStaff},
	{Perm: PermNotes, Label: "Leer las notas internas de una entidad", Chosen: true,
		Holders: access.Member | access.DipStaff},
	{Perm: PermHistory, Label: "Ver el historial de cambios de una entidad", Chosen: true,
		Holders: access.UserAdmin | access.DipStaff},
	{Perm: PermContact, Label: "Cambiar los datos de contacto de una entidad", Chosen: true,
		Holders: access.UserAdmin | access.DipAdmin,
		Denied:  "Los datos de contacto de una entidad los cambia su administrador de usuarios; el resto, la Diputación."},
	{Perm: PermManage, Label: "Dar de alta entidades y cambiar sus datos de registro, sus miembros o su estado",
		Holders: access.DipAdmin,
		Denied: "Solo un administrador de la Diputación puede dar de alta entidades, cambiar sus datos de registro, " +
			"sus miembros o su estado."},
}
