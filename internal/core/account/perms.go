package account

import "concejo/internal/platform/access"

// Permissions of the person's own account.
const (
	// PermOwn reaches the home page and his own account: every signed-in person.
	PermOwn access.Permission = "account:own"
)

var permissions = []access.Def{
	{Perm: PermOwn, Label: "Entrar en su inicio y en su cuenta (contraseña, sesiones, entidad en la que trabaja)",
		Holders: access.Anyone},
}
