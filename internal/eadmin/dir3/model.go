package dir3

import "time"

// State is the state of a unit, an office or a relation in the
// Directorio Común (catalogue CAT_ESTADO_ENTIDAD).
type State string

// The states.
const (
	Vigente     State = "V"
	Extinguida  State = "E"
	Anulada     State = "A"
	Transitoria State = "T"
)

var stateLabels = map[State]string{Vigente: "Vigente", Extinguida: "Extinguida", Anulada: "Anulada", Transitoria: "Transitoria"}

// Label is the state in Spanish.
func (s State) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether a unit or office in this state may still be
// addressed: vigente (transitoria is a unit being changed, not yet valid).
func (s State) Valid() bool { return s == Vigente }

// AdminLevel is the nivel de administración of a unit (catalogue
// CAT_NIVEL_ADMINISTRACION).
type AdminLevel int

// The administration levels.
const (
	AGE         AdminLevel = 1
	Autonomica  AdminLevel = 2
	Local       AdminLevel = 3
	Universidad AdminLevel = 4
	Institucion AdminLevel = 5
	Justicia    AdminLevel = 6
)

// AdminLevels are the levels in the order the search form offers them.
var AdminLevels = []AdminLevel{AGE, Autonomica, Local, Universidad, Institucion, Justicia}

var adminLevelLabels = map[AdminLevel]string{AGE: "Administración General del Estado", Autonomica: "Administración autonómica",
	Local: "Administración local", Universidad: "Universidades", Institucion: "Otras instituciones", Justicia: "Administración de Justicia"}

func (l AdminLevel) known() bool {
	_, ok := adminLevelLabels[l]
	return ok
}

// Label is the level in Spanish.
func (l AdminLevel) Label() string {
	if s, ok := adminLevelLabels[l]; ok {
		return s
	}
	return "Sin nivel"
}

// Unit is a unidad orgánica of the Directorio Común.
type Unit struct {
	Code    string
	Name    string
	State   State
	Acronym string
	NIF     string
	// AdminLevel is the administration it belongs to; Level its nivel
	// jerárquico (1 for a root unit).
	AdminLevel AdminLevel
	Level      int
	// SuperiorCode is the unit it depends on, RootCode the root of its
	// administration (itself for a root unit).
	SuperiorCode, RootCode string
	// Province and Municipality are the INE codes of its territory, when given.
	Province, Municipality string
	Address, PostalCode    string
	// CreatedOn is its fecha de alta oficial; ExtinguishedOn and
	// AnnulledOn, when not zero, the dates it stopped being valid;
	// UpdatedOn the last change the Directorio records.
	CreatedOn, ExtinguishedOn, AnnulledOn, UpdatedOn time.Time
	// MissingSince is the day a full file stopped listing it (zero while listed).
	MissingSince time.Time
}

// Valid reports whether the unit may be addressed now.
func (u Unit) Valid() bool { return u.State.Valid() && u.MissingSince.IsZero() }

// Office is an oficina de registro of the Directorio Común.
type Office struct {
	Code  string
	Name  string
	State State
	// UnitCode is the unit the office depends on (unidad responsable);
	// ParentCode the office it depends on, if any.
	UnitCode, ParentCode string
	AdminLevel           AdminLevel
	// SIR reports whether the office is integrated in the Sistema de
	// Interconexión de Registros (it has the SIR service or SIR relations).
	SIR                                              bool
	Address, PostalCode                              string
	Province, Municipality                           string
	CreatedOn, ExtinguishedOn, AnnulledOn, UpdatedOn time.Time
	MissingSince                                     time.Time
}

// Valid reports whether the office may be addressed now.
func (o Office) Valid() bool { return o.State.Valid() && o.MissingSince.IsZero() }

// SearchOptions narrow a search of units.
type SearchOptions struct {
	// AdminLevel, when not zero, keeps the units of that administration.
	AdminLevel AdminLevel
	// All includes the units no longer valid (by default only vigentes).
	All bool
	// Limit caps the result (0: 20); Offset skips the first ones.
	Limit, Offset int
}

var stateClasses = map[State]string{Vigente: "activa", Extinguida: "baja", Anulada: "anulada", Transitoria: "pendiente"}

// Class is the state's label style on the pages.
func (s State) Class() string { return stateClasses[s] }
