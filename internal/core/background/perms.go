package background

import "concejo/internal/platform/access"

// Permissions of the background jobs' pages.
const (
	// PermRead opens the jobs' pages: every signed-in person, who sees there
	// the jobs he started and those PermOversee shows him.
	PermRead access.Permission = "background:read"
	// PermOversee shows every job of an entity, whoever started it.
	PermOversee access.Permission = "background:oversee"
)

var permissions = []access.Def{
	{Perm: PermRead, Label: "Ver los trabajos en segundo plano que ha iniciado", Holders: access.Anyone},
	{Perm: PermOversee, Label: "Ver todos los trabajos en segundo plano de la entidad",
		Holders: access.UserAdmin | access.DipAdmin},
}
