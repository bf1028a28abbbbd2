package stats

import (
	"net/http"
	"strconv"

	"concejo/internal/core/adhesions"
	"concejo/internal/platform/web"
)

func (m *Module) page(w http.ResponseWriter, r *http.Request) error {
	rep, err := buildReport(r.Context(), m.kit.DB)
	if err != nil {
		return err
	}
	return m.kit.Page(w, r, "stats/estadisticas", &web.Page{Title: "Estadísticas",
		Crumbs: []web.Crumb{{Label: "Estadísticas"}}, Data: rep})
}

// servicesCSV downloads the table of entities adhered per service, with
// plain numbers (no thousands separator) for spreadsheets.
func (m *Module) servicesCSV(w http.ResponseWriter, r *http.Request) error {
	svcs, err := adhesions.CountByService(r.Context(), m.kit.DB)
	if err != nil {
		return err
	}
	cw := web.CSV(w, "entidades-adheridas-por-servicio.csv")
	cw.Write([]string{"Código", "Servicio", "Entidades adheridas", "Cantidad", "Unidad"})
	for _, s := range svcs {
		units := ""
		if s.UnitLabel != "" {
			units = strconv.FormatInt(s.Units, 10)
		}
		cw.Write([]string{s.Code, s.Name, strconv.FormatInt(s.Entities, 10), units, s.UnitLabel})
	}
	cw.Flush()
	return cw.Error()
}
