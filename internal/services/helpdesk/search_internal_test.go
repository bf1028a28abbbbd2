package helpdesk

import (
	"context"
	"testing"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// The list's text search of the whole province (the Diputación's
// technicians) reads the full-text index on both engines, not every
// ticket's text. (A town's few tickets may be read by the entity's index.)
func TestSearchPlanUsesIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := &db.Where{}
		matchText(w, d.Engine, "certificado firma")
		query := ticketSelect + w.SQL() + " ORDER BY t.created_at DESC, t.number DESC LIMIT 50"
		if err := db.ExplainUsesIndex(context.Background(), d, query, w.Args, ticketSearch.Name); err != nil {
			t.Fatal(err)
		}
	})
}
