package parties

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"sync"
)

// paisesINE is shared/data/paises_ine.csv: the INE country codes known so
// far (16 of them; the full list must come from INE).
//
//go:embed data/paises_ine.csv
var paisesINE []byte

// Country is an INE country code and name.
type Country struct{ Code, Name string }

var (
	countriesOnce sync.Once
	countries     []Country
	countryNames  map[string]string
)

// Countries lists the known INE countries, Spain first.
func Countries() []Country {
	countriesOnce.Do(func() {
		countryNames = map[string]string{}
		rows, _ := csv.NewReader(bytes.NewReader(paisesINE)).ReadAll()
		var rest []Country
		for _, r := range rows[1:] {
			if len(r) < 2 {
				continue
			}
			countryNames[r[0]] = r[1]
			if r[0] == Spain {
				countries = append(countries, Country{r[0], r[1]})
			} else {
				rest = append(rest, Country{r[0], r[1]})
			}
		}
		countries = append(countries, rest...)
	})
	return countries
}

// CountryName names an INE country code ("" when unknown).
func CountryName(code string) string {
	Countries()
	return countryNames[code]
}

// validCountry accepts any 3-digit INE country code: the list known here
// is short, and INE's full one has more than 200 codes.
func validCountry(code string) bool {
	if len(code) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return code >= "100"
}
