package stats

import (
	"context"

	"concejo/internal/platform/db"
)

// KindCount is the number of adhered entities of one kind.
type KindCount struct {
	Kind     string
	Entities int64
}

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

// entitiesByKind counts, per kind, the entities with at least one active adhesion.
func entitiesByKind(ctx context.Context, q db.Queryer) ([]KindCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.kind, COUNT(*) FROM entities e
		WHERE EXISTS (SELECT 1 FROM adhesions a WHERE a.entity_id = e.id AND a.state = 'activa')
		GROUP BY e.kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KindCount
	for rows.Next() {
		var k KindCount
		if err := rows.Scan(&k.Kind, &k.Entities); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// entitiesByService counts, for each service of the catalogue in its order,
// the distinct entities with an active adhesion and the units they hold.
// Withdrawn services appear only while they still have active adhesions.
func entitiesByService(ctx context.Context, q db.Queryer) ([]ServiceCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.code, s.name, s.unit_label,
		COUNT(DISTINCT a.entity_id), COALESCE(SUM(a.quantity), 0)
		FROM services s
		LEFT JOIN adhesions a ON a.service_code = s.code AND a.state = 'activa'
		GROUP BY s.code, s.name, s.unit_label, s.sort_order, s.active
		HAVING s.active OR COUNT(a.entity_id) > 0
		ORDER BY s.sort_order, s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ServiceCount
	for rows.Next() {
		var s ServiceCount
		if err := rows.Scan(&s.Code, &s.Name, &s.UnitLabel, &s.Entities, &s.Units); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// adhesionsByState counts the adhesions in each state.
func adhesionsByState(ctx context.Context, q db.Queryer) ([]StateCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT state, COUNT(*) FROM adhesions GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StateCount
	for rows.Next() {
		var s StateCount
		if err := rows.Scan(&s.State, &s.Adhesions); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// activatedByYear counts the adhesions the Diputación approved (now active
// or since ended) per year of approval. Times are stored in UTC as
// "YYYY-MM-DD ..." on both engines, so the first four characters are the
// year (UTC).
func activatedByYear(ctx context.Context, q db.Queryer) ([]YearCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT SUBSTR(CAST(decided_at AS TEXT), 1, 4) AS y, COUNT(*)
		FROM adhesions
		WHERE state IN ('activa', 'finalizada') AND decided_at IS NOT NULL
		GROUP BY SUBSTR(CAST(decided_at AS TEXT), 1, 4)
		ORDER BY y`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []YearCount
	for rows.Next() {
		var y YearCount
		if err := rows.Scan(&y.Year, &y.Adhesions); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
