package refdata

import (
	"context"
	"database/sql"
	"fmt"

	"concejo/internal/platform/db"
)

// LoadCatalogue stores the embedded catalogue in the tables services,
// service_conditions, service_roles and service_eligibility. It only adds
// what is missing and never changes a stored row, so it is safe to run at
// every start-up:
//   - a service already stored keeps its name, description and state as the
//     Diputación may have changed them;
//   - version 1 of the conditions is written only when the service has no
//     version 1, so the text an adhesion accepted never changes;
//   - eligibility rules are written only together with a new service: the
//     Diputación edits them afterwards, and a rule it removed must not come
//     back at the next start;
//   - roles missing from a stored service are added (new roles of a release).
func LoadCatalogue(ctx context.Context, d *db.DB) error {
	svcs, err := Catalogue()
	if err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, s := range svcs {
			if err := loadService(ctx, tx, s); err != nil {
				return fmt.Errorf("cargar el servicio %s del catálogo: %w", s.Code, err)
			}
		}
		return nil
	})
}

func loadService(ctx context.Context, tx *sql.Tx, s Service) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO services (code, name, description, category, app_url, unit_label, sort_order, active)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING`,
		s.Code, s.Name, s.Description, s.Category, s.AppURL, s.UnitLabel, s.SortOrder, true)
	if err != nil {
		return err
	}
	created, err := res.RowsAffected()
	if err != nil {
		return err
	}
	body, err := s.ConditionsText()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO service_conditions (service_code, version, valid_from, body, created_by)
		VALUES ($1, $2, $3, $4, '') ON CONFLICT (service_code, version) DO NOTHING`,
		s.Code, ConditionsVersion, ConditionsValidFrom, body); err != nil {
		return err
	}
	for _, r := range s.Roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_roles (service_code, role_code, name, description)
			VALUES ($1, $2, $3, $4) ON CONFLICT (service_code, role_code) DO NOTHING`,
			s.Code, r.Code, r.Name, r.Description); err != nil {
			return err
		}
	}
	if created == 0 {
		return nil
	}
	for _, r := range s.Eligibility {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_eligibility (service_code, entity_kind, min_population, max_population)
			VALUES ($1, $2, $3, $4) ON CONFLICT (service_code, entity_kind) DO NOTHING`,
			s.Code, r.Kind, db.NullInt64(r.MinPopulation), db.NullInt64(r.MaxPopulation)); err != nil {
			return err
		}
	}
	return nil
}
