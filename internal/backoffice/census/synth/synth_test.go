package synth_test

import (
	"testing"
	"time"

	"concejo/internal/backoffice/census/synth"
	"concejo/internal/platform/validate"
)

func TestGenerate(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	stats := func(ine string, pop int) (n int, over65, foreign, encsarp float64) {
		hs := generate(synth.Params{INE: ine, Population: pop, Seed: 7, At: at, FirstSerial: 1000})
		seen := map[string]bool{}
		var o, f, e int
		for _, h := range hs {
			for _, p := range h.Members {
				n++
				if p.BirthDate.AddDate(65, 0, 0).Before(at) {
					o++
				}
				if p.Nationality != synth.Spain {
					f++
				}
				if !p.Renewal.IsZero() {
					e++
					if synth.IsEU(p.Nationality) {
						t.Fatalf("EU citizen with ENCSARP renewal: %+v", p)
					}
				}
				if p.DocNumber != "" {
					if seen[p.DocNumber] {
						t.Fatalf("repeated document %s", p.DocNumber)
					}
					seen[p.DocNumber] = true
					if p.DocType != "pasaporte" {
						if _, err := validate.PersonNIF(p.DocNumber); err != nil {
							t.Fatalf("%s %s: %v", p.DocType, p.DocNumber, err)
						}
					}
				}
				if p.Since.IsZero() || p.Since.After(at) || p.Since.Before(p.BirthDate) {
					t.Fatalf("since %v birth %v", p.Since, p.BirthDate)
				}
			}
		}
		return n, float64(o) / float64(n), float64(f) / float64(n), float64(e)
	}
	n, rural65, _, _ := stats("10001", 337)
	if n < 337 || n > 345 {
		t.Fatalf("rural population %d", n)
	}
	n2, urban65, foreign, _ := stats("10037", 20000)
	if n2 < 20000 {
		t.Fatal(n2)
	}
	if rural65 < 0.25 || urban65 > 0.25 || rural65 <= urban65 {
		t.Fatalf("over-65 share rural %.2f urban %.2f", rural65, urban65)
	}
	if foreign < 0.02 || foreign > 0.06 {
		t.Fatalf("foreign share %.3f", foreign)
	}
	a := generate(synth.Params{INE: "10148", Population: 500, Seed: 3, At: at})
	b := generate(synth.Params{INE: "10148", Population: 500, Seed: 3, At: at})
	if len(a) != len(b) || a[10].Members[0] != b[10].Members[0] {
		t.Fatal("not deterministic")
	}
}

func TestDocuments(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200000; i++ {
		for _, d := range []string{synth.DNI(i), synth.NIE(i)} {
			if seen[d] {
				t.Fatalf("repeated %s", d)
			}
			seen[d] = true
		}
		if i%997 == 0 {
			for _, d := range []string{synth.DNI(i), synth.NIE(i)} {
				if _, err := validate.PersonNIF(d); err != nil {
					t.Fatalf("%s: %v", d, err)
				}
			}
		}
	}
}

// generate collects the households of p.
func generate(p synth.Params) []synth.Household {
	var out []synth.Household
	synth.Each(p, func(_ int, h synth.Household) error {
		out = append(out, h)
		return nil
	})
	return out
}
