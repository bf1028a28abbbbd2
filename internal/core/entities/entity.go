package entities

import (
	"strconv"
	"time"

	"concejo/internal/refdata"
)

// Kinds of entity.
const (
	KindAyuntamiento = "ayuntamiento"
	KindELM          = "elm"
	KindMancomunidad = "mancomunidad"
	KindDiputacion   = "diputacion"
)

// kinds lists the kinds in the order the screens show them.
var kinds = []option{
	{KindAyuntamiento, "Ayuntamiento"},
	{KindELM, "Entidad local menor"},
	{KindMancomunidad, "Mancomunidad"},
	{KindDiputacion, "Diputación"},
}

// option is a value of a select with the label people read.
type option struct{ Value, Label string }

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func labelOf(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// KindLabel returns the Spanish name of an entity kind.
func KindLabel(kind string) string { return labelOf(kinds, kind) }

// Entity is one local entity of the register.
type Entity struct {
	ID             string
	Kind           string
	Name           string
	INECode        string // 5 digits; only ayuntamientos
	INEDC          int    // control digit of INECode
	DIR3           string
	NIF            string
	Address        string
	PostalCode     string
	Town           string
	Population     int64
	PopulationYear int
	Email          string
	Phone          string
	MayorName      string
	MayorTitle     string
	ParentID       string // parent ayuntamiento of an ELM
	ParentName     string
	Fictitious     bool
	Notes          string
	Active         bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// KindLabel is the Spanish name of the entity's kind.
func (e Entity) KindLabel() string { return KindLabel(e.Kind) }

// INEFull is the INE code with its control digit, as INE publishes it
// ("10037-7"), or "" when the entity has none.
func (e Entity) INEFull() string {
	if e.INECode == "" {
		return ""
	}
	return e.INECode + "-" + strconv.Itoa(e.INEDC)
}

// searchText is what search_text holds for the entity.
func (e Entity) searchText() string {
	return refdata.Fold(e.Name + " " + e.INECode + " " + e.DIR3 + " " + e.NIF)
}

// snapshot is the audited picture of an entity.
type snapshot struct {
	Kind           string `json:"tipo"`
	Name           string `json:"nombre"`
	INECode        string `json:"codigo_ine,omitempty"`
	INEDC          *int   `json:"dc_ine,omitempty"`
	DIR3           string `json:"dir3,omitempty"`
	NIF            string `json:"nif,omitempty"`
	Address        string `json:"direccion"`
	PostalCode     string `json:"codigo_postal"`
	Town           string `json:"localidad"`
	Population     int64  `json:"poblacion"`
	PopulationYear int    `json:"anio_poblacion"`
	Email          string `json:"email"`
	Phone          string `json:"telefono"`
	MayorName      string `json:"alcalde"`
	MayorTitle     string `json:"cargo"`
	ParentID       string `json:"ayuntamiento,omitempty"`
	Notes          string `json:"notas,omitempty"`
	Active         bool   `json:"activa"`
}

func (e Entity) snapshot() snapshot {
	s := snapshot{Kind: e.Kind, Name: e.Name, INECode: e.INECode, DIR3: e.DIR3, NIF: e.NIF,
		Address: e.Address, PostalCode: e.PostalCode, Town: e.Town, Population: e.Population,
		PopulationYear: e.PopulationYear, Email: e.Email, Phone: e.Phone, MayorName: e.MayorName,
		MayorTitle: e.MayorTitle, ParentID: e.ParentID, Notes: e.Notes, Active: e.Active}
	if e.INECode != "" {
		dc := e.INEDC
		s.INEDC = &dc
	}
	return s
}

// Ref names another entity on a detail page.
type Ref struct {
	ID         string
	Kind       string
	Name       string
	INECode    string
	Active     bool
	Fictitious bool   // the entity, or the membership row, is demo data
	Source     string // where a membership comes from
	Visible    bool   // the actor may open it
}

// KindLabel is the Spanish name of the referenced entity's kind.
func (r Ref) KindLabel() string { return KindLabel(r.Kind) }
