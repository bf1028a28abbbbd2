package plazo

import (
	"errors"
	"testing"
	"time"

	"concejo/internal/platform/errs"
)

func TestExtend(t *testing.T) {
	// 10 días hábiles notified on 20-10-2025 end on 03-11-2025.
	end := lastDay(2025, 11, 3)
	before := at(2025, 10, 30, 12, 0)
	for _, tc := range []struct {
		name    string
		term    Term
		extra   int
		decided time.Time
		want    Term
		kind    error  // nil when allowed
		message string // of the error
	}{
		{"half of 10 días", Term{10, WorkingDays}, 5, before, Term{15, WorkingDays}, nil, ""},
		{"decided at the last instant", Term{10, WorkingDays}, 5, end, Term{15, WorkingDays}, nil, ""},
		{"decided within the last millisecond", Term{10, WorkingDays}, 1, end.Add(500 * time.Microsecond), Term{11, WorkingDays}, nil, ""},
		{"half of 15 días rounds down", Term{15, CalendarDays}, 7, before, Term{22, CalendarDays}, nil, ""},
		{"3 meses + 1", Term{3, Months}, 1, before, Term{4, Months}, nil, ""},
		{"10 horas + 5", Term{10, Hours}, 5, before, Term{15, Hours}, nil, ""},
		{"more than half", Term{10, WorkingDays}, 6, before, Term{}, errs.Invalid,
			"La ampliación no puede pasar de la mitad del plazo: como máximo 5 días hábiles (art. 32.1 de la Ley 39/2015)."},
		{"more than half of 15", Term{15, CalendarDays}, 8, before, Term{}, errs.Invalid,
			"La ampliación no puede pasar de la mitad del plazo: como máximo 7 días naturales (art. 32.1 de la Ley 39/2015)."},
		{"nothing", Term{10, WorkingDays}, 0, before, Term{}, errs.Invalid, "La ampliación ha de ser de al menos 1 día hábil."},
		{"1 día has no half", Term{1, WorkingDays}, 1, before, Term{}, errs.Invalid,
			"Un plazo de 1 día hábil no admite ampliación: la mitad no llega a 1 día hábil (art. 32.1 de la Ley 39/2015)."},
		{"1 mes has no half in months", Term{1, Months}, 1, before, Term{}, errs.Invalid,
			"Un plazo de 1 mes no admite ampliación: la mitad no llega a 1 mes (art. 32.1 de la Ley 39/2015)."},
		{"beyond 24 horas", Term{24, Hours}, 12, before, Term{}, errs.Invalid,
			"Un plazo en horas no puede pasar de 24 horas: si es más largo, se expresa en días (art. 30.1 de la Ley 39/2015)."},
		{"decided after the end", Term{10, WorkingDays}, 5, end.Add(time.Millisecond), Term{}, errs.Conflict,
			"El plazo venció el 03/11/2025 y ya no se puede ampliar: la ampliación se acuerda antes del vencimiento (art. 32.3 de la Ley 39/2015)."},
		{"invalid term", Term{0, WorkingDays}, 1, before, Term{}, errs.Invalid, "El plazo ha de ser de al menos 1 día hábil."},
	} {
		got, err := Extend(tc.term, tc.extra, end, tc.decided)
		switch {
		case tc.kind == nil && (err != nil || got != tc.want):
			t.Errorf("%s: Extend = %v, %v; want %v", tc.name, got, err, tc.want)
		case tc.kind != nil && (err == nil || !errors.Is(err, tc.kind) || err.Error() != tc.message):
			t.Errorf("%s: Extend error = %v, want %v %q", tc.name, err, tc.kind, tc.message)
		}
	}
}

// The ampliación lengthens the same plazo from its start: 10 días naturales
// from Wednesday 01-10-2025 end on Saturday 11-10 and are prorrogued to
// Tuesday 14-10; 5 more end on Thursday 16-10, not 5 days after the 14th.
func TestExtendCountsFromTheStart(t *testing.T) {
	start, term := at(2025, 10, 1, 9, 0), Term{10, CalendarDays}
	end, err := End(caceres, start, term)
	if err != nil || !end.Equal(lastDay(2025, 10, 14)) {
		t.Fatalf("End = %s, %v", show(end), err)
	}
	longer, err := Extend(term, 5, end, at(2025, 10, 13, 9, 0))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := End(caceres, start, longer); !got.Equal(lastDay(2025, 10, 16)) {
		t.Errorf("extended End = %s, want Thursday 16-10-2025", show(got))
	}
}

func TestUrgent(t *testing.T) {
	for _, tc := range []struct{ in, want Term }{
		{Term{10, WorkingDays}, Term{5, WorkingDays}},
		{Term{15, WorkingDays}, Term{8, WorkingDays}},
		{Term{1, WorkingDays}, Term{1, WorkingDays}},
		{Term{15, CalendarDays}, Term{8, CalendarDays}},
		{Term{2, Months}, Term{1, Months}},
		{Term{1, Months}, Term{15, CalendarDays}},
		{Term{3, Months}, Term{45, CalendarDays}},
		{Term{1, Years}, Term{6, Months}},
		{Term{24, Hours}, Term{12, Hours}},
		{Term{1, Hours}, Term{1, Hours}},
	} {
		if got, err := Urgent(tc.in); err != nil || got != tc.want {
			t.Errorf("Urgent(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if _, err := Urgent(Term{30, Hours}); !errors.Is(err, errs.Invalid) {
		t.Errorf("Urgent(30 horas) error = %v, want errs.Invalid", err)
	}
}
