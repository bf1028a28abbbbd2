package account

import "concejo/internal/platform/access"

// Permissions of the person's own account.
const (
	// PermOwn reaches the home page and his own account: every signed-in person.
	PermOwn access.Permission = "account:own"
	// PermPending shows, on the home page, the adhesions waiting for the
	// Diputación.
	PermPending access.Permission = "account:pending"
)

var permissions = []access.Def{
	{Perm: PermOwn, Label: "Entrar en su inicio y en su cuenta (contraseña, sesiones, entidad en la que trabaja)",
		Holders: access.Anyone},
	{Perm: PermPending, Label: "Ver en su inicio las adhesiones pendientes de la Diputación", Holders: access.DipStaff},
}
