package auditlog

import "concejo/internal/platform/access"

// Permissions of the audit log.
const (
	// PermRead lets read the log of the entity one works for now (every
	// entity's, and the platform's, for the Diputación administrator).
	PermRead access.Permission = "auditlog:read"
	// PermVerify lets walk the whole chain to check its integrity.
	PermVerify access.Permission = "auditlog:verify"
)

// permissions are the module's, declared in Register.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar el registro de auditoría de la entidad", Holders: access.DipAdmin | access.UserAdmin,
		Denied: "El registro de auditoría lo consultan los administradores de la Diputación y el administrador de usuarios " +
			"de cada entidad. Si administra otra entidad, cambie a ella en «Trabajar para»."},
	{Perm: PermVerify, Label: "Verificar la integridad de la cadena del registro de auditoría", Holders: access.DipAdmin},
}
