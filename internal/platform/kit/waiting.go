package kit

import (
	"context"
	"fmt"

	"concejo/internal/platform/auth"
)

// Waiting is work that waits for a person, as his home lists it: what it
// is, how many, and where to do it.
type Waiting struct {
	Label string
	Count int
	Href  string
}

// NewWaiting is n things waiting at href, told with one when n is 1 and
// with many (a format with one %d for n) otherwise.
func NewWaiting(n int, href, one, many string) Waiting {
	label := one
	if n != 1 {
		label = fmt.Sprintf(many, n)
	}
	return Waiting{Label: label, Count: n, Href: href}
}

// WaitingFunc says what of a module waits for the actor in his current
// entity (nothing when he may not do that work there).
type WaitingFunc func(ctx context.Context, a *auth.Actor) ([]Waiting, error)

// AddWaiting registers what a module has waiting for people (at Register).
func (k *Kit) AddWaiting(f WaitingFunc) { k.waiting = append(k.waiting, f) }

// WaitingFor collects what waits for the actor, module by module in the
// order they registered, leaving out what counts nothing.
func (k *Kit) WaitingFor(ctx context.Context, a *auth.Actor) ([]Waiting, error) {
	var out []Waiting
	for _, f := range k.waiting {
		ws, err := f(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			if w.Count > 0 {
				out = append(out, w)
			}
		}
	}
	return out, nil
}
