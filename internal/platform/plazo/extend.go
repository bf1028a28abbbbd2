package plazo

import (
	"fmt"
	"time"

	"concejo/internal/platform/errs"
	"concejo/internal/platform/workcal"
)

// Extend returns the term of the plazo t after an ampliación of extra units
// of its own unit (art. 32 of Ley 39/2015), decided at decided, the plazo
// ending at end (as returned by End). Its end is End with the same start
// and the returned term: the ampliación lengthens the same plazo, counted
// without a break from its start, so the prórroga of the original last day
// (art. 30.5) is not carried into the new one.
//
// The ampliación may not exceed half of the plazo, rounded down to whole
// units (15 días hábiles admit 7), so a plazo of a single unit (1 día, 1
// mes, 1 año) cannot be extended in its unit; and a plazo of hours cannot
// pass 24 hours (art. 30.1). Those cases are errors of kind errs.Invalid.
// The ampliación has to be decided before the plazo ends (art. 32.3: "en
// ningún caso podrá ser objeto de ampliación un plazo ya vencido"): a later
// decision is an error of kind errs.Conflict. extra is the whole
// ampliación of the plazo: a second one passes the original term, the sum
// of both and the end of the plazo as already extended.
func Extend(t Term, extra int, end, decided time.Time) (Term, error) {
	if err := t.Validate(); err != nil {
		return Term{}, err
	}
	if !InTime(end, decided) {
		return Term{}, errs.New(errs.Conflict, fmt.Sprintf("El plazo venció el %s y ya no se puede ampliar: la ampliación se acuerda antes del vencimiento (art. 32.3 de la Ley 39/2015).",
			end.In(workcal.Madrid).Format("02/01/2006")))
	}
	half := t.N / 2
	switch {
	case half == 0:
		return Term{}, errs.New(errs.Invalid, fmt.Sprintf("Un plazo de %s no admite ampliación: la mitad no llega a %s (art. 32.1 de la Ley 39/2015).", t, Term{1, t.Unit}))
	case extra < 1:
		return Term{}, errs.New(errs.Invalid, fmt.Sprintf("La ampliación ha de ser de al menos %s.", Term{1, t.Unit}))
	case extra > half:
		return Term{}, errs.New(errs.Invalid, fmt.Sprintf("La ampliación no puede pasar de la mitad del plazo: como máximo %s (art. 32.1 de la Ley 39/2015).", Term{half, t.Unit}))
	}
	out := Term{N: t.N + extra, Unit: t.Unit}
	return out, out.Validate()
}

// Urgent returns the term t halved by the tramitación de urgencia (art. 33
// of Ley 39/2015), which does not apply to the plazos for solicitudes and
// recursos; the caller leaves those alone.
//
// Halves are rounded up (15 días hábiles become 8), so that no plazo drops
// to zero and the interesado is not cut short by the rounding. A year
// becomes 6 months; an even number of months is halved in months; an odd
// one becomes 15 días naturales a month (1 mes, 15 días naturales; 3 meses,
// 45), since half a month is not a whole month and days of a month are
// calendar days. Other readings round down or turn half a month into
// días hábiles; the law says only "se reducirán a la mitad".
func Urgent(t Term) (Term, error) {
	if err := t.Validate(); err != nil {
		return Term{}, err
	}
	switch {
	case t.Unit == Years:
		return Term{N: 6 * t.N, Unit: Months}, nil
	case t.Unit == Months && t.N%2 == 1:
		return Term{N: 15 * t.N, Unit: CalendarDays}, nil
	}
	return Term{N: (t.N + 1) / 2, Unit: t.Unit}, nil
}
