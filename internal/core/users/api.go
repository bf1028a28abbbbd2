package users

// The functions of api.go and api_*.go are what other modules use of the
// accounts (sign-in, internal/core/account, is the one so far). They take a
// db.Queryer, so they run inside the caller's transaction; none of them
// checks permissions or writes audit: the caller does. Other modules read
// a person or an entity's people through internal/core/directory.

import (
	"context"

	"concejo/internal/platform/db"
)

// Memberships lists userID's entities by entity name, then id (those of an
// entity that no longer exists left out), each with the entity's name and
// kind.
func Memberships(ctx context.Context, q db.Queryer, userID string) ([]Membership, error) {
	return memberships(ctx, q, userID)
}
