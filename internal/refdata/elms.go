package refdata

// ELM is an entidad local menor and the municipality it belongs to.
type ELM struct {
	Name             string // "Valdeíñigos"
	INECode          string // INE code of the municipality it belongs to
	MunicipalityName string
	DIR3             string // "" when unknown (it cannot be derived)
	Source           string
}

// ELMs returns the entidades locales menores of the province known to the
// reference data (see SOURCES.md: the list is incomplete).
func ELMs() ([]ELM, error) {
	recs, err := readCSV("entidades_locales_menores_caceres.csv")
	if err != nil {
		return nil, err
	}
	out := make([]ELM, 0, len(recs))
	for _, r := range recs {
		out = append(out, ELM{Name: r["elm_name"], INECode: r["ine_code"], MunicipalityName: r["municipality_name"],
			DIR3: r["dir3"], Source: r["source"]})
	}
	return out, nil
}
