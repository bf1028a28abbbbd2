package jobs

import (
	"context"
	"time"
)

// Every runs fn every interval (first after one interval) until the runner
// stops: periodic maintenance with no page of its own. Failures are logged
// and counted in the metrics under kind.
func (r *Runner) Every(kind string, interval time.Duration, fn func(ctx context.Context) error) {
	r.tasks.Add(1)
	go func() {
		defer r.tasks.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-r.ctx.Done():
				return
			case <-t.C:
			}
			state := Done
			if err := fn(r.ctx); err != nil && r.ctx.Err() == nil {
				state = Failed
				r.log.Warn("tarea periódica fallida", "kind", kind, "error", err)
			}
			r.stats.finished(kind, state)
		}
	}()
}
