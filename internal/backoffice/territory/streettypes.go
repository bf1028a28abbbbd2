package territory

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"sort"
	"strings"
	"sync"
)

// tiposVia is the list of street types (shared/data/tipos_via.csv): the
// INE callejero abbreviations (scheme INE_CALLEJERO) and the Catastro ones.
//
//go:embed data/tipos_via.csv
var tiposVia []byte

// StreetType is one INE street type.
type StreetType struct {
	Code string // INE abbreviation, up to 5 characters: CALLE, AVDA, PLAZA...
	Name string // for people: "Calle", "Avenida", "Plaza"...
}

// spanishNames gives the accented Spanish name of the usual types; the
// other types show the list's name in title case.
var spanishNames = map[string]string{
	"CALLE": "Calle", "AVDA": "Avenida", "PLAZA": "Plaza", "PASEO": "Paseo", "CTRA": "Carretera",
	"CMNO": "Camino", "TRVA": "Travesía", "URB": "Urbanización", "RONDA": "Ronda", "BARRO": "Barrio",
	"CUSTA": "Cuesta", "CLLON": "Callejón", "GTA": "Glorieta", "PSAJE": "Pasaje", "DISEM": "Diseminado",
	"PQUE": "Parque", "POLIG": "Polígono", "PGIND": "Polígono industrial", "PRAJE": "Paraje",
	"CÑADA": "Cañada", "PLZLA": "Plazuela", "RCDA": "Rinconada", "LUGAR": "Lugar", "BARDA": "Barriada",
	"CRRIL": "Carril", "ARRY": "Arroyo", "CZADA": "Calzada", "SBIDA": "Subida", "BJADA": "Bajada",
	"CSRIO": "Caserío", "FINCA": "Finca", "DHSA": "Dehesa", "CJTO": "Conjunto", "COL": "Colonia",
	"ALAM": "Alameda", "EXTRR": "Extrarradio", "RESID": "Residencial", "SECT": "Sector", "VEGA": "Vega",
	"ZONA": "Zona", "CRRDE": "Corredera", "CLLJA": "Calleja", "RBLA": "Rambla", "EDIFC": "Edificio",
}

// commonCodes are offered first in the street form, in this order.
var commonCodes = []string{"CALLE", "AVDA", "PLAZA", "PASEO", "TRVA", "CMNO", "CTRA", "RONDA", "CUSTA",
	"CLLON", "BARRO", "URB", "GTA", "PSAJE", "PLZLA", "RCDA", "PQUE", "POLIG", "PGIND", "DISEM", "PRAJE",
	"CÑADA", "ALAM", "BARDA", "CRRIL", "CZADA"}

var (
	typesOnce sync.Once
	typeNames map[string]string
	typeList  []StreetType
)

func loadTypes() {
	typeNames = map[string]string{}
	rows, err := csv.NewReader(bytes.NewReader(tiposVia)).ReadAll()
	if err != nil {
		panic("territory: tipos_via.csv: " + err.Error())
	}
	for _, r := range rows[1:] {
		if len(r) < 3 || r[0] != "INE_CALLEJERO" {
			continue
		}
		if _, seen := typeNames[r[1]]; seen {
			continue // a code with several spellings keeps the first
		}
		name := spanishNames[r[1]]
		if name == "" {
			name = titleCase(r[2])
		}
		typeNames[r[1]] = name
	}
	for code, name := range spanishNames {
		typeNames[code] = name
	}
	for _, c := range commonCodes {
		typeList = append(typeList, StreetType{Code: c, Name: typeNames[c]})
	}
	var rest []StreetType
	for code, name := range typeNames {
		if !contains(commonCodes, code) {
			rest = append(rest, StreetType{Code: code, Name: name})
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		return rest[i].Name < rest[j].Name || rest[i].Name == rest[j].Name && rest[i].Code < rest[j].Code
	})
	typeList = append(typeList, rest...)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// StreetTypes lists the INE street types: the usual ones in Spain first,
// then the rest by name.
func StreetTypes() []StreetType {
	typesOnce.Do(loadTypes)
	return typeList
}

// ValidType reports whether code is an INE street-type abbreviation.
func ValidType(code string) bool {
	typesOnce.Do(loadTypes)
	_, ok := typeNames[code]
	return ok
}

// TypeName is the name of the street type code for people ("Calle" for
// CALLE); an unknown code is returned as it is.
func TypeName(code string) string {
	typesOnce.Do(loadTypes)
	if n, ok := typeNames[code]; ok {
		return n
	}
	return code
}
