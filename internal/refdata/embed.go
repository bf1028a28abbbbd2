package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.csv data/catalogo.json data/condiciones_v1.tmpl
var files embed.FS

// readCSV reads an embedded CSV file with a header row and returns its
// records as maps from column name to value.
func readCSV(name string) ([]map[string]string, error) {
	f, err := files.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("refdata: %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("refdata: %s is empty", name)
	}
	head := recs[0]
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(head))
		for i, col := range head {
			m[col] = strings.TrimSpace(rec[i])
		}
		out = append(out, m)
	}
	return out, nil
}

// atoi parses a whole number of a CSV column, naming the file on error.
func atoi(file, col, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("refdata: %s: column %s: %q is not a number", file, col, s)
	}
	return n, nil
}
