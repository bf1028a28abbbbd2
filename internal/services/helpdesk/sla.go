package helpdesk

import (
	"time"

	"concejo/internal/platform/workcal"
)

// The SLA clock of a ticket counts working time on the Diputación's
// calendar (workcal) from its creation, minus the working time it spent
// waiting for the user (pendiente) or resolved before being reopened. Its
// limits (SLAResponseMin, SLAResolutionMin) are fixed from its service and
// priority when it is opened, whatever the channel, and recomputed only when
// support reclassifies it.

var calendar = workcal.Diputacion()

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }

// StartSLA sets the limits of a new ticket created at now.
func (t *Ticket) StartSLA(resp, resol int, now time.Time) {
	t.SLAResponseMin, t.SLAResolutionMin = resp, resol
	t.ResponseDue = calendar.AddWorkingHours(t.CreatedAt, minutes(resp))
	t.ResolutionDue = calendar.AddWorkingHours(t.CreatedAt, minutes(resol))
	if t.State == StateWaiting {
		t.PausedSince, t.ResolutionDue = now, time.Time{}
	}
}

// WorkedTime is the working time the ticket has run on its SLA clock at now.
func (t *Ticket) WorkedTime(now time.Time) time.Duration {
	end := now
	if !t.ResolvedAt.IsZero() {
		end = t.ResolvedAt
	}
	d := calendar.WorkingTime(t.CreatedAt, end) - minutes(int(t.PausedWorkMin))
	if !t.PausedSince.IsZero() && t.PausedSince.Before(end) {
		d -= calendar.WorkingTime(t.PausedSince, end)
	}
	return max(d, 0)
}

// Pause stops the clock (the ticket waits for the user).
func (t *Ticket) Pause(now time.Time) {
	if t.PausedSince.IsZero() {
		t.PausedSince = now
	}
	t.ResolutionDue = time.Time{}
}

// Resume restarts a paused clock at now and moves the resolution limit by
// the working time spent waiting.
func (t *Ticket) Resume(now time.Time) {
	if !t.PausedSince.IsZero() {
		t.PausedWorkMin += int64(calendar.WorkingTime(t.PausedSince, now) / time.Minute)
		t.PausedSince = time.Time{}
	}
	t.ResolutionDue = calendar.AddWorkingHours(now, minutes(t.SLAResolutionMin)-t.WorkedTime(now))
}

// Responded records the first public answer of support at now.
func (t *Ticket) Responded(now time.Time) {
	if !t.FirstResponseAt.IsZero() {
		return
	}
	t.FirstResponseAt = now
	t.ResponseWorkMin, t.HasResponseWork = int64(calendar.WorkingTime(t.CreatedAt, now)/time.Minute), true
}

// Resolve stops the clock for good at now and records the resolution time.
func (t *Ticket) Resolve(now time.Time) {
	if !t.PausedSince.IsZero() {
		t.Resume(now)
	}
	t.ResolvedAt = now
	t.ResolutionWorkMin, t.HasResolutionWork = int64(t.WorkedTime(now)/time.Minute), true
}

// Reopen restarts the clock of a resolved ticket: the time it stayed
// resolved does not count.
func (t *Ticket) Reopen(now time.Time) {
	if !t.ResolvedAt.IsZero() {
		t.PausedSince = t.ResolvedAt
		t.ResolvedAt = time.Time{}
	}
	t.HasResolutionWork, t.ResolutionWorkMin = false, 0
	t.Closed = time.Time{}
	t.Resume(now)
}

// Reclassify applies new limits (service or priority changed) at now.
func (t *Ticket) Reclassify(resp, resol int, now time.Time) {
	t.SLAResponseMin, t.SLAResolutionMin = resp, resol
	t.ResponseDue = calendar.AddWorkingHours(t.CreatedAt, minutes(resp))
	if t.PausedSince.IsZero() && t.ResolvedAt.IsZero() {
		t.ResolutionDue = calendar.AddWorkingHours(now, minutes(resol)-t.WorkedTime(now))
	}
}
