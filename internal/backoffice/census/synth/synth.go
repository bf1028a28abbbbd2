package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Params describe the population of one municipality.
type Params struct {
	// INE is the 5-digit municipality code (province 2 + municipality 3).
	INE string
	// Population is how many people to make (at least; the last household
	// may overshoot by its size minus one).
	Population int
	// Seed fixes the random choices.
	Seed uint64
	// At is the reference date (ages are reckoned at it); usually 1 January.
	At time.Time
	// FirstSerial numbers the identity documents: give each municipality a
	// range of its own (e.g. the population before it) and DNI/NIE numbers
	// are unique across them.
	FirstSerial int
	// ForeignShare is the share of foreign residents (0.035 when zero).
	ForeignShare float64
}

// Person is one synthetic inhabitant.
type Person struct {
	Name, Surname1, Surname2 string
	Sex                      string // "H" hombre, "M" mujer
	BirthDate                time.Time
	// BirthProvince and BirthMunicipality are INE codes; abroad: "66" and the country code.
	BirthProvince, BirthMunicipality string
	Nationality                      string // INE country code
	// DocType: "dni", "nie", "pasaporte" or "" (minors without a document).
	DocType, DocNumber string
	Studies            string // nivel de estudios code, "" under 16
	// Since is the date of the alta in the municipality and SinceCause its
	// cause code (see inefile.Causes).
	Since      time.Time
	SinceCause string
	// FromProvince/FromMunicipality: procedencia for altas por cambio de residencia.
	FromProvince, FromMunicipality string
	// Renewal is, for ENCSARP foreigners, the date of the alta or of the last
	// renewal (the inscription expires two years later); zero otherwise.
	Renewal time.Time
}

// Household is the people of one dwelling (one hoja padronal).
type Household struct{ Members []Person }

// Each makes the households of p, handing each to fn with its position as
// it is made, so a large town need not be held in memory; it stops at fn's
// first error and returns it. The same p always makes the same households.
func Each(p Params, fn func(k int, h Household) error) error {
	g := newGen(p)
	for k, n := 0, 0; n < p.Population; k++ {
		h := g.household(p.Population - n)
		n += len(h.Members)
		if err := fn(k, h); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	p       Params
	r       *rand.Rand
	ages    [21]float64
	adult   []float64 // cumulative weights of ages 18..104
	serial  int
	foreign float64
	urban   float64
}

func newGen(p Params) *gen {
	if p.At.IsZero() {
		p.At = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var s2 uint64
	for _, c := range p.INE {
		s2 = s2*31 + uint64(c)
	}
	g := &gen{p: p, r: rand.New(rand.NewPCG(p.Seed, s2)), serial: p.FirstSerial}
	// urbanness: 0 up to 1,000 inhabitants, 1 from 40,000, log-linear between.
	u := (math.Log10(float64(max(p.Population, 1))) - 3) / (math.Log10(40000) - 3)
	g.urban = math.Min(1, math.Max(0, u))
	for i := range g.ages {
		g.ages[i] = ruralAges[i]*(1-g.urban) + urbanAges[i]*g.urban
	}
	g.foreign = p.ForeignShare
	if g.foreign == 0 {
		g.foreign = 0.035
	}
	acc := 0.0
	for age := 18; age <= 104; age++ {
		acc += g.ages[min(age/5, 20)] / 5
		g.adult = append(g.adult, acc)
	}
	return g
}

func (g *gen) pick(cum []float64) int {
	x := g.r.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// household draws a head by the adult age structure and builds around him
// the usual compositions: alone, couple, couple or parent with children.
func (g *gen) household(left int) Household {
	headAge := 18 + g.pick(g.adult)
	nat := Spain
	if g.r.Float64() < g.foreign {
		nat = g.country()
		if headAge > 70 {
			headAge = 30 + g.r.IntN(30) // foreign residents are younger
		}
	}
	family := g.surname(nat)
	headSex := "H"
	if g.r.Float64() >= maleShare(headAge/5) {
		headSex = "M"
	}
	h := Household{}
	h.Members = append(h.Members, g.person(headAge, headSex, nat, family, ""))
	partner := 0.62
	if headAge >= 80 {
		partner = 0.35
	}
	if left > 1 && g.r.Float64() < partner {
		pa := headAge + g.r.IntN(7) - 3
		h.Members = append(h.Members, g.person(max(18, pa), other(headSex), nat, g.surname(nat), ""))
	}
	kids := 0
	switch {
	case headAge >= 24 && headAge < 40:
		kids = []int{0, 1, 1, 2, 2, 3}[g.r.IntN(6)]
	case headAge >= 40 && headAge < 58:
		kids = []int{0, 0, 1, 1, 2, 2, 3}[g.r.IntN(7)]
	case headAge >= 58 && headAge < 80:
		if g.r.Float64() < 0.15 {
			kids = 1 // an adult son or daughter still at home
		}
	}
	for i := 0; i < kids && len(h.Members) < left; i++ {
		lo, hi := max(0, headAge-45), headAge-20
		if headAge >= 58 {
			lo, hi = headAge-40, headAge-25
		}
		age := lo + g.r.IntN(max(1, hi-lo+1))
		sex := "H"
		if g.r.IntN(2) == 0 {
			sex = "M"
		}
		h.Members = append(h.Members, g.person(age, sex, nat, family, g.surname(nat)))
	}
	return h
}

func other(sex string) string {
	if sex == "H" {
		return "M"
	}
	return "H"
}

func (g *gen) country() string {
	total := 0.0
	for _, c := range Countries {
		total += c.Weight
	}
	x := g.r.Float64() * total
	for _, c := range Countries {
		if x < c.Weight {
			return c.Code
		}
		x -= c.Weight
	}
	return Countries[0].Code
}

func (g *gen) surname(nat string) string {
	if n, ok := foreignNames[nat]; ok {
		return n[2][g.r.IntN(len(n[2]))]
	}
	return surnames[g.r.IntN(len(surnames))]
}

func (g *gen) given(nat, sex string) string {
	if n, ok := foreignNames[nat]; ok {
		if sex == "M" {
			return n[0][g.r.IntN(len(n[0]))]
		}
		return n[1][g.r.IntN(len(n[1]))]
	}
	if sex == "M" {
		return femaleNames[g.r.IntN(len(femaleNames))]
	}
	return maleNames[g.r.IntN(len(maleNames))]
}

// person makes one inhabitant of age at the reference date.
func (g *gen) person(age int, sex, nat, surname1, surname2 string) Person {
	at := g.p.At
	birth := at.AddDate(-age-1, 0, 1+g.r.IntN(365))
	p := Person{Name: g.given(nat, sex), Sex: sex, BirthDate: birth, Nationality: nat}
	p.Surname1 = surname1
	if surname2 == "" {
		surname2 = g.surname(nat)
	}
	if nat == Spain || nat == "127" || nat == "123" {
		p.Surname2 = surname2
	}
	g.serial++
	switch {
	case nat == Spain:
		if age >= 14 || g.r.Float64() < 0.6 {
			p.DocType, p.DocNumber = "dni", DNI(g.serial)
		}
	case g.r.Float64() < 0.88:
		p.DocType, p.DocNumber = "nie", NIE(g.serial)
	default:
		p.DocType, p.DocNumber = "pasaporte", fmt.Sprintf("%c%c%07d", 'A'+rune(g.serial%26), 'A'+rune(g.serial/26%26), g.serial%10_000_000)
	}
	p.BirthProvince, p.BirthMunicipality = g.birthplace(age, nat)
	if age >= 16 {
		p.Studies = g.studies(age)
	}
	g.since(&p, age)
	return p
}

func (g *gen) birthplace(age int, nat string) (string, string) {
	if nat != Spain && g.r.Float64() < 0.9 {
		return "66", nat
	}
	own := g.p.INE
	x := g.r.Float64()
	switch {
	case age < 50 && g.urban < 0.5 && x < 0.7:
		// born in the hospital of the nearest city
		if g.r.IntN(2) == 0 {
			return "10", "037"
		}
		return "10", "148"
	case x < 0.6:
		return own[:2], own[2:]
	}
	tot := 0.0
	for _, pb := range provincesOfBirth {
		tot += pb.Weight
	}
	y := g.r.Float64() * tot
	for _, pb := range provincesOfBirth {
		if y < pb.Weight {
			return pb.Code, capitals[pb.Code]
		}
		y -= pb.Weight
	}
	return "10", "037"
}

// capitals are the INE municipality codes of the provincial capitals used
// as places of birth.
var capitals = map[string]string{"10": "037", "06": "015", "28": "079", "45": "168", "37": "274", "08": "019",
	"41": "091", "05": "019", "46": "250", "48": "020"}

func (g *gen) studies(age int) string {
	x := g.r.Float64()
	switch {
	case age >= 70:
		return pickCode(x, []string{"11", "21", "22", "31", "42", "46"}, []float64{0.06, 0.30, 0.32, 0.18, 0.07, 0.07})
	case age >= 45:
		return pickCode(x, []string{"21", "22", "31", "32", "41", "42", "44", "46"}, []float64{0.04, 0.14, 0.30, 0.10, 0.10, 0.12, 0.08, 0.12})
	case age >= 22:
		return pickCode(x, []string{"22", "31", "32", "41", "42", "44", "46", "48"}, []float64{0.03, 0.20, 0.12, 0.15, 0.15, 0.05, 0.25, 0.05})
	default:
		return pickCode(x, []string{"22", "31", "32", "42"}, []float64{0.05, 0.55, 0.15, 0.25})
	}
}

func pickCode(x float64, codes []string, w []float64) string {
	for i, c := range codes {
		if x < w[i] {
			return c
		}
		x -= w[i]
	}
	return codes[len(codes)-1]
}

// padronStart is when the continuous padrón began (renovación de 1996).
var padronStart = time.Date(1996, 5, 1, 0, 0, 0, 0, time.UTC)

// since decides when and why the person was inscribed in the municipality,
// and the ENCSARP renewal date of non-EU foreigners.
func (g *gen) since(p *Person, age int) {
	at := g.p.At
	bornHere := p.BirthProvince+p.BirthMunicipality == g.p.INE
	switch {
	case p.Nationality != Spain:
		years := 1 + g.r.IntN(min(15, age+1))
		p.Since = at.AddDate(-years, 0, -g.r.IntN(365))
		if p.Since.Before(p.BirthDate) {
			p.Since = p.BirthDate.AddDate(0, 1, 0)
		}
		p.SinceCause = "AE"
		p.FromProvince, p.FromMunicipality = "66", p.Nationality
		if !IsEU(p.Nationality) && g.r.Float64() < 0.5 {
			// without permanent residence: renews every two years; some are
			// overdue, some expire in the coming months.
			p.Renewal = at.AddDate(0, 0, -g.r.IntN(800))
			if p.Renewal.Before(p.Since) {
				p.Renewal = p.Since
			}
		}
	case bornHere && p.BirthDate.After(padronStart):
		p.Since, p.SinceCause = p.BirthDate.AddDate(0, 0, 3+g.r.IntN(20)), "AN"
	case !p.BirthDate.After(padronStart) && (bornHere || g.r.Float64() < 0.5):
		p.Since, p.SinceCause = padronStart, "AF"
	default:
		earliest := p.BirthDate.AddDate(18, 0, 0)
		if earliest.Before(padronStart) {
			earliest = padronStart
		}
		if age < 18 {
			earliest = p.BirthDate.AddDate(0, 1, 0)
		}
		span := int(at.Sub(earliest).Hours()/24) - 1
		p.Since = earliest.AddDate(0, 0, g.r.IntN(max(1, span)))
		p.SinceCause = "AC"
		p.FromProvince, p.FromMunicipality = "10", "037"
		if g.p.INE == "10037" {
			p.FromProvince, p.FromMunicipality = "06", "015"
		}
	}
	if p.Since.After(at) {
		p.Since = at.AddDate(0, 0, -1)
	}
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// DNI returns the DNI (8 digits and letter) of a serial: a bijection on
// 0..10^8, so distinct serials give distinct numbers.
func DNI(serial int) string {
	n := (serial*7919 + 1_234_567) % 100_000_000
	return fmt.Sprintf("%08d%c", n, dniLetters[n%23])
}

// NIE returns the NIE (X/Y + 7 digits + letter) of a serial.
func NIE(serial int) string {
	n := (serial*7919 + 765_432) % 20_000_000
	prefix := byte('X')
	if n >= 10_000_000 {
		prefix = 'Y'
	}
	full := n // X→0, Y→1 in front of the 7 digits: the same number
	return fmt.Sprintf("%c%07d%c", prefix, n%10_000_000, dniLetters[full%23])
}
