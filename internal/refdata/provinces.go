package refdata

// Province is a Spanish province with its 2-digit INE code.
type Province struct {
	Code string // "10"
	Name string // "Cáceres"
}

// Provinces returns the 52 provinces (and autonomous cities) in code order.
func Provinces() ([]Province, error) {
	recs, err := readCSV("provincias.csv")
	if err != nil {
		return nil, err
	}
	out := make([]Province, 0, len(recs))
	for _, r := range recs {
		out = append(out, Province{Code: r["code"], Name: r["name"]})
	}
	return out, nil
}
