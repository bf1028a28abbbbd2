package directory

import (
	"context"
	"fmt"

	"concejo/internal/platform/db"
)

// Service is a service of the catalogue as other modules read it.
type Service struct {
	Code        string
	Name        string
	Description string
	Category    string
	// AppURL is where the application of the service opens ("" = none).
	AppURL string
	// SortOrder is the service's place in the catalogue.
	SortOrder int
	// Active is false for a service withdrawn from the catalogue.
	Active bool
}

const serviceCols = `code, name, description, category, app_url, sort_order, active`

func scanService(sc db.Scanner) (Service, error) {
	var s Service
	err := sc.Scan(&s.Code, &s.Name, &s.Description, &s.Category, &s.AppURL, &s.SortOrder, &s.Active)
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

// Role is an application role of a service of the catalogue.
type Role struct {
	Service     string
	ServiceName string
	Code        string
	Name        string
	Description string
}

// RolesOf lists the roles of the services codes, in the catalogue's order
// (by the service's sort order and name) and each service's by role name.
func RolesOf(ctx context.Context, q db.Queryer, codes []string) ([]Role, error) {
	in, args := idList(codes)
	if len(args) == 0 {
		return nil, nil
	}
	out, err := db.Collect(ctx, q, func(sc db.Scanner) (r Role, err error) {
		err = sc.Scan(&r.Service, &r.ServiceName, &r.Code, &r.Name, &r.Description)
		return r, err
	}, `SELECT s.code, s.name, r.role_code, r.name, r.description
		FROM services s JOIN service_roles r ON r.service_code = s.code
		WHERE s.code IN (`+in+`) ORDER BY s.sort_order, s.name, r.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: roles of services %v: %w", codes, err)
	}
	return out, nil
}
