package users

import "concejo/internal/platform/access"

// Permissions of user management. The entity whose users one reads or
// changes is the one the request names (?entidad=) or the user's, so the
// entity-bound ones are Chosen: the router lets through who holds them in
// some entity, and the module asks for them in the entity concerned.
const (
	// PermRead lets read the users of an entity: its user administrator,
	// a mancomunidad operator serving it, the Diputación administrator.
	PermRead access.Permission = "users:read"
	// PermManage lets create, change, block and remove the users of an
	// entity and grant them roles: its user administrator and the
	// Diputación administrator.
	PermManage access.Permission = "users:manage"
	// PermAccounts lets act on every account as a whole, whatever its
	// entities: link an existing account at once, change NIFs and the
	// Diputación roles, see every user and his whole history.
	PermAccounts access.Permission = "users:accounts"
	// PermInvitations lets see and answer one's own invitations to work
	// for an entity.
	PermInvitations access.Permission = "users:invitations"
)

// permissions are the module's, declared in Register.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar los usuarios de una entidad", Chosen: true,
		Holders: access.UserAdmin | access.Operator | access.DipAdmin,
		Denied: "La gestión de usuarios es para el administrador de usuarios de cada entidad y para la Diputación. " +
			"Si necesita dar de alta a alguien o cambiar sus perfiles, pídaselo al administrador de usuarios de su entidad."},
	{Perm: PermManage, Label: "Dar de alta, cambiar, bloquear y dar de baja a los usuarios de una entidad y concederles perfiles",
		Chosen: true, Holders: access.UserAdmin | access.DipAdmin,
		Denied: "Solo el administrador de usuarios de la entidad (o la Diputación) puede dar de alta a sus usuarios, " +
			"cambiarlos o concederles perfiles."},
	{Perm: PermAccounts, Label: "Administrar todas las cuentas: vincular cuentas existentes, cambiar el NIF y el papel en la Diputación",
		Holders: access.DipAdmin,
		Denied:  "Solo un administrador de la Diputación puede cambiar el papel de una persona en la Diputación."},
	{Perm: PermInvitations, Label: "Ver y contestar las invitaciones recibidas para trabajar para una entidad",
		Holders: access.Anyone},
}
