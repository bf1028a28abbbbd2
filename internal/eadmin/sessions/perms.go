package sessions

import "concejo/internal/platform/access"

// Roles of the expedientes application (service catalogue).
const (
	RoleUser    = "usuario"
	RoleManager = "gestor"
	RoleReader  = "consulta"
	RoleAdmin   = "administrador"
)

// Permissions of the órganos colegiados. The roles count only while the
// entity has an active adhesion to Service.
const (
	// PermRead reads the órganos, their sessions, actas and certificates.
	PermRead access.Permission = "sessions:read"
	// PermManage edits the órganos, convenes sessions and records their
	// attendance, votes and acta.
	PermManage access.Permission = "sessions:manage"
)

// permissions declares who holds each permission.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar los órganos colegiados de la entidad, sus sesiones, actas y certificados",
		Service: Service, Roles: []string{RoleUser, RoleManager, RoleReader, RoleAdmin},
		Denied: "Para consultar los órganos colegiados necesita un perfil en la aplicación de expedientes de su entidad, y la entidad tiene que estar adherida a ella."},
	{Perm: PermManage, Label: "Componer los órganos colegiados, convocar sus sesiones y registrar la asistencia, las votaciones y el acta",
		Service: Service, Roles: []string{RoleManager, RoleAdmin},
		Denied: "Para convocar sesiones y registrar lo que se acuerda en ellas necesita el perfil de gestor o administrador de expedientes en su entidad."},
}
