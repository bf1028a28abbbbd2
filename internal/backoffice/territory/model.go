package territory

import (
	"concejo/internal/platform/web"
	"strconv"
	"strings"
	"time"
)

// Nucleus kinds.
const (
	KindNucleus    = "nucleo"
	KindDiseminado = "diseminado"
)

// Nucleus is a núcleo de población or diseminado (Nomenclátor unidad
// poblacional) of a municipality.
type Nucleus struct {
	EntityID string
	ID       string
	// INECode is the 6-digit code inside the municipality: entidad
	// colectiva (2) + entidad singular (2) + núcleo/diseminado (2).
	INECode        string
	Name           string
	Kind           string
	SingularName   string // entidad singular it belongs to
	CollectiveName string // entidad colectiva, "" when none
	ELMEntityID    string // the entidad local menor governing it, if any
	Active         bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Dwellings      int // filled by lists
}

// KindLabel names the kind for people.
func (n Nucleus) KindLabel() string {
	if n.Kind == KindDiseminado {
		return "Diseminado"
	}
	return "Núcleo"
}

// Section is a sección censal: district (2 digits) and section (3 digits).
type Section struct {
	EntityID  string
	ID        string
	District  string
	Section   string
	Name      string
	Active    bool
	CreatedAt time.Time
	Dwellings int // filled by lists
	Streets   int // filled by lists
}

// Code is "DD-SSS", as sections are usually written.
func (s Section) Code() string { return s.District + "-" + s.Section }

// Street is a vía with its current name.
type Street struct {
	EntityID  string
	ID        string
	INECode   string // 5 digits, unique in the municipality
	TypeCode  string // INE street-type abbreviation (CALLE, AVDA, PLAZA...)
	Name      string
	ValidFrom time.Time
	ValidTo   *time.Time // set when the street no longer exists
	CreatedAt time.Time
	UpdatedAt time.Time
	Sections  []Section // the sections it crosses (filled by lists and detail)
	Addresses int       // filled by lists
	Dwellings int       // filled by lists
	NameCount int       // how many names it has had (filled by lists)
}

// TypeName is the street type for people ("Calle", "Avenida"...).
func (s Street) TypeName() string { return TypeName(s.TypeCode) }

// FullName is the type and name: "Calle Mayor".
func (s Street) FullName() string { return web.Join(" ", s.TypeName(), s.Name) }

// Current reports whether the street exists today.
func (s Street) Current() bool { return s.ValidTo == nil }

// StreetName is one dated name of a street.
type StreetName struct {
	ValidFrom time.Time
	ValidTo   *time.Time
	TypeCode  string
	Name      string
	Reason    string
	CreatedAt time.Time
	CreatedBy string
}

// FullName is the type and name: "Calle Mayor".
func (n StreetName) FullName() string { return web.Join(" ", TypeName(n.TypeCode), n.Name) }

// Address is a numbered address (portal) or, when DwellingID is set, one
// dwelling of it, with everything needed to print or code it.
type Address struct {
	EntityID   string
	DwellingID string // "" for an address without a dwelling chosen
	AddressID  string
	StreetID   string
	// Street data, as the street is named today.
	StreetINECode string
	StreetType    string // INE type code
	StreetName    string
	// Number is the número de policía; nil for "sin número".
	Number *int
	Letter string
	Km     string
	Block  string
	Portal string
	// Dwelling data (empty for an address).
	Stair        string
	Floor        string
	Door         string
	DwellingKind string
	// Where it is.
	NucleusID   string
	NucleusCode string // 6-digit unidad poblacional code
	NucleusName string
	SectionID   string
	District    string
	Section     string
	PostalCode  string
	// CadastralRef is the dwelling's referencia catastral, or the address's
	// when the dwelling has none.
	CadastralRef string
	Lat, Lon     *float64
	Active       bool
}

// Line is the address in one line, in the Spanish way:
// "Calle Mayor, 5 B, bloque 2, portal 1, esc. 1, 2.º A".
func (a Address) Line() string {
	parts := []string{web.Join(" ", TypeName(a.StreetType), a.StreetName)}
	num := "s/n"
	if a.Number != nil {
		num = strconv.Itoa(*a.Number)
	}
	if a.Km != "" && a.Number == nil {
		num = "km " + a.Km
	} else if a.Km != "" {
		num += ", km " + a.Km
	}
	parts = append(parts, web.Join(" ", num, a.Letter))
	if a.Block != "" {
		parts = append(parts, "bloque "+a.Block)
	}
	if a.Portal != "" {
		parts = append(parts, "portal "+a.Portal)
	}
	if a.Stair != "" {
		parts = append(parts, "esc. "+a.Stair)
	}
	if fd := FloorDoor(a.Floor, a.Door); fd != "" {
		parts = append(parts, fd)
	}
	return strings.Join(parts, ", ")
}

// Full is Line followed by the postal code and the núcleo:
// "Calle Mayor, 5, 2.º A, 10001 Cáceres".
func (a Address) Full() string {
	return web.Join(", ", a.Line(), web.Join(" ", a.PostalCode, a.NucleusName))
}

// Coordinates are "lat, lon" with 6 decimals, or "" when unknown.
func (a Address) Coordinates() string {
	if a.Lat == nil || a.Lon == nil {
		return ""
	}
	return strconv.FormatFloat(*a.Lat, 'f', 6, 64) + ", " + strconv.FormatFloat(*a.Lon, 'f', 6, 64)
}

// KindLabel names the dwelling's kind for people.
func (a Address) KindLabel() string {
	switch a.DwellingKind {
	case "local":
		return "Local"
	case "colectivo":
		return "Establecimiento colectivo"
	}
	return "Vivienda"
}

// SectionCode is "DD-SSS".
func (a Address) SectionCode() string { return a.District + "-" + a.Section }

// FloorDoor writes a floor and door as on an envelope: "2.º A", "bajo B",
// "planta ático, puerta 3".
func FloorDoor(floor, door string) string {
	f := strings.TrimSpace(floor)
	switch strings.ToUpper(f) {
	case "":
	case "BJ", "BAJO", "00", "0":
		f = "bajo"
	case "EN", "ENT", "ENTRESUELO":
		f = "entresuelo"
	case "PR", "PRAL", "PRINCIPAL":
		f = "principal"
	case "AT", "ATICO", "ÁTICO":
		f = "ático"
	case "SS", "SOTANO", "SÓTANO":
		f = "sótano"
	default:
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			f = strconv.Itoa(n) + ".º"
		} else {
			f = "planta " + f
		}
	}
	switch {
	case f == "":
		if door == "" {
			return ""
		}
		return "puerta " + door
	case door == "":
		return f
	case strings.HasPrefix(f, "planta "):
		return f + ", puerta " + door
	}
	return f + " " + door
}
