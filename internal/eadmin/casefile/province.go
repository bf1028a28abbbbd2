package casefile

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
)

// EntityFigures are an entity's expedientes counted without personal data,
// for the Diputación.
type EntityFigures struct {
	Entity                           directory.Entity
	Opened, Open, Suspended, Overdue int
	Resolved                         int
}

// ProcedureFigures are the expedientes of the year per model procedure in
// the province.
type ProcedureFigures struct {
	Code, Name string
	Opened     int
	Open       int
}

type provinceData struct {
	Year       int
	Years      []int
	Entities   []EntityFigures
	Procedures []ProcedureFigures
	Total      EntityFigures
}

// provincePage shows the Diputación the expedientes of every adhered entity
// in a year: opened, still open, suspended, overdue and resolved, and the
// most used procedures; counts only, never a name of a person.
func (m *Module) provincePage(w http.ResponseWriter, r *http.Request) error {
	now := m.kit.Now()
	year, err := strconv.Atoi(r.URL.Query().Get("anio"))
	if err != nil || year < 2000 || year > now.In(web.Madrid).Year() {
		year = now.In(web.Madrid).Year()
	}
	d, err := m.province(r.Context(), year, now)
	if err != nil {
		return err
	}
	for y := now.In(web.Madrid).Year(); y >= now.In(web.Madrid).Year()-4; y-- {
		d.Years = append(d.Years, y)
	}
	// No crumb up to /expedientes: the Diputación, who reads this page, has no expedientes of its own.
	return m.kit.Page(w, r, "casefile/province", &web.Page{Title: "Expedientes en la provincia", Data: d})
}

// province counts the expedientes of year per entity and per model procedure.
func (m *Module) province(ctx context.Context, year int, now time.Time) (*provinceData, error) {
	q := m.kit.DB
	type row struct {
		entity, state   string
		opened, overdue int
	}
	rows, err := db.Collect(ctx, q, func(sc db.Scanner) (r row, err error) {
		err = sc.Scan(&r.entity, &r.state, &r.opened, &r.overdue)
		return r, err
	}, `SELECT entity_id, state, COUNT(*),
		SUM(CASE WHEN state IN ('iniciado', 'tramitacion', 'concluso') AND due_at < $2 THEN 1 ELSE 0 END)
		FROM casefile_files WHERE year = $1 GROUP BY entity_id, state`, year, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("expedientes: contar la provincia: %w", err)
	}
	by := map[string]*EntityFigures{}
	var ids []string
	for _, r := range rows {
		f := by[r.entity]
		if f == nil {
			f = &EntityFigures{}
			by[r.entity] = f
			ids = append(ids, r.entity)
		}
		f.Opened += r.opened
		f.Overdue += r.overdue
		switch State(r.state) {
		case Suspended:
			f.Suspended += r.opened
		case Resolved, Archived:
			f.Resolved += r.opened
		}
		if State(r.state).Open() {
			f.Open += r.opened
		}
	}
	ents, err := directory.EntitiesByIDs(ctx, q, ids, directory.ByFoldedName)
	if err != nil {
		return nil, err
	}
	d := &provinceData{Year: year}
	for _, e := range ents {
		f := by[e.ID]
		f.Entity = e
		d.Entities = append(d.Entities, *f)
		d.Total.Opened, d.Total.Open, d.Total.Suspended = d.Total.Opened+f.Opened, d.Total.Open+f.Open, d.Total.Suspended+f.Suspended
		d.Total.Overdue, d.Total.Resolved = d.Total.Overdue+f.Overdue, d.Total.Resolved+f.Resolved
	}
	d.Procedures, err = db.Collect(ctx, q, func(sc db.Scanner) (p ProcedureFigures, err error) {
		err = sc.Scan(&p.Code, &p.Name, &p.Opened, &p.Open)
		return p, err
	}, `SELECT p.model_code, MIN(p.name), COUNT(*), SUM(CASE WHEN f.state IN ('iniciado', 'tramitacion', 'suspendido', 'concluso') THEN 1 ELSE 0 END)
		FROM casefile_files f JOIN casefile_procedures p ON p.entity_id = f.entity_id AND p.id = f.procedure_id
		WHERE f.year = $1 AND p.model_code <> '' GROUP BY p.model_code ORDER BY COUNT(*) DESC, p.model_code`, year)
	if err != nil {
		return nil, fmt.Errorf("expedientes: contar los procedimientos de la provincia: %w", err)
	}
	return d, nil
}
