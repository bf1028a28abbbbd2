package refdata

import "fmt"

// Municipality is one INE municipality of the province of Cáceres with its
// official population (padrón at 1 January of Year).
type Municipality struct {
	INECode     string // 5 digits, province + municipality: "10037"
	DC          int    // INE control digit
	Name        string // official INE name, article last: "Cumbre, La"
	DisplayName string // article first: "La Cumbre"
	Population  int64
	Year        int
	DIR3        string // "L01" + INECode + DC, derived (see SOURCES.md)
}

const municipalitiesFile = "municipios_caceres.csv"

// Municipalities returns the municipalities of the province of Cáceres in
// INE code order.
func Municipalities() ([]Municipality, error) {
	recs, err := readCSV(municipalitiesFile)
	if err != nil {
		return nil, err
	}
	out := make([]Municipality, 0, len(recs))
	for _, r := range recs {
		dc, err := atoi(municipalitiesFile, "ine_dc", r["ine_dc"])
		if err != nil {
			return nil, err
		}
		pop, err := atoi(municipalitiesFile, "population", r["population"])
		if err != nil {
			return nil, err
		}
		year, err := atoi(municipalitiesFile, "population_year", r["population_year"])
		if err != nil {
			return nil, err
		}
		m := Municipality{INECode: r["ine_code"], DC: int(dc), Name: r["name"], DisplayName: r["name_display"],
			Population: pop, Year: int(year), DIR3: r["dir3"]}
		if len(m.INECode) != 5 || m.DIR3 != fmt.Sprintf("L01%s%d", m.INECode, m.DC) {
			return nil, fmt.Errorf("refdata: %s: inconsistent row %s %q", municipalitiesFile, m.INECode, m.DIR3)
		}
		out = append(out, m)
	}
	return out, nil
}
