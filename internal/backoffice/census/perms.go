package census

import (
	"context"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
)

// Permissions of the padrón. Those of an entity's padrón are held only
// while the entity has an active adhesion to the padrón service: by its
// padrón roles (consulta reads, usuario also certifies, gestor also
// changes) and by its user administrator, who acts as gestor.
const (
	// PermRead: search the padrón, read inscriptions, households and figures.
	PermRead access.Permission = "census:read"
	// PermCertify: issue volantes and certificados.
	PermCertify access.Permission = "census:certify"
	// PermChange: record variations, exchange files with INE, the ENCSARP
	// renewals, the register of look-ups and the verification keys.
	PermChange access.Permission = "census:change"
	// PermProvince: the aggregated population of the province, for
	// Diputación staff.
	PermProvince access.Permission = "census:province"
)

// deniedPadron is the 403 of someone without a role on the padrón.
const deniedPadron = "No tiene permiso para usar el padrón de habitantes de esta entidad. " +
	"Pida al administrador de usuarios de la entidad un perfil en la aplicación del padrón."

// permissions are the padrón's declarations.
var permissions = []access.Def{
	padronDef(PermRead, "Consultar el padrón de habitantes de la entidad", "consulta", "usuario", "gestor"),
	padronDef(PermCertify, "Emitir volantes y certificados de empadronamiento", "usuario", "gestor"),
	padronDef(PermChange, "Tramitar altas, bajas y modificaciones del padrón, el intercambio con el INE, "+
		"las renovaciones ENCSARP, el registro de accesos y las claves de verificación", "gestor"),
	{Perm: PermProvince, Label: "Ver la población agregada de los municipios de la provincia", Holders: access.DipStaff},
}

// padronDef is a permission on an entity's padrón held by roles and by the
// entity's user administrator, with the adhesion active.
func padronDef(p access.Permission, label string, roles ...string) access.Def {
	return access.Def{Perm: p, Label: label, Holders: access.UserAdmin, Service: ServiceCode, Roles: roles,
		Adhered: true, Denied: deniedPadron}
}

// abilities are what the actor may do in the padrón of his current entity
// beyond reading, for the pages that offer it.
type abilities struct{ Certify, Change bool }

// abilitiesOf asks the access layer for a's abilities.
func (m *Module) abilitiesOf(ctx context.Context, a *auth.Actor) (abilities, error) {
	var c abilities
	var err error
	if c.Certify, err = m.kit.Access.CanHere(ctx, a, PermCertify); err != nil {
		return c, err
	}
	c.Change, err = m.kit.Access.CanHere(ctx, a, PermChange)
	return c, err
}
