package stats

import (
	"context"
	"slices"

	"concejo/internal/core/adhesions"
	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
)

// Row is one line of a table: a label and its figure.
type Row struct {
	Key   string
	Label string
	Count int64
}

// Report is everything /estadisticas shows.
type Report struct {
	ByKind     []Row // the three kinds of local entity, then any other kind with adhesions
	KindTotal  int64
	ByService  []adhesions.ServiceCount
	ByState    []Row // every state, in the order of the adhesion's life
	StateTotal int64
	ByYear     []Row
	YearTotal  int64
}

// kindOrder is the order and the Spanish names of the published table.
var kindOrder = []Row{{Key: "ayuntamiento", Label: "Ayuntamientos"}, {Key: "elm", Label: "Entidades locales menores"},
	{Key: "mancomunidad", Label: "Mancomunidades"}, {Key: "diputacion", Label: "Diputación"}}

// stateOrder is the adhesion's life cycle, with the Spanish names.
var stateOrder = []Row{{Key: "solicitada", Label: "Solicitadas"}, {Key: "firmada", Label: "Firmadas"},
	{Key: "activa", Label: "Activas"}, {Key: "finalizada", Label: "Finalizadas"},
	{Key: "rechazada", Label: "Rechazadas"}, {Key: "anulada", Label: "Anuladas"}}

// buildReport runs the four queries. Everything is read live; the totals
// are sums of the rows shown.
func buildReport(ctx context.Context, q db.Queryer) (*Report, error) {
	r := &Report{}
	kinds, err := directory.AdheredByKind(ctx, q)
	if err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for _, k := range kinds {
		counts[k.Kind] = k.Entities
	}
	for _, k := range kindOrder {
		// The three kinds of local entity always show (with 0); others only when present.
		if n, ok := counts[k.Key]; ok || k.Key != "diputacion" {
			k.Count = n
			r.ByKind = append(r.ByKind, k)
			r.KindTotal += n
		}
	}
	for _, k := range kinds {
		if !slices.ContainsFunc(kindOrder, func(o Row) bool { return o.Key == k.Kind }) {
			r.ByKind = append(r.ByKind, Row{Key: k.Kind, Label: k.Kind, Count: k.Entities})
			r.KindTotal += k.Entities
		}
	}

	if r.ByService, err = adhesions.CountByService(ctx, q); err != nil {
		return nil, err
	}

	states, err := adhesions.CountByState(ctx, q)
	if err != nil {
		return nil, err
	}
	byState := map[string]int64{}
	for _, s := range states {
		byState[s.State] = s.Adhesions
	}
	for _, s := range stateOrder {
		s.Count = byState[s.Key]
		r.ByState = append(r.ByState, s)
		r.StateTotal += s.Count
	}

	years, err := adhesions.ActivatedByYear(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, y := range years {
		r.ByYear = append(r.ByYear, Row{Key: y.Year, Label: y.Year, Count: y.Adhesions})
		r.YearTotal += y.Adhesions
	}
	return r, nil
}
