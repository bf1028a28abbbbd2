package census

import (
	"sort"
	"sync"

	"concejo/internal/backoffice/census/synth"
	"concejo/internal/refdata"
)

// places caches the reference lists the padrón names places with.
var places = sync.OnceValue(func() placeLists {
	var p placeLists
	p.province = map[string]string{}
	p.municipality = map[string]refdata.Municipality{}
	if ps, err := refdata.Provinces(); err == nil {
		p.provinces = ps
		for _, x := range ps {
			p.province[x.Code] = x.Name
		}
	}
	if ms, err := refdata.Municipalities(); err == nil {
		p.municipalities = ms
		for _, m := range ms {
			p.municipality[m.INECode] = m
		}
	}
	seen := map[string]bool{}
	for _, c := range synth.Countries {
		p.countries = append(p.countries, option{c.Code, c.Name})
		seen[c.Code] = true
	}
	for _, code := range []string{"101", "102", "103", "104", "106", "107", "109", "110", "111", "112", "113", "114", "115", "116"} {
		if !seen[code] {
			p.countries = append(p.countries, option{code, synth.CountryName(code)})
		}
	}
	sort.Slice(p.countries, func(i, j int) bool { return refdata.Fold(p.countries[i].Label) < refdata.Fold(p.countries[j].Label) })
	return p
})

type placeLists struct {
	provinces      []refdata.Province
	province       map[string]string
	municipalities []refdata.Municipality
	municipality   map[string]refdata.Municipality
	countries      []option
}

// option is a value of a select with its label.
type option struct{ Value, Label string }

func provinceName(code string) (string, bool) {
	n, ok := places().province[code]
	return n, ok
}

func municipalityName(ine5 string) (string, bool) {
	m, ok := places().municipality[ine5]
	return m.DisplayName, ok
}
