package plazo

import (
	"fmt"

	"concejo/internal/platform/errs"
)

// Unit is what a plazo is counted in. Its value is the code kept in the
// database.
type Unit string

// The units of art. 30 of Ley 39/2015.
const (
	WorkingDays  Unit = "habiles"   // días hábiles, the default for days (art. 30.2)
	CalendarDays Unit = "naturales" // días naturales, only when a law or EU law says so
	Months       Unit = "meses"
	Years        Unit = "anos"
	Hours        Unit = "horas" // horas hábiles, at most 24 (art. 30.1)
)

// Units lists the units in the order a form offers them.
var Units = []Unit{WorkingDays, CalendarDays, Months, Years, Hours}

// names are the singular and plural Spanish names of each unit.
var names = map[Unit][2]string{
	WorkingDays:  {"día hábil", "días hábiles"},
	CalendarDays: {"día natural", "días naturales"},
	Months:       {"mes", "meses"},
	Years:        {"año", "años"},
	Hours:        {"hora", "horas"},
}

// maxN bounds each unit: 24 hours by law (art. 30.1); about 20 years for
// the others, which keeps every computation short.
var maxN = map[Unit]int{WorkingDays: 7305, CalendarDays: 7305, Months: 240, Years: 20, Hours: 24}

// Label is the unit's plural name in Spanish, for screens ("días hábiles").
func (u Unit) Label() string { return u.name(2) }

func (u Unit) name(n int) string {
	if n == 1 {
		return names[u][0]
	}
	return names[u][1]
}

// Term is the length of a plazo: N units. Its JSON form is
// {"n": 10, "unit": "habiles"}.
type Term struct {
	N    int  `json:"n"`
	Unit Unit `json:"unit"`
}

// String is the term in Spanish: "10 días hábiles", "1 mes".
func (t Term) String() string { return fmt.Sprintf("%d %s", t.N, t.Unit.name(t.N)) }

// Validate returns an error of kind errs.Invalid, with a Spanish message,
// when t is not a plazo that can be counted: an unknown unit, N below 1,
// more than 24 hours, or more than the unit's bound (about 20 years).
func (t Term) Validate() error {
	limit, ok := maxN[t.Unit]
	switch {
	case !ok:
		return errs.New(errs.Invalid, "La unidad del plazo no es válida: ha de ser días hábiles, días naturales, meses, años u horas.")
	case t.N < 1:
		return errs.New(errs.Invalid, fmt.Sprintf("El plazo ha de ser de al menos %s.", Term{1, t.Unit}))
	case t.N > limit && t.Unit == Hours:
		return errs.New(errs.Invalid, "Un plazo en horas no puede pasar de 24 horas: si es más largo, se expresa en días (art. 30.1 de la Ley 39/2015).")
	case t.N > limit:
		return errs.New(errs.Invalid, fmt.Sprintf("Un plazo no puede pasar de %s.", Term{limit, t.Unit}))
	}
	return nil
}
