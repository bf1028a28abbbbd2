package jobs

import (
	"fmt"
	"io"
	"sort"
	"sync"
)

// stats counts jobs for the metrics.
type stats struct {
	mu          sync.Mutex
	inFlight    int64
	byKindState map[[2]string]int64
}

func (s *stats) running(delta int64) {
	s.mu.Lock()
	s.inFlight += delta
	s.mu.Unlock()
}

func (s *stats) finished(kind, state string) {
	s.mu.Lock()
	s.byKindState[[2]string{kind, state}]++
	s.mu.Unlock()
}

// WriteMetrics writes the jobs' Prometheus metrics: jobs running now and
// jobs finished since start by kind and final state.
func (r *Runner) WriteMetrics(w io.Writer) {
	r.stats.mu.Lock()
	defer r.stats.mu.Unlock()
	fmt.Fprintf(w, "# HELP concejo_jobs_running Trabajos en segundo plano en curso.\n# TYPE concejo_jobs_running gauge\nconcejo_jobs_running %d\n",
		r.stats.inFlight)
	keys := make([][2]string, 0, len(r.stats.byKindState))
	for k := range r.stats.byKindState {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	fmt.Fprintln(w, "# HELP concejo_jobs_finished_total Trabajos terminados desde el arranque, por tipo y estado final.")
	fmt.Fprintln(w, "# TYPE concejo_jobs_finished_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "concejo_jobs_finished_total{kind=%q,state=%q} %d\n", k[0], k[1], r.stats.byKindState[k])
	}
}
