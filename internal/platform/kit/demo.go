package kit

import (
	"math/rand/v2"
	"time"
)

// DemoOptions tell a module's demo loader (its LoadDemo, which the app runs
// after the province demo has written entities, users and adhesions) when
// the load happens and how much to write. The app builds them from the demo
// command's options; they live here, beside the rest of what a module
// receives from the app, so that no module imports the province demo.
type DemoOptions struct {
	// Now is the moment of the load; zero means the system clock. Read it with At.
	Now time.Time
	// Full asks for the real province scale (the whole padrón, years of
	// tickets...). Tests leave it false and get a small, fast sample of the
	// same shape.
	Full bool
	// Progress, when set, hears how far a long loader has got (done of
	// total units: towns, years...); read it through Report.
	Progress func(done, total int64)
}

// Report tells Progress that done of total units are loaded (nothing
// when no one listens).
func (o DemoOptions) Report(done, total int64) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// At is the moment of the load in UTC: Now, or the system clock when Now is zero.
func (o DemoOptions) At() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now.UTC()
}

// Weighted draws an element of list (not empty) with a chance proportional
// to its weight, for demo data; the same draws give the same elements.
func Weighted[T any](r *rand.Rand, list []T, weight func(T) int) T {
	total := 0
	for _, e := range list {
		total += weight(e)
	}
	n := r.IntN(total)
	for _, e := range list {
		if n < weight(e) {
			return e
		}
		n -= weight(e)
	}
	return list[0]
}
