package eoffice

import (
	"context"
	"fmt"
	"strings"

	"concejo/internal/core/directory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
	"concejo/internal/refdata"
)

// Site is an entity's sede as the public pages show it: the entity and its
// edited content, with defaults from the entities register where the staff
// have written nothing yet.
type Site struct {
	E directory.Entity
	// CalendarINE is the municipality whose local holidays apply to the
	// sede (see calendarINE).
	CalendarINE string
	Content
}

// Accessibility statuses (RD 1112/2018 art. 15: situación de cumplimiento).
var accessibilityStatuses = []struct{ Value, Label string }{
	{"total", "Plenamente conforme"},
	{"parcial", "Parcialmente conforme"},
	{"no", "No conforme"},
}

// AccessibilityLabel is the compliance status in Spanish.
func (s Site) AccessibilityLabel() string {
	for _, a := range accessibilityStatuses {
		if a.Value == s.AccessibilityStatus {
			return a.Label
		}
	}
	return s.AccessibilityStatus
}

// Silence effects offered for procedures.
var silences = []struct{ Value, Label string }{
	{"estimatorio", "Estimatorio"},
	{"desestimatorio", "Desestimatorio"},
	{"segun_solicitud", "Según lo que se solicite"},
	{"no_aplica", "No aplica"},
}

func silenceLabel(v string) string {
	for _, s := range silences {
		if s.Value == v {
			return s.Label
		}
	}
	return v
}

// defaults fills what the staff have not written with data of the entity.
func defaults(e directory.Entity) Content {
	addr := web.Join(", ", e.Address, strings.TrimSpace(e.PostalCode+" "+e.Town))
	owner := e.Name
	manager := "Secretaría General"
	if e.Kind == "mancomunidad" {
		manager = "Secretaría de la Mancomunidad"
	}
	return Content{OwnerBody: owner, Manager: manager, ContactEmail: e.Email, ContactPhone: e.Phone,
		ContactAddress: addr, OfficeHours: "De lunes a viernes, de 9:00 a 14:00 horas.",
		IncidentsEmail: e.Email, IncidentsPhone: e.Phone, DPOEmail: e.Email, AccessibilityStatus: "parcial"}
}

// site loads the sede of e.
func site(ctx context.Context, q db.Queryer, e directory.Entity) (Site, error) {
	c, ok, err := loadContent(ctx, q, e.ID)
	if err != nil {
		return Site{}, err
	}
	if !ok {
		c = defaults(e)
	}
	ine, err := calendarINE(ctx, q, e)
	if err != nil {
		return Site{}, err
	}
	return Site{E: e, CalendarINE: ine, Content: c}, nil
}

// calendarINE is the municipality whose local holidays apply to the sede
// of e: its own for an ayuntamiento, its municipality's for an ELM, none
// for a mancomunidad or the Diputación (national and regional holidays
// only: their members keep different local ones).
func calendarINE(ctx context.Context, q db.Queryer, e directory.Entity) (string, error) {
	switch {
	case e.Kind == "ayuntamiento":
		return e.INE, nil
	case e.Kind == "elm" && e.ParentID != "":
		p, err := directory.EntityByID(ctx, q, e.ParentID)
		if err != nil {
			return "", fmt.Errorf("sede: leer el municipio de la entidad %s: %w", e.ID, err)
		}
		return p.INE, nil
	}
	return "", nil
}

// calendar returns the working-day calendar of the sede.
func (s Site) calendar() *workcal.Calendar { return workcal.ForMunicipality(s.CalendarINE) }

func procSearch(p Procedure) string {
	return refdata.Fold(p.Code + " " + p.Name + " " + p.Description + " " + p.Unit)
}
