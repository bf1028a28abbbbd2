package registry

import "concejo/internal/platform/access"

// Roles of the registro application (service catalogue).
const (
	RoleUser   = "usuario"
	RoleClerk  = "registrador"
	RoleReader = "consulta"
	RoleAdmin  = "administrador"
)

// Permissions of the registro. Its roles count only while the entity has
// an active adhesion to Service; Diputación staff hold none of them unless
// they hold a role in the entity.
const (
	// PermEnter is any part in the registry of the entity: a role of it,
	// or configuring it. It guards the pages of units and interchanges,
	// which look the record up before asking the finer permission (a
	// record of another entity is a 404, not a 403).
	PermEnter access.Permission = "registry:enter"
	// PermRead reads asientos: a usuario, those distributed to his units.
	PermRead access.Permission = "registry:read"
	// PermReadAll reads the whole book.
	PermReadAll access.Permission = "registry:read-all"
	// PermWrite registers asientos, annotates, distributes them and
	// exchanges them through SIR.
	PermWrite access.Permission = "registry:write"
	// PermConfigure creates units and chooses their members.
	PermConfigure access.Permission = "registry:configure"
	// PermDecideAny accepts, rejects or forwards a step pending at any
	// unit (the members of a unit decide its own steps).
	PermDecideAny access.Permission = "registry:decide-any"
)

// readers are the roles that read the book, each as far as it goes.
var readers = []string{RoleUser, RoleClerk, RoleReader, RoleAdmin}

// permissions declares who holds each permission of the registro.
var permissions = []access.Def{
	{Perm: PermEnter, Label: "Entrar en el registro de la entidad y ver sus unidades de tramitación",
		Holders: access.UserAdmin, Adhered: true, Service: Service, Roles: readers},
	{Perm: PermRead, Label: "Consultar los asientos del registro (el usuario, los distribuidos a sus unidades)",
		Service: Service, Roles: readers},
	{Perm: PermReadAll, Label: "Consultar todo el libro de registro",
		Service: Service, Roles: []string{RoleClerk, RoleReader, RoleAdmin}},
	{Perm: PermWrite, Label: "Anotar asientos, añadirles anotaciones, distribuirlos e intercambiarlos por SIR",
		Service: Service, Roles: []string{RoleClerk, RoleAdmin}},
	{Perm: PermConfigure, Label: "Crear unidades de tramitación y elegir sus miembros",
		Holders: access.UserAdmin, Adhered: true, Service: Service, Roles: []string{RoleAdmin}},
	{Perm: PermDecideAny, Label: "Aceptar, rechazar o reenviar los asientos pendientes en cualquier unidad",
		Service: Service, Roles: []string{RoleAdmin}},
}
