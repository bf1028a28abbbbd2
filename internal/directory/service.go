package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// Service is a service of the catalogue as other modules read it.
type Service struct {
	Code     string
	Name     string
	Category string
	// Active is false for a service withdrawn from the catalogue.
	Active bool
}

const serviceCols = `code, name, category, active`

func scanService(sc db.Scanner) (Service, error) {
	var s Service
	err := sc.Scan(&s.Code, &s.Name, &s.Category, &s.Active)
	return s, err
}

// ServiceByCode returns the service code (active or not), or an error
// wrapping db.ErrNotFound.
func ServiceByCode(ctx context.Context, q db.Queryer, code string) (Service, error) {
	s, err := scanService(q.QueryRowContext(ctx, `SELECT `+serviceCols+` FROM services WHERE code = $1`, code))
	if err != nil {
		return Service{}, fmt.Errorf("directory: service %s: %w", code, db.NotFound(err))
	}
	return s, nil
}

// Services lists the catalogue (withdrawn services too) in its order: by
// sort order and name.
func Services(ctx context.Context, q db.Queryer) ([]Service, error) {
	out, err := db.Collect(ctx, q, scanService, `SELECT `+serviceCols+` FROM services ORDER BY sort_order, name`)
	if err != nil {
		return nil, fmt.Errorf("directory: services: %w", err)
	}
	return out, nil
}
