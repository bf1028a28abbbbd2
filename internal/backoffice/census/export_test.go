package census

import (
	"context"
	"strings"

	"concejo/internal/platform/db"
)

// SetTokenCap lowers the token cap of the name search (see tokenCap) and
// returns the function that restores it.
func SetTokenCap(n int) (restore func()) {
	old := tokenCap
	tokenCap = n
	return func() { tokenCap = old }
}

// SetDemoChunk sets how many people the demo load writes at a time and
// returns the function that restores it.
func SetDemoChunk(n int) (restore func()) {
	old := demoChunk
	demoChunk = n
	return func() { demoChunk = old }
}

// ListPlan is SQLite's plan for the list query of a search without
// words (the path a first-surname search takes).
func ListPlan(ctx context.Context, d *db.DB, entityID string, f Filter) (string, error) {
	w := searchWhere(entityID, f, wordPlan{})
	rows, err := d.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT i.id FROM census_inscriptions i`+w.SQL()+
		` ORDER BY `+sortSQL[""]+` LIMIT 50`, w.Args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; "), rows.Err()
}
