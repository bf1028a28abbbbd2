package inefile

import "time"

// Variation codes (CVAR).
const (
	Alta         = "A"
	Baja         = "B"
	Modificacion = "M"
)

// Kinds of record (TIPOINF). Local values: see the package doc.
const (
	InfoEnvio        = "E" // sent by the ayuntamiento
	InfoIncidencia   = "I" // INE rejects or questions a record sent
	InfoComunicacion = "C" // INE communicates a variation made elsewhere
)

// Sex codes of the INE file.
const (
	SexMale   = "1"
	SexFemale = "6"
)

// Document types of the INE file.
const (
	DocNone     = "0"
	DocDNI      = "1"
	DocPassport = "2"
	DocNIE      = "3"
)

// Abroad is the province code of places abroad: the "municipality" is then
// the INE country code.
const Abroad = "66"

// Person is the identity block of a record (as INE knows the person, or as
// it is after the variation).
type Person struct {
	Name      string
	Particle1 string
	Surname1  string
	Particle2 string
	Surname2  string
	// BirthProvince and BirthMunicipality: INE codes; "66" + country when abroad.
	BirthProvince     string
	BirthMunicipality string
	BirthDate         time.Time
	// DocType is one of the Doc* codes; DocLetter is the NIE's first letter;
	// DocNumber the 8 digits of DNI/NIE; DocControl the control letter;
	// OtherDoc the passport (or other) number.
	DocType    string
	DocLetter  string
	DocNumber  string
	DocControl string
	OtherDoc   string
	// LocalID is the ayuntamiento's identifier of the person.
	LocalID string
	// ElectoralID is the identifier in the censo electoral (blank when unknown).
	ElectoralID string
}

// Address is the domicilio of the record.
type Address struct {
	District         string // 2
	Section          string // 3
	SectionLetter    string // 1
	CollectiveEntity string // 2
	SingularEntity   string // 2
	SingularDC       string // 1
	Nucleus          string // 2
	CollectiveName   string
	SingularName     string
	NucleusName      string
	StreetCode       string // 5, INE callejero code
	StreetType       string // 5, INE abbreviation
	StreetName       string
	PseudoStreetCode string
	PseudoStreetName string
	NumberingType    string // 1
	Number           string // 4
	Qualifier        string // 1 (letter)
	UpperNumber      string
	UpperQualifier   string
	Km               string // 3
	Hm               string // 1
	Block            string // 2
	Portal           string // 2
	Stair            string // 2
	Floor            string // 3
	Door             string // 4
	PremisesType     string // 1
}

// Record is one line of an exchange file: a person with his variation.
type Record struct {
	Province     string // 2, CPRO
	Municipality string // 3, CMUN
	Key          Person // identity as INE knows it (positions 6–157)
	Info         string // TIPOINF
	ReturnCode   string // CDEV
	Date         time.Time
	Variation    string // CVAR: A, B, M or blank (full record)
	Cause        string // 2 characters, see Causes
	Address      Address
	Sheet        string // número de hoja padronal
	Data         Person // data after the variation (positions 379–541)
	Sex          string // 1 or 6
	Studies      string // nivel de estudios, 2 characters
	Nationality  string // INE country code, 108 = España
	// FromProvince/FromMunicipality: procedencia (altas) or destino (bajas).
	FromProvince     string
	FromMunicipality string
	Consulate        string
}
