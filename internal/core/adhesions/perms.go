package adhesions

import "concejo/internal/platform/access"

// Permissions of the catalogue and the adhesions. An adhesion is of the
// entity of its record, so the permissions asked of one are asked in that
// entity.
const (
	// PermCatalogue lets read the catalogue of services and their conditions.
	PermCatalogue access.Permission = "adhesions:catalogue"
	// PermWithdrawn lets see, in the catalogue, the services withdrawn from it.
	PermWithdrawn access.Permission = "adhesions:withdrawn"
	// PermConfigure lets publish a service's conditions and set who may adhere to it.
	PermConfigure access.Permission = "adhesions:configure"
	// PermRead lets see an entity's adhesions: its members, the mancomunidad
	// operators serving it and Diputación staff. Any other is not found.
	PermRead access.Permission = "adhesions:read"
	// PermTrack shows the adhesions in the menu to whoever follows them:
	// Diputación staff and the entities' user administrators.
	PermTrack access.Permission = "adhesions:track"
	// PermRequest lets ask for an entity's adhesion to a service, attach
	// its signed document and end its adhesions.
	PermRequest access.Permission = "adhesions:request"
	// PermAnnul lets annul an entity's requests before they are signed
	// (and whoever holds PermRequest annuls the requests he made himself).
	PermAnnul access.Permission = "adhesions:annul"
	// PermDecide lets approve or reject the requests.
	PermDecide access.Permission = "adhesions:decide"
)

// permissions are the module's, declared in Register.
var permissions = []access.Def{
	{Perm: PermCatalogue, Label: "Consultar el catálogo de servicios y sus condiciones de acceso", Holders: access.Anyone},
	{Perm: PermWithdrawn, Label: "Ver en el catálogo los servicios retirados", Holders: access.DipStaff},
	{Perm: PermConfigure, Label: "Publicar las condiciones de acceso de un servicio y decidir quién puede adherirse",
		Holders: access.DipAdmin},
	{Perm: PermRead, Label: "Consultar las adhesiones de una entidad y sus documentos", Chosen: true,
		Holders: access.Member | access.Operator | access.DipStaff,
		Denied:  "No trabaja para ninguna entidad de Concejo, así que no hay adhesiones que pueda consultar."},
	{Perm: PermTrack, Label: "Seguir las adhesiones desde el menú", Chosen: true,
		Holders: access.UserAdmin | access.DipStaff},
	{Perm: PermRequest, Label: "Solicitar la adhesión de una entidad a un servicio, subir su documento firmado y finalizarla",
		Holders: access.UserAdmin | access.DipAdmin,
		Denied: "Solo el administrador de usuarios de la entidad (o un administrador de la Diputación) puede solicitar " +
			"adhesiones a los servicios, subir su documento firmado o finalizarlas."},
	{Perm: PermAnnul, Label: "Anular una solicitud de adhesión de la entidad antes de firmarla", Holders: access.UserAdmin},
	{Perm: PermDecide, Label: "Aprobar o rechazar las solicitudes de adhesión", Holders: access.DipAdmin},
}
