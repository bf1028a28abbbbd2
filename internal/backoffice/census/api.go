package census

// The functions of this file are what other modules (the portal's
// transparency page) read of the padrón. They check no permissions: the
// caller does.

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// ActivePopulation is the number of active inscriptions of entityID's
// padrón: its population, when the platform keeps the padrón (0 otherwise).
func ActivePopulation(ctx context.Context, q db.Queryer, entityID string) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM census_inscriptions WHERE entity_id = $1 AND active`, entityID).Scan(&n); err != nil {
		return 0, fmt.Errorf("padrón: contar las inscripciones vigentes de la entidad %s: %w", entityID, err)
	}
	return n, nil
}
