package refdata

// Membership statuses of mancomunidades_caceres.csv (see SOURCES.md).
const (
	StatusVerified                 = "verified"
	StatusComarcaListed            = "comarca_listed"
	StatusReportedMember           = "reported_member"
	StatusListedUnverifiedCurrency = "listed_unverified_currency"
	StatusPartialSingleMember      = "partial_single_member"
	StatusInferredUnverified       = "inferred_unverified"
	StatusUnknown                  = "unknown"
)

// MancomunidadRow is one row of the mancomunidades file: a member
// municipality of a mancomunidad, with how reliable that membership is. A
// mancomunidad whose members are (partly) unknown has a row with an empty
// INECode and status unknown.
type MancomunidadRow struct {
	Mancomunidad     string // short name: "Sierra de Gata"
	INECode          string // "" when the member is unknown or outside the province
	MunicipalityName string
	Status           string
	Source           string // source id, described in SOURCES.md
}

// IsMember reports whether the row names a municipality of the province
// that a source gives as a member (verified, comarca_listed,
// reported_member or listed_unverified_currency). Inferred and unknown rows
// are not data.
func (r MancomunidadRow) IsMember() bool {
	if r.INECode == "" {
		return false
	}
	switch r.Status {
	case StatusVerified, StatusComarcaListed, StatusReportedMember, StatusListedUnverifiedCurrency:
		return true
	}
	return false
}

// Mancomunidades returns every row of the mancomunidades file, in file order.
func Mancomunidades() ([]MancomunidadRow, error) {
	recs, err := readCSV("mancomunidades_caceres.csv")
	if err != nil {
		return nil, err
	}
	out := make([]MancomunidadRow, 0, len(recs))
	for _, r := range recs {
		out = append(out, MancomunidadRow{Mancomunidad: r["mancomunidad_name"], INECode: r["ine_code"],
			MunicipalityName: r["municipality_name"], Status: r["membership_status"], Source: r["membership_source"]})
	}
	return out, nil
}

// MancomunidadNames returns the distinct mancomunidad names in file order.
func MancomunidadNames(rows []MancomunidadRow) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if !seen[r.Mancomunidad] {
			seen[r.Mancomunidad] = true
			out = append(out, r.Mancomunidad)
		}
	}
	return out
}
