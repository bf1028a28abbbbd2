package refdata

import (
	"encoding/json"
	"fmt"
	"time"
)

// Entity kinds, as stored in entities.kind.
const (
	KindDiputacion   = "diputacion"
	KindAyuntamiento = "ayuntamiento"
	KindELM          = "elm"
	KindMancomunidad = "mancomunidad"
)

// Categories of the catalogue, in the order they are shown.
var Categories = []string{"Comunicaciones", "Gestión municipal", "Administración electrónica",
	"Portal y ciudadanía", "Colaboración", "Certificados"}

// Service is one service of the catalogue (catálogo de servicios).
type Service struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Category    string `json:"category"`
	AppURL      string `json:"app_url"`
	// UnitLabel names what an adhesion is counted in ("buzones"), or "".
	UnitLabel   string     `json:"unit_label"`
	SortOrder   int        `json:"sort_order"`
	Eligibility []Rule     `json:"eligibility"`
	Roles       []Role     `json:"roles"`
	Conditions  Conditions `json:"conditions"`
}

// Rule lets entities of Kind adhere when their population lies within
// [MinPopulation, MaxPopulation] (inclusive; nil is open).
type Rule struct {
	Kind          string `json:"kind"`
	MinPopulation *int64 `json:"min_population,omitempty"`
	MaxPopulation *int64 `json:"max_population,omitempty"`
}

// Matches reports whether an entity of kind and population satisfies r.
func (r Rule) Matches(kind string, population int64) bool {
	return r.Kind == kind && (r.MinPopulation == nil || population >= *r.MinPopulation) &&
		(r.MaxPopulation == nil || population <= *r.MaxPopulation)
}

// Allows reports whether any eligibility rule of s matches an entity of
// kind and population.
func (s Service) Allows(kind string, population int64) bool {
	for _, r := range s.Eligibility {
		if r.Matches(kind, population) {
			return true
		}
	}
	return false
}

// Role is a role the service's application offers inside an entity.
type Role struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Conditions are the service-specific parts of the conditions of access;
// ConditionsText merges them into the common text (data/condiciones_v1.tmpl).
type Conditions struct {
	Object           string   `json:"object"`
	EntityDuties     []string `json:"entity_duties"`
	DiputacionDuties []string `json:"diputacion_duties"`
	// DataProtection is "encargado" when the Diputación processes personal
	// data on behalf of the entity (art. 28 RGPD), or "responsable" when it
	// processes only data it is itself responsible for.
	DataProtection string `json:"data_protection"`
	Processing     string `json:"processing"`
	Subprocessor   string `json:"subprocessor"`
	ReturnData     string `json:"return_data"`
}

// catalogueFile is the layout of data/catalogo.json.
type catalogueFile struct {
	ConditionsVersion   int       `json:"conditions_version"`
	ConditionsValidFrom string    `json:"conditions_valid_from"`
	Services            []Service `json:"services"`
}

// ConditionsVersion is the version of the conditions text the catalogue
// file carries; LoadCatalogue stores it only where it is missing.
const ConditionsVersion = 1

// ConditionsValidFrom is when version 1 of the conditions took effect.
var ConditionsValidFrom = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

// Catalogue returns the services of the embedded catalogue in display
// order, after checking that the file is consistent.
func Catalogue() ([]Service, error) {
	b, err := files.ReadFile("data/catalogo.json")
	if err != nil {
		return nil, err
	}
	var f catalogueFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("refdata: catalogo.json: %w", err)
	}
	if f.ConditionsVersion != ConditionsVersion || f.ConditionsValidFrom != ConditionsValidFrom.Format(time.DateOnly) {
		return nil, fmt.Errorf("refdata: catalogo.json: conditions version %d from %s does not match the code",
			f.ConditionsVersion, f.ConditionsValidFrom)
	}
	seen := map[string]bool{}
	for _, s := range f.Services {
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("refdata: catalogo.json: service %q: %w", s.Code, err)
		}
		if seen[s.Code] {
			return nil, fmt.Errorf("refdata: catalogo.json: service %q twice", s.Code)
		}
		seen[s.Code] = true
	}
	return f.Services, nil
}

// check validates one service of the catalogue file.
func (s Service) check() error {
	if s.Code == "" || s.Name == "" || s.Description == "" {
		return fmt.Errorf("code, name and description are required")
	}
	known := false
	for _, c := range Categories {
		known = known || c == s.Category
	}
	if !known {
		return fmt.Errorf("unknown category %q", s.Category)
	}
	kinds := map[string]bool{}
	for _, r := range s.Eligibility {
		switch r.Kind {
		case KindDiputacion, KindAyuntamiento, KindELM, KindMancomunidad:
		default:
			return fmt.Errorf("unknown entity kind %q", r.Kind)
		}
		if kinds[r.Kind] {
			return fmt.Errorf("two eligibility rules for %s", r.Kind)
		}
		kinds[r.Kind] = true
	}
	roles := map[string]bool{}
	for _, r := range s.Roles {
		if r.Code == "" || r.Name == "" || roles[r.Code] {
			return fmt.Errorf("bad or repeated role %q", r.Code)
		}
		roles[r.Code] = true
	}
	if !roles["usuario"] {
		return fmt.Errorf("every service needs the role usuario")
	}
	c := s.Conditions
	if c.Object == "" || c.Processing == "" || c.ReturnData == "" || len(c.EntityDuties) == 0 || len(c.DiputacionDuties) == 0 {
		return fmt.Errorf("incomplete conditions")
	}
	if c.DataProtection != "encargado" && c.DataProtection != "responsable" {
		return fmt.Errorf("data_protection must be encargado or responsable")
	}
	return nil
}
