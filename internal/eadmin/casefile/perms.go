package casefile

import "concejo/internal/platform/access"

// Roles of the expedientes application (service catalogue).
const (
	RoleClerk   = "usuario" // tramitador
	RoleManager = "gestor"
	RoleReader  = "consulta"
	RoleAdmin   = "administrador"
)

// Permissions of the tramitador. Its roles count only while the entity is
// adhered to Service.
const (
	// PermRead lists, searches and reads the entity's expedientes and its
	// catalogue of procedures.
	PermRead access.Permission = "casefile:read"
	// PermWork tramita: adds interesados and documents, does trámites,
	// suspends and lifts suspensions, concludes.
	PermWork access.Permission = "casefile:work"
	// PermOpen opens expedientes and assigns them.
	PermOpen access.Permission = "casefile:open"
	// PermConfigure adopts model procedures into the entity's catalogue and
	// adapts them.
	PermConfigure access.Permission = "casefile:configure"
	// PermProvince reads the province's figures of expedientes (counts per
	// entity and procedure, no personal data): the Diputación's staff.
	PermProvince access.Permission = "casefile:province"
	// PermModels reads the Diputación's model procedures: whoever reads
	// expedientes, and the Diputación's staff, who keep them.
	PermModels access.Permission = "casefile:models"
)

var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar los expedientes de la entidad y su catálogo de procedimientos",
		Service: Service, Roles: []string{RoleClerk, RoleManager, RoleReader, RoleAdmin}},
	{Perm: PermWork, Label: "Tramitar expedientes: interesados, documentos, trámites, suspensiones",
		Service: Service, Roles: []string{RoleClerk, RoleManager, RoleAdmin}},
	{Perm: PermOpen, Label: "Iniciar expedientes y asignarlos",
		Service: Service, Roles: []string{RoleManager, RoleAdmin}},
	{Perm: PermConfigure, Label: "Adoptar y adaptar los procedimientos del catálogo de la entidad",
		Holders: access.UserAdmin, Adhered: true, Service: Service, Roles: []string{RoleAdmin}},
	{Perm: PermModels, Label: "Consultar los procedimientos modelo de la Diputación",
		Holders: access.DipStaff, Service: Service, Roles: []string{RoleClerk, RoleManager, RoleReader, RoleAdmin}},
	{Perm: PermProvince, Label: "Consultar las cifras de expedientes de la provincia (sin datos personales)",
		Holders: access.DipStaff},
}
