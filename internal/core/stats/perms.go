package stats

import "concejo/internal/platform/access"

// PermRead lets read the province-wide figures: they are public in the
// Diputación's reports, so every signed-in person holds it.
const PermRead access.Permission = "stats:read"

// permissions are the module's, declared in Register.
var permissions = []access.Def{
	{Perm: PermRead, Label: "Consultar las estadísticas de entidades y adhesiones de la provincia", Holders: access.Anyone},
}
