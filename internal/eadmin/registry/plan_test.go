package registry

import (
	"context"
	"testing"
	"time"

	"concejo/internal/platform/db"
	"concejo/internal/platform/dbtest"
)

// TestListPlansUseIndexes: the plans of the list (count and page) and of
// the export's chunks, for a usuario limited to his units and for who
// reads the whole book, with the filters that read distributions, go
// through the indexes of the book by date and of the distributions by
// unit or by state, and read no table whole, on both engines.
func TestListPlansUseIndexes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		usuario := reach{entityID: "E1", units: []string{"U1", "U2"}}
		whole := reach{entityID: "E1", whole: true}
		last := &listRow{entryRow: entryRow{RegisteredAt: time.Now().UTC(), Book: "E", Seq: 7}}
		// every: indexes of every query of the case; ordered: also those of
		// the page and the export, which read the book in date order.
		for _, c := range []struct {
			name    string
			x       reach
			f       Filter
			every   []string
			ordered []string
		}{
			{"usuario", usuario, Filter{}, []string{"registry_distributions_unit_entry"}, []string{"registry_entries_date"}},
			{"usuario, pendientes", usuario, Filter{State: "pendiente"},
				[]string{"registry_distributions_state"}, []string{"registry_entries_date"}},
			{"usuario, unidad", usuario, Filter{UnitID: "U1"}, []string{"registry_distributions_unit_entry"}, []string{"registry_entries_date"}},
			{"usuario, anulados, antiguos primero", usuario, Filter{State: "anulado", Sort: "antiguo"},
				[]string{"registry_distributions_unit_entry"}, []string{"registry_entries_date"}},
			{"libro entero", whole, Filter{}, nil, []string{"registry_entries_date"}},
			{"libro entero, sin distribuir", whole, Filter{State: "sin_distribuir"}, []string{"registry_distributions_state"},
				[]string{"registry_entries_date"}},
			{"libro entero, última página", whole, Filter{Page: 1000}, nil, []string{"registry_entries_date"}},
		} {
			count, countArgs := c.f.countQuery(c.x)
			page, pageArgs := c.f.pageQuery(c.x, 50)
			chunk, chunkArgs := c.f.chunkQuery(c.x, last)
			for _, q := range []struct {
				what    string
				query   string
				args    []any
				indexes []string
			}{
				{"count", count, countArgs, c.every},
				{"page", page, pageArgs, append(c.every, c.ordered...)},
				{"export", chunk, chunkArgs, append(c.every, c.ordered...)},
			} {
				if err := db.ExplainUsesIndex(ctx, d, q.query, q.args, q.indexes...); err != nil {
					t.Errorf("%s, %s: %v", c.name, q.what, err)
				}
			}
		}
	})
}
