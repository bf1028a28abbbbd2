package signflow

import "concejo/internal/platform/access"

// Service is the code of the portafirmas in the service catalogue.
const Service = "portafirmas"

// Roles of the portafirmas application (service catalogue).
const (
	RoleSigner = "usuario"
	RoleAuthor = "gestor"
	RoleAdmin  = "administrador"
)

// Permissions of the portafirmas. The roles count only while the entity
// has an active adhesion to Service.
const (
	// PermSign is the signer's inbox: sign, give the visto bueno or
	// reject what waits for him, and delegate his own signature.
	PermSign access.Permission = "signflow:sign"
	// PermSend sends documents to signing circuits and follows them.
	PermSend access.Permission = "signflow:send"
	// PermAdmin sees every request of the entity, manages delegations
	// and the entity's certificates (seal, centrally held ones).
	PermAdmin access.Permission = "signflow:admin"
)

var permissions = []access.Def{
	{Perm: PermSign, Label: "Firmar, dar el visto bueno o rechazar los documentos del portafirmas que le esperan, y delegar su firma",
		Service: Service, Roles: []string{RoleSigner, RoleAuthor, RoleAdmin},
		Denied: "Para usar el portafirmas necesita un perfil en la aplicación Portafirmas de su entidad, y la entidad tiene que estar adherida a ella."},
	{Perm: PermSend, Label: "Enviar documentos a circuitos de firma y seguir su estado",
		Service: Service, Roles: []string{RoleAuthor, RoleAdmin},
		Denied: "Para enviar documentos a la firma necesita el papel de redactor o administrador del portafirmas en su entidad."},
	{Perm: PermAdmin, Label: "Ver todas las peticiones de firma de la entidad, gestionar delegaciones y certificados",
		Service: Service, Roles: []string{RoleAdmin},
		Denied: "Para administrar el portafirmas necesita el papel de administrador del portafirmas en su entidad."},
}
