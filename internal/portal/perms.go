package portal

import (
	"context"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
)

// Service is the catalogue code of the portal service.
const Service = "portal"

// Roles of the portal application inside an entity.
const (
	RoleContributor = "usuario"
	RoleEditor      = "editor"
	RolePublisher   = "publicador"
)

// Permissions of the portal. An entity's site is edited only by its own
// staff with a portal role, in their current entity: not the Diputación,
// not a mancomunidad operator.
const (
	// PermRead opens the portal's management: an editor of any kind, or
	// the Diputación's staff.
	PermRead access.Permission = "portal:read"
	// PermDraft reaches the editors' pages of the site and writes drafts
	// of pages, news and events.
	PermDraft access.Permission = "portal:draft"
	// PermEdit publishes contents and changes the site, its places,
	// surveys and open data.
	PermEdit access.Permission = "portal:edit"
	// PermOfficial publishes on the tablón de anuncios, the transparency
	// portal and the perfil del contratante.
	PermOfficial access.Permission = "portal:official"
	// PermOversee lists every entity's site and publishes the provincial
	// notices shown on all of them.
	PermOversee access.Permission = "portal:oversee"
	// PermHosts assigns the host names of an entity's portal and sede.
	PermHosts access.Permission = "portal:hosts"
)

var permissions = []access.Def{
	{Perm: PermRead, Label: "Entrar en la gestión del portal web", Holders: access.DipStaff,
		Service: Service, Roles: []string{RoleContributor, RoleEditor, RolePublisher}},
	{Perm: PermDraft, Label: "Gestionar el portal web de su entidad y escribir borradores de páginas, noticias y eventos",
		Service: Service, Roles: []string{RoleContributor, RoleEditor, RolePublisher}},
	{Perm: PermEdit, Label: "Publicar contenidos y cambiar el sitio, los lugares, las encuestas y los datos abiertos",
		Service: Service, Roles: []string{RoleEditor}},
	{Perm: PermOfficial, Label: "Publicar en el tablón de anuncios, la transparencia y el perfil del contratante",
		Service: Service, Roles: []string{RolePublisher}},
	{Perm: PermOversee, Label: "Ver los portales de todas las entidades y publicar los avisos provinciales",
		Holders: access.DipStaff},
	{Perm: PermHosts, Label: "Asignar los dominios del portal y de la sede de cada entidad", Holders: access.DipAdmin},
}

// may reports whether a holds p in his current entity, for what a page
// offers him. The portal's permissions come from the Diputación's roles
// and the current entity's portal roles, which the actor carries, so the
// answer never reads the database; an error (an undeclared permission)
// counts as not holding it.
func (m *Module) may(ctx context.Context, a *auth.Actor, p access.Permission) bool {
	ok, err := m.kit.Access.CanHere(ctx, a, p)
	return err == nil && ok
}
