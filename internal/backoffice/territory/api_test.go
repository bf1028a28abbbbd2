package territory_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concejo/internal/app/apptest"
	"concejo/internal/backoffice/territory"
	"concejo/internal/platform/db"
	"concejo/internal/platform/kit"
	"concejo/internal/platform/validate"
)

func TestDemoAndAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		cc := env.EntityID(t, apptest.Dir3Caceres)
		pl := env.EntityID(t, apptest.Dir3Plasencia)
		for _, dir3 := range territory.SampleDIR3 {
			e := env.EntityID(t, dir3)
			c, err := territory.CountsOf(ctx, env.DB, e)
			if err != nil {
				t.Fatal(err)
			}
			if c.Dwellings < 140 || c.Dwellings > 170 || c.Streets < 2 || c.Sections < 1 || c.Nuclei < 1 {
				t.Errorf("%s: demo callejero %+v", dir3, c)
			}
		}
		// Cáceres has its pedanías and several sections in the small demo.
		nuclei, err := territory.Nuclei(ctx, env.DB, cc)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, n := range nuclei {
			names = append(names, n.Name)
		}
		if !strings.Contains(strings.Join(names, "|"), "Valdesalor") {
			t.Errorf("Cáceres núcleos: %v", names)
		}
		// Idempotent: loading again writes nothing.
		before := env.Count(t, `SELECT COUNT(*) FROM dwellings`)
		if err := territory.LoadDemo(ctx, env.DB, kit.DemoOptions{}); err != nil {
			t.Fatal(err)
		}
		if after := env.Count(t, `SELECT COUNT(*) FROM dwellings`); after != before {
			t.Errorf("second LoadDemo wrote dwellings: %d → %d", before, after)
		}

		all, err := territory.AllDwellings(ctx, env.DB, cc)
		if err != nil || len(all) == 0 {
			t.Fatalf("AllDwellings: %d, %v", len(all), err)
		}
		d := all[0]
		got, err := territory.DwellingAddress(ctx, env.DB, cc, d.DwellingID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Line() == "" || got.StreetINECode == "" || len(got.NucleusCode) != 6 || len(got.District) != 2 || len(got.Section) != 3 {
			t.Errorf("DwellingAddress: %+v", got)
		}
		if got.CadastralRef != "" {
			if _, err := validate.CadastralReference(got.CadastralRef); err != nil {
				t.Errorf("demo cadastral reference %s: %v", got.CadastralRef, err)
			}
		}
		// Another entity's dwelling does not exist.
		if _, err := territory.DwellingAddress(ctx, env.DB, pl, d.DwellingID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Plasencia reads a Cáceres dwelling: %v", err)
		}
		many, err := territory.DwellingAddresses(ctx, env.DB, cc, []string{all[0].DwellingID, all[1].DwellingID, "nope"})
		if err != nil || len(many) != 2 {
			t.Errorf("DwellingAddresses: %d, %v", len(many), err)
		}
		// Picker: words of the street name in any order, without accents, and the number.
		q := strings.ToUpper(got.StreetName)
		if got.Number != nil {
			q += " " + itoa(*got.Number)
		}
		found, err := territory.FindDwellings(ctx, env.DB, cc, territory.DwellingQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		hit := false
		for _, f := range found {
			hit = hit || f.DwellingID == got.DwellingID
		}
		if !hit {
			t.Errorf("FindDwellings(%q) misses %s: %d results", q, got.Line(), len(found))
		}
		st, err := territory.StreetByINECode(ctx, env.DB, cc, got.StreetINECode)
		if err != nil || st.ID != got.StreetID {
			t.Errorf("StreetByINECode: %v %v", st.ID, err)
		}
		if n, err := territory.StreetNameAt(ctx, env.DB, cc, st.ID, time.Now()); err != nil || n.Name != st.Name {
			t.Errorf("StreetNameAt: %+v %v", n, err)
		}
		if _, err := territory.StreetNameAt(ctx, env.DB, cc, st.ID, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("StreetNameAt before the street existed: %v", err)
		}
	})
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}

func TestAddressLine(t *testing.T) {
	five := 5
	cases := []struct {
		a    territory.Address
		want string
	}{
		{territory.Address{StreetType: "CALLE", StreetName: "Mayor", Number: &five, Letter: "B", Stair: "1", Floor: "2", Door: "A"},
			"Calle Mayor, 5 B, esc. 1, 2.º A"},
		{territory.Address{StreetType: "PLAZA", StreetName: "de España"}, "Plaza de España, s/n"},
		{territory.Address{StreetType: "CTRA", StreetName: "N-630", Km: "12,5"}, "Carretera N-630, km 12,5"},
		{territory.Address{StreetType: "AVDA", StreetName: "de la Paz", Number: &five, Block: "3", Portal: "2", Floor: "BJ", Door: "C"},
			"Avenida de la Paz, 5, bloque 3, portal 2, bajo C"},
		{territory.Address{StreetType: "TRVA", StreetName: "Real", Number: &five, Floor: "AT"}, "Travesía Real, 5, ático"},
	}
	for _, c := range cases {
		if got := c.a.Line(); got != c.want {
			t.Errorf("Line() = %q, want %q", got, c.want)
		}
	}
	a := cases[0].a
	a.PostalCode, a.NucleusName = "10001", "Cáceres"
	if got := a.Full(); got != "Calle Mayor, 5 B, esc. 1, 2.º A, 10001 Cáceres" {
		t.Errorf("Full() = %q", got)
	}
}
