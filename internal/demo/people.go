package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"concejo/internal/refdata"
)

// person is a fictitious natural person.
type person struct {
	Name, Surname1, Surname2 string
	Female                   bool
	NIF, Phone               string
}

// FullName is "Name Surname1 Surname2".
func (p person) FullName() string {
	return p.Name + " " + p.Surname1 + " " + p.Surname2
}

// gendered picks the masculine or feminine form of a job title.
func (p person) gendered(male, female string) string {
	if p.Female {
		return female
	}
	return male
}

// people invents persons with unique DNIs and e-mail addresses.
type people struct {
	rng    *rand.Rand
	nifs   map[string]bool
	emails map[string]bool
}

func newPeople(rng *rand.Rand) *people {
	return &people{rng: rng, nifs: map[string]bool{}, emails: map[string]bool{}}
}

func (g *people) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// random invents a person of either sex.
func (g *people) random() person {
	female := g.rng.IntN(2) == 0
	name := g.pick(maleNames)
	if female {
		name = g.pick(femaleNames)
	}
	return g.named(name, g.pick(surnames), g.pick(surnames), female)
}

// named completes a person of fixed name with a unique DNI and a mobile phone.
func (g *people) named(name, s1, s2 string, female bool) person {
	p := person{Name: name, Surname1: s1, Surname2: s2, Female: female}
	for p.NIF == "" || g.nifs[p.NIF] {
		p.NIF = dni(5_000_000 + g.rng.IntN(75_000_000))
	}
	g.nifs[p.NIF] = true
	p.Phone = fmt.Sprintf("6%08d", g.rng.IntN(100_000_000))
	return p
}

// claim reserves a fixed e-mail address; it panics on a repeated one, which
// is a bug in the demo's fixed logins.
func (g *people) claim(email string) string {
	if g.emails[email] {
		panic("demo: e-mail " + email + " used twice")
	}
	g.emails[email] = true
	return email
}

// email makes a unique firstname.surname@domain address for p: the first
// word of the given name and the first surname, then the second surname,
// then a number.
func (g *people) email(p person, domain string) string {
	base := refdata.Slug(strings.Fields(p.Name)[0]) + "." + refdata.Slug(p.Surname1)
	for _, local := range []string{base, base + "." + refdata.Slug(p.Surname2)} {
		if e := local + "@" + domain; !g.emails[e] {
			return g.claim(e)
		}
	}
	for i := 2; ; i++ {
		if e := fmt.Sprintf("%s%d@%s", base, i, domain); !g.emails[e] {
			return g.claim(e)
		}
	}
}
