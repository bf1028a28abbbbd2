package registry

import (
	"context"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
)

// Reads reports whether a reads asientos of his current entity's registro:
// a module that names an asiento links to it only for who may open it.
func Reads(ctx context.Context, c *access.Catalogue, a *auth.Actor) (bool, error) {
	return c.CanHere(ctx, a, PermRead)
}
