package sessions

import (
	"testing"
	"time"

	"concejo/internal/platform/web"
	"concejo/internal/platform/workcal"
)

// TestQuorumAndMajorities checks the quórum of the Pleno (a third of the
// número legal, never fewer than 3) and of the Junta (more than half), the
// mayoría absoluta, and the result of a vote by each majority.
func TestQuorumAndMajorities(t *testing.T) {
	for _, c := range []struct {
		kind          string
		legal, q, abs int
	}{{OrganPleno, 25, 9, 13}, {OrganPleno, 21, 7, 11}, {OrganPleno, 7, 3, 4}, {OrganPleno, 5, 3, 3}, {OrganPleno, 3, 3, 2},
		{OrganJunta, 8, 5, 5}, {OrganJunta, 5, 3, 3}} {
		o := Organ{Kind: c.kind, LegalMembers: c.legal}
		if o.Quorum() != c.q || o.Absolute() != c.abs {
			t.Errorf("%s of %d: quórum %d, absolute %d; want %d, %d", c.kind, c.legal, o.Quorum(), o.Absolute(), c.q, c.abs)
		}
	}
	pleno := Organ{Kind: OrganPleno, LegalMembers: 25}
	for _, c := range []struct {
		absolute       bool
		favor, against int
		want           string
	}{{false, 10, 8, Approved}, {false, 8, 8, Rejected}, {false, 3, 0, Approved}, {true, 12, 5, Rejected}, {true, 13, 12, Approved}} {
		if got := decide(pleno, Item{Absolute: c.absolute}, c.favor, c.against); got != c.want {
			t.Errorf("absolute %v, %d-%d: %s, want %s", c.absolute, c.favor, c.against, got, c.want)
		}
	}
	for pop, want := range map[int64]int{90: 3, 250: 5, 900: 7, 4200: 11, 41000: 21, 96000: 25, 100001: 27, 250000: 27, 300001: 29} {
		if got := legalMembers(pop); got != want {
			t.Errorf("population %d: %d concejales, want %d", pop, got, want)
		}
	}
}

// TestEarliest checks the first day an ordinaria convened at a moment may
// be held: two días hábiles whole between, across a weekend and the Día de
// Extremadura (8 September).
func TestEarliest(t *testing.T) {
	cal := workcal.ForMunicipality("10037") // Cáceres
	for _, c := range []struct{ now, want string }{
		{"2026-11-10 10:00", "2026-11-13"}, // Tuesday: Wednesday and Thursday pass
		{"2026-11-06 21:00", "2026-11-11"}, // Friday: Monday and Tuesday
		{"2026-09-04 09:00", "2026-09-10"}, // Friday: Monday 7, (Tuesday 8 holiday), Wednesday 9
	} {
		now, _ := time.ParseInLocation("2006-01-02 15:04", c.now, web.Madrid)
		if got := earliest(cal, now).In(web.Madrid); got.Format("2006-01-02 15:04") != c.want+" 00:00" {
			t.Errorf("convened %s: held from %s, want %s", c.now, got, c.want)
		}
	}
}
