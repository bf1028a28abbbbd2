package helpdesk_test

import (
	"testing"
	"time"

	"concejo/internal/platform/workcal"
	"concejo/internal/services/helpdesk"
)

func mad(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, workcal.Madrid)
}

func eq(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.In(workcal.Madrid).Format("Mon 02/01/2006 15:04"), want.Format("Mon 02/01/2006 15:04"))
	}
}

// TestSLAClock follows the SLA clock of tickets across weekends, holidays
// (national, Extremadura and Cáceres) and periods waiting for the user.
func TestSLAClock(t *testing.T) {
	// Opened on Friday 30/10/2026 at 13:00 with 7 h to resolve: Saturday,
	// Sunday and Monday 2/11 (Todos los Santos moved by Extremadura) do not
	// count, so the limit is Tuesday 3/11 at 13:00.
	tk := &helpdesk.Ticket{CreatedAt: mad(2026, 10, 30, 13, 0), State: helpdesk.StateNew}
	tk.StartSLA(120, 420, tk.CreatedAt)
	eq(t, "response limit", tk.ResponseDue, mad(2026, 10, 30, 15, 0))
	eq(t, "resolution limit", tk.ResolutionDue, mad(2026, 11, 3, 13, 0))

	// Answered at once, then waiting for the user from Tuesday 3/11 9:00
	// to Thursday 5/11 10:00: 6 + 7 + 2 = 15 working hours paused.
	tk.Responded(mad(2026, 10, 30, 13, 30))
	if tk.ResponseWorkMin != 30 {
		t.Errorf("response took %d working minutes, want 30", tk.ResponseWorkMin)
	}
	tk.Pause(mad(2026, 11, 3, 9, 0))
	if !tk.ResolutionDue.IsZero() {
		t.Error("a paused ticket keeps a limit")
	}
	if got := tk.WorkedTime(mad(2026, 11, 4, 12, 0)); got != 3*time.Hour {
		t.Errorf("worked while paused = %s, want 3h (Friday 2 h + Tuesday 1 h)", got)
	}
	tk.Resume(mad(2026, 11, 5, 10, 0))
	// 3 h used, 4 h left from Thursday 10:00: Thursday 14:00.
	eq(t, "limit after the pause", tk.ResolutionDue, mad(2026, 11, 5, 14, 0))
	if got := tk.WorkedTime(mad(2026, 11, 5, 10, 0)); got != 3*time.Hour {
		t.Errorf("worked = %s, want 3h", got)
	}
	// Resolved on Thursday at 15:00: 3 h + 5 h = 8 h > 7 h: late.
	tk.Resolve(mad(2026, 11, 5, 15, 0))
	tk.State = helpdesk.StateResolved
	if tk.ResolutionWorkMin != 8*60 {
		t.Errorf("resolution = %d min, want 480", tk.ResolutionWorkMin)
	}
	if tk.SLAState(mad(2026, 11, 6, 9, 0)) != "incumplido" {
		t.Error("a late resolution counts as met")
	}
	// Reopened a week later: the time it stayed resolved does not count.
	tk.Reopen(mad(2026, 11, 12, 9, 0))
	if got := tk.WorkedTime(mad(2026, 11, 12, 9, 0)); got != 8*time.Hour {
		t.Errorf("worked after reopening = %s, want 8h", got)
	}
	eq(t, "limit after reopening (already late)", tk.ResolutionDue, mad(2026, 11, 12, 9, 0))

	// Local holidays: San Jorge (23/04/2024) counts as non-working in Cáceres.
	sj := &helpdesk.Ticket{CreatedAt: mad(2024, 4, 22, 14, 0), State: helpdesk.StateNew}
	sj.StartSLA(60, 120, sj.CreatedAt)
	eq(t, "over San Jorge", sj.ResolutionDue, mad(2024, 4, 24, 9, 0))

	// The December bridge of 2026: Monday 7 and Tuesday 8 are holidays.
	br := &helpdesk.Ticket{CreatedAt: mad(2026, 12, 4, 14, 30), State: helpdesk.StateNew}
	br.StartSLA(60, 7*60, br.CreatedAt)
	eq(t, "response over the bridge", br.ResponseDue, mad(2026, 12, 9, 8, 30))
	eq(t, "resolution over the bridge", br.ResolutionDue, mad(2026, 12, 9, 14, 30))

	// Standing of an open ticket: its response late while unanswered, then
	// near its resolution limit, then past it (text, not colour).
	if s := br.SLAState(mad(2026, 12, 9, 9, 0)); s != "vencida" {
		t.Errorf("unanswered past the response limit: %q", s)
	}
	br.Responded(mad(2026, 12, 9, 9, 15))
	if s := br.SLAState(mad(2026, 12, 9, 13, 0)); s != "proxima" {
		t.Errorf("1h30 before the limit: %q, want proxima", s)
	}
	if l := br.SLALabel(mad(2026, 12, 9, 16, 0)); l != "‼ Vencida" {
		t.Errorf("past the limit: %q", l)
	}
	if s := br.SLAState(mad(2026, 12, 4, 14, 40)); s != "en_plazo" && s != "proxima" {
		t.Errorf("just opened: %q", s)
	}
	// Across the autumn DST change (Sunday 25/10/2026): Friday 14:00 + 2 h = Monday 9:00 CET.
	dst := &helpdesk.Ticket{CreatedAt: mad(2026, 10, 23, 14, 0), State: helpdesk.StateNew}
	dst.StartSLA(120, 120, dst.CreatedAt)
	eq(t, "over the DST change", dst.ResponseDue, mad(2026, 10, 26, 9, 0))
}
