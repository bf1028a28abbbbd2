package parties

import (
	"context"

	"concejo/internal/platform/access"
	"concejo/internal/platform/auth"
)

// Reads reports whether a reads the terceros of his current entity: a
// module that names a tercero links to it only for who may open it.
func Reads(ctx context.Context, c *access.Catalogue, a *auth.Actor) (bool, error) {
	return c.CanHere(ctx, a, PermRead)
}
