package adhesions

// The functions of this file are what other modules (the published
// statistics, the home page) read of the adhesions: counts over the whole catalogue, read
// live. They take a db.Queryer and check no permissions: the caller does.

import (
	"context"
	"fmt"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// ServiceCount is the number of entities adhered to one service.
type ServiceCount struct {
	Code      string
	Name      string
	UnitLabel string
	Entities  int64
	Units     int64
}

// StateCount is the number of adhesions in one state.
type StateCount struct {
	State     string
	Adhesions int64
}

// YearCount is the number of adhesions activated in one year.
type YearCount struct {
	Year      string
	Adhesions int64
}

// CountByService counts, for each service of the catalogue in its order,
// the distinct entities with an active adhesion and the units they hold.
// Withdrawn services appear only while they still have active adhesions.
func CountByService(ctx context.Context, q db.Queryer) ([]ServiceCount, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (ServiceCount, error) {
		var s ServiceCount
		err := sc.Scan(&s.Code, &s.Name, &s.UnitLabel, &s.Entities, &s.Units)
		return s, err
	}, `SELECT s.code, s.name, s.unit_label,
		COUNT(DISTINCT a.entity_id), COALESCE(SUM(a.quantity), 0)
		FROM services s
		LEFT JOIN adhesions a ON a.service_code = s.code AND a.state = '`+directory.StateActive+`'
		GROUP BY s.code, s.name, s.unit_label, s.sort_order, s.active
		HAVING s.active OR COUNT(a.entity_id) > 0
		ORDER BY s.sort_order, s.name`)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: contar las entidades por servicio: %w", err)
	}
	return rows, nil
}

// CountByState counts the adhesions in each state.
func CountByState(ctx context.Context, q db.Queryer) ([]StateCount, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (StateCount, error) {
		var s StateCount
		err := sc.Scan(&s.State, &s.Adhesions)
		return s, err
	}, `SELECT state, COUNT(*) FROM adhesions GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: contar las adhesiones por estado: %w", err)
	}
	return rows, nil
}

// ActivatedByYear counts the adhesions the Diputación approved (now active
// or since ended) per year of approval. Times are stored in UTC as
// "YYYY-MM-DD ..." on both engines, so the first four characters are the
// year (UTC).
func ActivatedByYear(ctx context.Context, q db.Queryer) ([]YearCount, error) {
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (YearCount, error) {
		var y YearCount
		err := sc.Scan(&y.Year, &y.Adhesions)
		return y, err
	}, `SELECT SUBSTR(CAST(decided_at AS TEXT), 1, 4) AS y, COUNT(*)
		FROM adhesions
		WHERE state IN ('activa', 'finalizada') AND decided_at IS NOT NULL
		GROUP BY SUBSTR(CAST(decided_at AS TEXT), 1, 4)
		ORDER BY y`)
	if err != nil {
		return nil, fmt.Errorf("adhesiones: contar las adhesiones activadas por año: %w", err)
	}
	return rows, nil
}

// PendingCounts counts the adhesions waiting for the Diputación (signed)
// and for their entities (requested, not signed yet).
func PendingCounts(ctx context.Context, q db.Queryer) (signed, requested int, err error) {
	err = q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'firmada' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'solicitada' THEN 1 ELSE 0 END), 0) FROM adhesions`).Scan(&signed, &requested)
	if err != nil {
		return 0, 0, fmt.Errorf("adhesiones: contar las adhesiones pendientes: %w", err)
	}
	return signed, requested, nil
}
